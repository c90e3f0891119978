/** socket.io wiring: handshake admission, then command handlers and fan-out per session. */
import type { Logger } from 'pino';
import type { SessionRegistry } from '../sessions/session-registry.js';
import { registerCommandHandlers, type HandlerHooks } from './command-handlers.js';
import { admit, HandshakeError } from './handshake.js';
import type { IoServer, IoSocket } from './types.js';

export interface RealtimeOptions {
  readonly registry: SessionRegistry;
  readonly logger: Logger;
  readonly maxStudents: number;
  readonly hooks?: HandlerHooks;
  /** Refuse new connections (during shutdown). */
  readonly accepting: () => boolean;
}

export function attachRealtime(io: IoServer, options: RealtimeOptions): void {
  const admitted = new WeakMap<IoSocket, { resumeToken?: string }>();

  io.use((socket, next) => {
    if (!options.accepting()) return next(new HandshakeError('shutting-down', 'the server is restarting; reconnecting shortly'));
    admit(socket, options.registry, options.maxStudents).then(
      (result) => {
        admitted.set(socket, result.resumeToken !== undefined ? { resumeToken: result.resumeToken } : {});
        next();
      },
      (error: unknown) => {
        if (error instanceof HandshakeError) return next(error);
        options.logger.error({ err: error }, 'handshake failed');
        next(new HandshakeError('unavailable', 'the server could not admit you right now; try again'));
      },
    );
  });

  io.on('connection', (socket) => {
    const host = options.registry.peek(socket.data.code);
    if (!host) {
      socket.disconnect(true);
      return;
    }
    registerCommandHandlers(socket, host, options.hooks);
    host.attach(socket, admitted.get(socket)?.resumeToken);
  });
}
