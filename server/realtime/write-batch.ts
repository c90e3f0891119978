/**
 * Lets a reveal's two messages per student (the shared step, broadcast once, and the student's own
 * grade) leave in one TCP write. Left alone, engine.io writes the broadcast frame at once and keeps
 * the grade until that write's callback, a tick later: every student's socket is written twice, in
 * two passes over the class, and the last student waits for both passes. While held, a websocket
 * transport reports itself busy, so engine.io queues what is emitted; on release each socket's
 * queue is flushed with its TCP socket corked, so all its frames go out in one writev.
 *
 * Hold and release happen in one synchronous turn (no write callback can run in between), and
 * release runs even if the work throws. Sockets on HTTP long-polling, or already busy writing, are
 * left as they are: engine.io queues for them anyway.
 *
 * These are engine.io internals, so package.json pins engine.io to the exact version this was
 * measured on (an upgrade is a choice); test/server/reveal-writes.test.ts checks each internal
 * used by name (the pinned version installed, `transport.writable` a boolean that holds packets in
 * `writeBuffer`, `flush()`, the websocket's TCP `_socket`), counts the server's writes and fails
 * if they stop being merged.
 */
import type { Socket as TcpSocket } from 'node:net';
import type { IoSocket } from './types.js';

/** The engine.io internals used: the connection's flush and the websocket's TCP socket. */
interface EngineConnection {
  transport: { name: string; writable: boolean; socket?: { _socket?: TcpSocket } };
  flush(): void;
}

/** Runs `emit` with the writes to `sockets` held, then sends each socket's queue in one write. */
export function withHeldWrites<T>(sockets: Iterable<IoSocket>, emit: () => T): T {
  const held: EngineConnection[] = [];
  for (const socket of sockets) {
    const conn = socket.conn as unknown as EngineConnection;
    if (conn.transport.name !== 'websocket' || !conn.transport.writable) continue;
    conn.transport.writable = false;
    held.push(conn);
  }
  try {
    return emit();
  } finally {
    // Every socket is writable again before any flush, so one failing flush cannot leave the rest held.
    for (const conn of held) conn.transport.writable = true;
    for (const conn of held) {
      const tcp = conn.transport.socket?._socket;
      tcp?.cork();
      try {
        conn.flush();
      } finally {
        tcp?.uncork();
      }
    }
  }
}
