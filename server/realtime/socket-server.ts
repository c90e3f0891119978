/** socket.io wiring: handshake admission, then rate limits, command handlers and fan-out per session. */
import type { FreshCredentials } from '../../shared/session/views.js';
import type { Logger } from 'pino';
import type { ProtocolError } from '../../shared/protocol/errors.js';
import type { Metrics } from '../observability/metrics.js';
import { SocketRateGuard, type AddressLimits, type SocketRateOptions } from '../security/rate-limits.js';
import type { SessionRegistry } from '../sessions/session-registry.js';
import { registerCommandHandlers } from './command-handlers.js';
import { admit, HandshakeError, holdsProjectorKey } from './handshake.js';
import { closeWithNotice, type IoServer, type IoSocket } from './types.js';

export interface RealtimeOptions {
  readonly registry: SessionRegistry;
  readonly logger: Logger;
  readonly maxStudents: number;
  /** Projector sockets per session on this node. */
  readonly maxProjectors: number;
  readonly limits: AddressLimits;
  readonly socketRate: SocketRateOptions;
  /** Each student's answer budget (token bucket), kept with the session, not the socket. */
  readonly answerRate: { readonly perSecond: number; readonly burst: number };
  readonly metrics: Metrics;
  readonly clientAddress: (socket: IoSocket) => string;
  /** Sockets (tabs) of one student in one session on this node. */
  readonly maxTabsPerStudent: number;
  /** Refuse new connections (during shutdown). */
  readonly accepting: () => boolean;
}

/**
 * engine.io's heartbeat (ms), given to the socket.io server. The server pings every
 * `pingInterval` and closes a connection whose pong does not come within `pingTimeout`; a client
 * closes one whose next ping does not come within both. So a connection that died silently (a
 * phone's network that forgot it, a laptop that left the room) is noticed by both ends within
 * 20 s, not engine.io's default 45 s: a phone that was left alone reconnects, and the server
 * frees the seat's tab slot, in time for the next round. The pings (a few bytes each way every
 * 10 s) also keep NAT and firewall mappings warm. A pong may be late by 10 s (a phone busy
 * drawing a reveal, a crowded classroom Wi-Fi) before the server gives up. docs/operations.md.
 */
export const HEARTBEAT = { pingInterval: 10_000, pingTimeout: 10_000 } as const;

/** Tabs a student may hold past the cap through connection state recovery (a tab in use is not dropped for a brief overlap). */
const RECOVERED_TAB_MARGIN = 1;
/** Projector screens a session may hold past the cap through connection state recovery. */
const RECOVERED_PROJECTOR_MARGIN = 2;

export function attachRealtime(io: IoServer, options: RealtimeOptions): void {
  const admitted = new WeakMap<IoSocket, FreshCredentials>();
  const guards = new WeakMap<IoSocket, SocketRateGuard>();
  const { metrics, logger } = options;
  /** A socket's cap: projector screens per session, or tabs per student; with the margin a recovered socket gets. */
  const capOf = (socket: IoSocket, recovered: boolean): number => {
    if (socket.data.role === 'projector') return options.maxProjectors + (recovered ? RECOVERED_PROJECTOR_MARGIN : 0);
    return options.maxTabsPerStudent + (recovered ? RECOVERED_TAB_MARGIN : 0);
  };

  io.use((socket, next) => {
    if (!options.accepting()) return next(new HandshakeError('shutting-down', 'the server is restarting; reconnecting shortly'));
    const address = options.clientAddress(socket);
    const refuse = (error: HandshakeError): void => {
      metrics.rejected.inc({ reason: error.data.code, event: 'handshake' });
      logger.debug({ address, code: error.data.code }, 'handshake refused');
      next(error);
    };
    admit(socket, { registry: options.registry, maxStudents: options.maxStudents, limits: options.limits, address }).then(
      (result) => {
        // The slot is held in the session's record of this node's sockets (SessionAudience).
        if (!result.host.audience.takeSlot(socket, capOf(socket, false))) {
          // A student's tabs: one resume token could otherwise open any number of sockets, each
          // re-sent the student's state on every answer (quadratic). rate-limited, a refusal the
          // client retries after a pause: a phone whose dropped connections the server has not
          // noticed yet (up to the ping timeout) gets in once they time out, and keeps its seat.
          return refuse(
            socket.data.role === 'projector'
              ? new HandshakeError('session-full', `this session already has ${options.maxProjectors} projector screens open; close one and try again`)
              : new HandshakeError('rate-limited', `you already have ${options.maxTabsPerStudent} tabs open in this session; close one (this one keeps trying)`),
          );
        }
        if (result.fresh) admitted.set(socket, result.fresh);
        next();
      },
      (error: unknown) => {
        if (error instanceof HandshakeError) return refuse(error);
        logger.error({ err: error }, 'handshake failed');
        next(new HandshakeError('unavailable', 'the server could not admit you right now; try again'));
      },
    );
  });

  const rateLimited: ProtocolError = { code: 'rate-limited', message: 'too many events: slow down' };
  const shuttingDown: ProtocolError = { code: 'shutting-down', message: 'the server is restarting; send it again once reconnected' };
  const answersLimited: ProtocolError = { code: 'rate-limited', message: `too many answers: at most ${options.answerRate.perSecond} per second; wait a moment and send again` };
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
    if (socket.data.role === 'projector') {
      // A recovered screen skipped the key check, and the link may have been replaced since this
      // one proved its key (on another node, or between the handshake and now): check it again.
      await host.readStore();
      if (!holdsProjectorKey(socket.data.keyHash, host.state)) {
        closeWithNotice(socket, 'session:removed', 'This projector link was replaced: open the projector again from the dashboard.');
        return;
      }
    }
    // A socket restored by connection state recovery skipped the handshake: it gets its slot back
    // even past the cap (someone may have taken it meanwhile; a screen or tab in use is not dropped
    // for a brief cut), but only by a small margin, so drop-and-recover cycles cannot grow the count
    // without bound. Beyond it the socket is closed (a tab comes back through a handshake).
    if (socket.recovered && !host.audience.takeSlot(socket, capOf(socket, true))) {
      socket.disconnect(true);
      return;
    }
    guards.set(socket, new SocketRateGuard(options.socketRate));
    registerCommandHandlers(socket, host, {
      admit: (s) => {
        // Stopping: every event still gets its answer, at once, until the connection closes.
        if (!options.accepting()) return shuttingDown;
        const verdict = guards.get(s)!.check();
        if (verdict === 'allow') return null;
        if (verdict === 'disconnect') {
          logger.warn({ session: s.data.code, role: s.data.role }, 'socket cut off for flooding');
          // After this event's refusal has been written.
          setImmediate(() => s.disconnect(true));
        }
        return rateLimited;
      },
      // A valid answer is also charged to its student: a reconnect or another tab does not refill the budget.
      charge: (s, event) => (event !== 'answer:submit' || s.data.role !== 'student' || host.audience.takeAnswer(s.data.studentId, options.answerRate) ? null : answersLimited),
      onRejected: (event, code) => metrics.rejected.inc({ reason: code, event }),
    });
    host.attach(socket, admitted.get(socket));
  }
}
