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
  /** Projector sockets per session on this node. */
  readonly maxProjectors: number;
  readonly limits: AddressLimits;
  readonly socketRate: SocketRateOptions;
  readonly metrics: Metrics;
  readonly clientAddress: (socket: IoSocket) => string;
  /** Sockets (tabs) of one student in one session on this node. */
  readonly maxTabsPerStudent: number;
  /** Refuse new connections (during shutdown). */
  readonly accepting: () => boolean;
}

/** Tabs a student may hold past the cap through connection state recovery (a tab in use is not dropped for a brief overlap). */
const RECOVERED_TAB_MARGIN = 1;
/** Projector screens a session may hold past the cap through connection state recovery. */
const RECOVERED_PROJECTOR_MARGIN = 2;

export function attachRealtime(io: IoServer, options: RealtimeOptions): void {
  const admitted = new WeakMap<IoSocket, { resumeToken?: string }>();
  const guards = new WeakMap<IoSocket, SocketRateGuard>();
  const { metrics, logger } = options;
  /**
   * This node's projector sockets per session and sockets (tabs) per student, keyed by
   * "<code>" and "<code> <studentId>". A slot is taken when the handshake is admitted (so
   * concurrent handshakes cannot all slip under the cap) and freed when the socket goes.
   */
  const projectors = new Map<string, Set<IoSocket>>();
  const tabs = new Map<string, Set<IoSocket>>();
  const tabKey = (code: string, studentId: string): string => `${code} ${studentId}`;

  /** The capped slots a socket needs, by role: a projector screen of its session, or a tab of its student. */
  const slotOf = (socket: IoSocket): { slots: Map<string, Set<IoSocket>>; key: string; cap: number; recoveredMargin: number } | null => {
    const data = socket.data;
    if (data.role === 'projector') return { slots: projectors, key: data.code, cap: options.maxProjectors, recoveredMargin: RECOVERED_PROJECTOR_MARGIN };
    if (data.role === 'student') return { slots: tabs, key: tabKey(data.code, data.studentId), cap: options.maxTabsPerStudent, recoveredMargin: RECOVERED_TAB_MARGIN };
    return null;
  };

  /** Holds a slot for the socket unless `limit` are held already; true when it holds one (or already did). */
  const takeSlot = (slots: Map<string, Set<IoSocket>>, key: string, socket: IoSocket, limit: number): boolean => {
    let held = slots.get(key);
    if (held?.has(socket)) return true;
    if ((held?.size ?? 0) >= limit) return false;
    // Gone before its handshake finished: socket.io drops it without a 'disconnect'.
    if (socket.conn.readyState === 'closed') return true;
    if (!held) slots.set(key, (held = new Set()));
    held.add(socket);
    const release = (): void => {
      socket.off('disconnect', release);
      socket.conn.off('close', release);
      const set = slots.get(key);
      if (!set?.delete(socket)) return;
      if (set.size === 0) slots.delete(key);
    };
    socket.once('disconnect', release);
    // A socket whose connection closes before it is connected never gets 'disconnect'.
    socket.conn.once('close', release);
    return true;
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
        const slot = slotOf(socket);
        if (slot && !takeSlot(slot.slots, slot.key, socket, slot.cap)) {
          // A student's tabs: one resume token could otherwise open any number of sockets, each
          // re-sent the student's state on every answer (quadratic). rate-limited, a refusal the
          // client retries after a pause: a phone whose dropped connections the server has not
          // noticed yet (up to the ping timeout) gets in once they time out, and keeps its seat.
          return refuse(
            socket.data.role === 'projector'
              ? new HandshakeError('session-full', `this session already has ${slot.cap} projector screens open; close one and try again`)
              : new HandshakeError('rate-limited', `you already have ${slot.cap} tabs open in this session; close one (this one keeps trying)`),
          );
        }
        admitted.set(socket, result.resumeToken !== undefined ? { resumeToken: result.resumeToken } : {});
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
    // A socket restored by connection state recovery skipped the handshake: it gets its slot back
    // even past the cap (someone may have taken it meanwhile; a screen or tab in use is not dropped
    // for a brief cut), but only by a small margin, so drop-and-recover cycles cannot grow the count
    // without bound. Beyond it the socket is closed (a tab comes back through a handshake).
    const slot = socket.recovered ? slotOf(socket) : null;
    if (slot && !takeSlot(slot.slots, slot.key, socket, slot.cap + slot.recoveredMargin)) {
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
