// Connection state recovery (on with Redis) skips the handshake, so a projector that comes back
// that way is given its screen back even past MAX_PROJECTORS_PER_SESSION: a screen in use is
// not dropped for a brief network cut. Dropping every screen, opening new ones and recovering the
// old ones must not grow the count without bound: past the cap plus a small margin, a recovered
// screen is closed. A real server on the real Redis; real socket.io-client sockets.
import { describe, expect, it } from 'vitest';
import { io as connect } from 'socket.io-client';
import { startServer, type RunningServer } from '../../server/app.js';
import { testConfig } from '../../server/config.js';
import { REDIS_URL, useRedis } from '../support/redis.js';
import { createSession, wait, type ClientSocket } from '../support/server.js';

const servers: RunningServer[] = [];
const sockets: ClientSocket[] = [];
const { prefix } = useRedis('recovered', async () => {
  for (const s of sockets) s.close();
  for (const s of servers) await s.close();
});

/** The server's connected projector sockets of a session. */
function projectorsOn(server: RunningServer, code: string): number {
  let n = 0;
  for (const s of server.io.of('/').sockets.values()) if (s.connected && s.data.role === 'projector' && s.data.code === code) n++;
  return n;
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (check()) return;
    await wait(25);
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('projector screens restored by connection state recovery', () => {
  it('get their slot back within a margin over the cap, and no further', async () => {
    const cap = 1;
    const server = await startServer(testConfig({ redisUrl: REDIS_URL, redisPrefix: prefix, maxProjectorsPerSession: cap }));
    servers.push(server);
    const created = await createSession(server.url);

    /** A projector that reconnects only when told to (so the test decides when it recovers). */
    const open = async (): Promise<ClientSocket> => {
      const socket: ClientSocket = connect(server.url, { auth: { code: created.code, role: 'projector', key: created.projectorKey }, forceNew: true, transports: ['websocket'], reconnection: false });
      sockets.push(socket);
      await new Promise<void>((resolve, reject) => {
        socket.once('session:state', () => resolve());
        socket.once('connect_error', reject);
      });
      return socket;
    };
    const cut = async (socket: ClientSocket): Promise<void> => {
      socket.io.engine.close();
      await until(() => !socket.connected, 'the cut seen by the client');
    };
    /** Comes back with its recovery id; resolves whether the server kept it. */
    const recover = async (socket: ClientSocket): Promise<boolean> => {
      const back = new Promise<void>((resolve) => socket.once('connect', () => resolve()));
      socket.connect();
      await back;
      expect(socket.recovered).toBe(true);
      // A recovered socket over the limit is closed by the server right after connecting.
      await wait(300);
      return socket.connected;
    };

    const screens = [await open()];
    const kept: boolean[] = [];
    for (let cycle = 0; cycle < 3; cycle++) {
      for (const s of screens.filter((x) => x.connected)) await cut(s);
      await until(() => projectorsOn(server, created.code) === 0, 'every screen gone on the server');
      const fresh = await open();
      for (const s of screens) kept.push(await recover(s));
      screens.push(fresh);
      expect(projectorsOn(server, created.code)).toBeLessThanOrEqual(cap + 2);
    }
    // Cycle 1: one recovered (2 screens); cycle 2: two (3 = cap + margin); cycle 3: the third is closed.
    expect(kept).toEqual([true, true, true, true, true, false]);
    expect(projectorsOn(server, created.code)).toBe(cap + 2);
    // A fresh projector is still refused while the count is over the cap.
    await expect(open()).rejects.toMatchObject({ data: { code: 'session-full' } });
  });

  it('closes a recovered screen whose link was replaced while it was away, and lets the new link in', async () => {
    const server = await startServer(testConfig({ redisUrl: REDIS_URL, redisPrefix: prefix }));
    servers.push(server);
    const created = await createSession(server.url);
    const socket: ClientSocket = connect(server.url, { auth: { code: created.code, role: 'projector', key: created.projectorKey }, forceNew: true, transports: ['websocket'], reconnection: false });
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('session:state', () => resolve());
      socket.once('connect_error', reject);
    });
    const reasons: string[] = [];
    socket.on('disconnect', (reason) => reasons.push(reason));
    // The screen's network drops; meanwhile the instructor makes a new projector link.
    socket.io.engine.close();
    await until(() => !socket.connected, 'the cut seen by the client');
    await until(() => projectorsOn(server, created.code) === 0, 'the cut seen by the server');
    const instructor: ClientSocket = connect(server.url, { auth: { code: created.code, role: 'instructor', token: created.instructorToken }, forceNew: true, transports: ['websocket'], reconnection: false });
    sockets.push(instructor);
    await new Promise<void>((resolve) => instructor.once('session:state', () => resolve()));
    const ack = (await instructor.timeout(5000).emitWithAck('projector:replace', {})) as { ok: boolean; projectorKey: string };
    expect(ack.ok).toBe(true);

    // It comes back by recovery (no handshake, so no key check there), and is closed at once.
    const back = new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.connect();
    await back;
    expect(socket.recovered).toBe(true);
    await until(() => !socket.connected, 'the old screen closed');
    // Closed by the server, so it cannot recover again. (Its notice does not reach a socket in
    // the middle of recovery: the screen shows the link is no longer valid on its next handshake.)
    expect(reasons.at(-1)).toBe('io server disconnect');
    expect(projectorsOn(server, created.code)).toBe(0);
    // The new link works.
    const fresh: ClientSocket = connect(server.url, { auth: { code: created.code, role: 'projector', key: ack.projectorKey }, forceNew: true, transports: ['websocket'], reconnection: false });
    sockets.push(fresh);
    await new Promise<void>((resolve, reject) => {
      fresh.once('session:state', () => resolve());
      fresh.once('connect_error', reject);
    });
    expect(projectorsOn(server, created.code)).toBe(1);
  });
});
