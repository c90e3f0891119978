// A reveal reaches each websocket student in one TCP write (the shared step and their grade
// together), in order, and leaves every socket able to send afterwards. Observed on the real
// server's own TCP sockets: each write handed to the kernel is counted with the bytes it carried.
import { readFileSync } from 'node:fs';
import { Socket as TcpSocketClass, type Socket as TcpSocket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/app.js';
import type { IoSocket } from '../../server/realtime/types.js';
import { withHeldWrites } from '../../server/realtime/write-batch.js';
import { createSession, join, startTestServer, wait, type Participant } from '../support/server.js';

let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

/** Every write the server's TCP socket for this student hands to the kernel, as text. */
function recordWrites(studentId: string): string[] {
  const socket = [...server.io.of('/').sockets.values()].find((s) => s.data.role === 'student' && s.data.studentId === studentId);
  if (!socket) throw new Error(`no server socket for ${studentId}`);
  const tcp = (socket.conn.transport as unknown as { socket: { _socket: TcpSocket } }).socket._socket;
  const writes: string[] = [];
  const internals = tcp as unknown as {
    _write(chunk: Buffer, enc: string, cb: () => void): void;
    _writev(chunks: Array<{ chunk: Buffer }>, cb: () => void): void;
  };
  const write = internals._write.bind(tcp);
  const writev = internals._writev.bind(tcp);
  internals._write = (chunk, enc, cb) => {
    writes.push(Buffer.from(chunk).toString('latin1'));
    write(chunk, enc, cb);
  };
  internals._writev = (chunks, cb) => {
    writes.push(chunks.map((c) => Buffer.from(c.chunk).toString('latin1')).join(''));
    writev(chunks, cb);
  };
  return writes;
}

function studentId(p: Participant): string {
  return p.you.id;
}

describe('the reveal fan-out', () => {
  it('writes the step and the grade to a websocket student at once, and polling students still get both', async () => {
    const created = await createSession(server.url, {});
    const instructor = await join(server.url, { code: created.code, role: 'instructor', token: created.instructorToken });
    const ws = await join(server.url, { code: created.code, role: 'student', name: 'Ana' });
    const polling = await join(server.url, { code: created.code, role: 'student', name: 'Ben' }, { transports: ['polling'] });
    expect((await instructor.send('round:open', {})).ok).toBe(true);
    for (const s of [ws, polling]) {
      await s.untilState((st) => st.session.phase === 'open', 'round open');
      expect((await s.send('answer:submit', { round: 1, next: { w3: 0.33, w4: 0.62, b3: -0.02 } })).ok).toBe(true);
    }
    await wait(50);
    const writes = recordWrites(studentId(ws));

    const order: string[] = [];
    ws.socket.on('round:revealed', () => order.push('revealed'));
    ws.socket.on('answer:graded', () => order.push('graded'));
    expect((await instructor.send('round:reveal', {})).ok).toBe(true);
    await ws.until(() => ws.graded.length === 1 && ws.revealed.length === 1, 'both reveal messages');
    await polling.until(() => polling.graded.length === 1 && polling.revealed.length === 1, 'both reveal messages over polling');

    expect(order).toEqual(['revealed', 'graded']);
    const carrying = writes.filter((w) => w.includes('"round:revealed"') || w.includes('"answer:graded"'));
    expect(carrying).toHaveLength(1);
    expect(carrying[0]).toContain('"round:revealed"');
    expect(carrying[0]).toContain('"answer:graded"');
    expect(carrying[0]!.indexOf('"round:revealed"')).toBeLessThan(carrying[0]!.indexOf('"answer:graded"'));

    // Writes flow again afterwards: the next round reaches both students.
    expect((await instructor.send('round:advance', {})).ok).toBe(true);
    for (const s of [ws, polling]) await s.untilState((st) => st.session.phase === 'open' && st.session.round?.number === 2, 'round 2 open');
    for (const s of [instructor, ws, polling]) s.close();
  });

  it('releases what was emitted even when the work throws, and the socket keeps working', async () => {
    const created = await createSession(server.url, {});
    const student = await join(server.url, { code: created.code, role: 'student', name: 'Chloé' });
    const id = studentId(student);
    const socket = [...server.io.of('/').sockets.values()].find((s) => s.data.role === 'student' && s.data.studentId === id) as IoSocket;
    const received: string[] = [];
    student.socket.on('session:removed', (p) => received.push(p.message));

    expect(() =>
      withHeldWrites([socket], () => {
        socket.emit('session:removed', { message: 'first' });
        socket.emit('session:removed', { message: 'second' });
        throw new Error('boom');
      }),
    ).toThrow('boom');
    await student.until(() => received.length === 2, 'both held messages');
    socket.emit('session:removed', { message: 'after' });
    await student.until(() => received.length === 3, 'a message sent after the release');
    expect(received).toEqual(['first', 'second', 'after']);
    student.close();
  });
});

describe('the engine.io internals the write batch relies on', () => {
  it('are the ones it was written against: an upgrade that moves them fails here by name', async () => {
    // The exact version package.json pins (an upgrade is a choice, made with this test).
    const pinned = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { dependencies: Record<string, string> }).dependencies['engine.io'];
    const installed = (JSON.parse(readFileSync(new URL('../../node_modules/engine.io/package.json', import.meta.url), 'utf8')) as { version: string }).version;
    expect(pinned, 'engine.io is pinned to an exact version').toMatch(/^\d+\.\d+\.\d+$/);
    expect(installed).toBe(pinned);

    const created = await createSession(server.url, {});
    const student = await join(server.url, { code: created.code, role: 'student', name: 'Dana' });
    const id = studentId(student);
    const socket = [...server.io.of('/').sockets.values()].find((s) => s.data.role === 'student' && s.data.studentId === id) as IoSocket;
    const conn = socket.conn as unknown as { transport: { name: string; writable: unknown; socket?: { _socket?: unknown } }; writeBuffer: unknown[]; flush: unknown };
    expect(conn.transport.name).toBe('websocket');
    // `transport.writable` is what engine.io's Socket.flush() checks before it writes the buffer.
    expect(typeof conn.transport.writable).toBe('boolean');
    expect(typeof conn.flush).toBe('function');
    expect(Array.isArray(conn.writeBuffer)).toBe(true);
    // The websocket's TCP socket, corked around the flush.
    expect(conn.transport.socket?._socket).toBeInstanceOf(TcpSocketClass);
    // Held: emitted packets wait in the connection's buffer instead of being written.
    const received: string[] = [];
    student.socket.on('session:removed', (p) => received.push(p.message));
    withHeldWrites([socket], () => {
      socket.emit('session:removed', { message: 'held' });
      expect(conn.writeBuffer.length).toBeGreaterThan(0);
    });
    expect(conn.writeBuffer).toHaveLength(0);
    await student.until(() => received.length === 1, 'the held message');
    student.close();
  });
});
