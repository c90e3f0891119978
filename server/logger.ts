/** Structured logs (pino). Secrets never reach a log line: tokens and keys are redacted by path. */
import { pino, type Logger } from 'pino';

export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'backprop-live' },
    redact: {
      paths: ['token', 'instructorToken', 'resumeToken', 'auth.token', 'auth.resumeToken', 'req.headers.authorization', 'req.headers["x-create-session-key"]', 'headers.authorization'],
      censor: '[redacted]',
    },
  });
}
