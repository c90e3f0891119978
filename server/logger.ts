/**
 * Structured logs (pino). Secrets never reach a log line: tokens, keys and seat codes are redacted
 * by path. On a terminal the lines are made readable (pino-pretty: time, level, message, the few
 * fields that matter); anywhere else (a file, a log collector, Docker) they stay JSON, one per line.
 * LOG_FORMAT=json or pretty forces either.
 */
import { pino, type DestinationStream, type Logger } from 'pino';
import pretty from 'pino-pretty';

export type LogFormat = 'json' | 'pretty';

/** JSON unless standard output is a terminal (or `LOG_FORMAT` says otherwise). */
export function defaultLogFormat(env: NodeJS.ProcessEnv = process.env, isTTY = process.stdout.isTTY === true): LogFormat {
  if (env.LOG_FORMAT === 'json' || env.LOG_FORMAT === 'pretty') return env.LOG_FORMAT;
  return isTTY ? 'pretty' : 'json';
}

/** `destination`: where the lines go (standard output by default; tests read them). */
export function createLogger(level: string, destination?: DestinationStream, format: LogFormat = defaultLogFormat()): Logger {
  const options = {
    level,
    base: { service: 'backprop-live' },
    redact: {
      paths: ['token', 'instructorToken', 'resumeToken', 'seatCode', 'auth.token', 'auth.resumeToken', 'auth.seat', 'req.headers.authorization', 'req.headers["x-create-session-key"]', 'req.headers.cookie', 'headers.authorization'],
      censor: '[redacted]',
    },
  };
  if (destination) return pino(options, destination);
  if (format === 'json') return pino(options);
  // One short line per event for a person at a terminal: the request line, not every header.
  const stream = pretty({
    colorize: process.stdout.isTTY === true,
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname,service,req,res,responseTime,reqId',
    messageFormat: '{if req.method}{req.method} {req.url} {res.statusCode} {responseTime} ms {end}{msg}',
    singleLine: true,
    sync: true,
  });
  return pino(options, stream);
}
