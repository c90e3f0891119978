/** socket.io wiring: handshake admission, then rate limits, command handlers and fan-out per session. */
import type { Logger } from 'pino';
import type { ProtocolError } from '../../shared/protocol/errors.js';
import type { Metrics } from '../observability/metrics.js';
import { SocketRateGuard, type AddressLimits, type SocketRateOptions } from '../security/rate-limits.js';
import type { SessionRegistry } from '../sessions/session-registry.js';
import { registerCommandHandlers } from './command-handlers.js';
import { admit, HandshakeError } from './handshake.js';
import type { IoServer, IoSocket } from './types.js';

export interface RealtimeOptions {
  readonly registry: SessionRegistry;
  readonly logger: Logger;
  readonly maxStudents: number;
  readonly limits: AddressLimits;
  readonly socketRate: SocketRateOptions;
  readonly metrics: Metrics;
  readonly clientAddress: (socket: IoSocket) => string;
  /** Refuse new connections (during shutdown). */
  readonly accepting: () => boolean;
}

export function attachRealtime(io: IoServer, options: RealtimeOptions): void {
  const admitted = new WeakMap<IoSocket, { resumeToken?: string }>();
  const guards = new WeakMap<IoSocket, SocketRateGuard>();
  const { metrics, logger } = options;

  io.use((socket, next) => {
    if (!options.accepting()) return next(new HandshakeError('shutting-down', 'the server is restarting; reconnecting shortly'));
    const address = options.clientAddress(socket);
    admit(socket, { registry: options.registry, maxStudents: options.maxStudents, limits: options.limits, address }).then(
      (result) => {
        admitted.set(socket, result.resumeToken !== undefined ? { resumeToken: result.resumeToken } : {});
        next();
      },
      (error: unknown) => {
        if (error instanceof HandshakeError) {
          metrics.rejected.inc({ reason: error.data.code, event: 'handshake' });
          logger.debug({ address, code: error.data.code }, 'handshake refused');
          return next(error);
        }
        logger.error({ err: error }, 'handshake failed');
        next(new HandshakeError('unavailable', 'the server could not admit you right now; try again'));
      },
    );
  });

  const rateLimited: ProtocolError = { code: 'rate-limited', message: 'too many events: slow down' };
  io.on('connection', (socket) => {
    void connected(socket).catch((err: unknown) => {
      logger.error({ err }, 'connection setup failed');
      socket.disconnect(true);
    });
  });

  async function connected(socket: IoSocket): Promise<void> {
    // A socket recovered by connection state recovery skipped the handshake, possibly on a node
    // that has not loaded its session yet.
    const host = await options.registry.get(socket.data.code);
    if (!host) {
      socket.disconnect(true);
      return;
    }
    if (socket.data.role === 'student' && host.state.students.get(socket.data.studentId)?.removed !== false) {
      socket.emit('session:removed', { message: 'You are no longer part of this session.' });
      socket.disconnect(true);
      return;
    }
    guards.set(socket, new SocketRateGuard(options.socketRate));
    registerCommandHandlers(socket, host, {
      admit: (s) => {
        const verdict = guards.get(s)!.check();
        if (verdict === 'allow') return null;
        if (verdict === 'disconnect') {
          logger.warn({ session: s.data.code, role: s.data.role }, 'socket cut off for flooding');
          // After this event's refusal has been written.
          setImmediate(() => s.disconnect(true));
        }
        return rateLimited;
      },
      onRejected: (event, code) => metrics.rejected.inc({ reason: code, event }),
    });
    host.attach(socket, admitted.get(socket)?.resumeToken);
  }
}
