/** Structured logs (pino). Secrets never reach a log line: tokens and keys are redacted by path. */
import { pino, type DestinationStream, type Logger } from 'pino';

/** `destination`: where the lines go (standard output by default; tests read them). */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: 'backprop-live' },
    redact: {
      paths: ['token', 'instructorToken', 'resumeToken', 'auth.token', 'auth.resumeToken', 'req.headers.authorization', 'req.headers["x-create-session-key"]', 'req.headers.cookie', 'headers.authorization'],
      censor: '[redacted]',
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
