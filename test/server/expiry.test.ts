// Expiry of idle sessions against a real SQLite file: a session someone is using is never deleted
// from under its host, however long ago its last event was; idle ones still go.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import pino from 'pino';
import { Server } from 'socket.io';
import { afterEach, describe, expect, it } from 'vitest';
import { startServer } from '../../server/app.js';
import { testConfig } from '../../server/config.js';
import { socketIoBroadcaster, type IoServer } from '../../server/realtime/types.js';
import { SessionRegistry } from '../../server/sessions/session-registry.js';
import { SqliteSessionStore } from '../../server/store/sqlite-store.js';
import { createSession, join, wait } from '../support/server.js';

const tempFile = () => joinPath(mkdtempSync(joinPath(tmpdir(), 'bpl-expiry-')), 'store.db');
const opened: Array<{ close(): unknown }> = [];

afterEach(async () => {
  for (const o of opened.splice(0).reverse()) await o.close();
});

describe('session expiry', () => {
  it('keeps a session whose instructor is connected, however long since its last event', async () => {
    const server = await startServer(testConfig({ dbPath: tempFile(), sessionTtlMs: 300 }));
    opened.push(server);
    const created = await createSession(server.url);
    const instructor = await join(server.url, { code: created.code, role: 'instructor', token: created.instructorToken });
    opened.push(instructor);
    const host = server.registry.peek(created.code)!;
    // The instructor keeps the lobby open without doing anything for longer than the time to live.
    await wait(400);
    expect(Date.now() - host.state.lastActivityAt).toBeGreaterThan(300);
    await server.registry.sweep();
    expect(server.registry.peek(created.code)).toBe(host);
    expect(await server.store.load(created.code)).not.toBeNull();
    // ... and the session still takes commands.
    expect(await instructor.send('round:open', {})).toMatchObject({ ok: true });
    expect((await server.store.load(created.code))!.events.map((e) => e.type)).toEqual(['session-created', 'round-opened']);
  });

  it('deletes idle expired sessions, but not one with a command in flight or one just handed out', async () => {
    const ttl = 2 * 3600 * 1000;
    let clock = 1_700_000_000_000;
    const store = new SqliteSessionStore({ path: tempFile() });
    opened.push(store);
    const registry = new SessionRegistry({ store, broadcaster: socketIoBroadcaster(new Server() as IoServer), logger: pino({ level: 'silent' }), sessionTtlMs: ttl, now: () => clock });
    opened.push(registry);
    const idle = (await registry.create({})).host;
    clock += 1000;
    const busy = (await registry.create({})).host;
    const looked = (await registry.create({})).host;
    clock += ttl + 60_000;

    // A command is queued on `busy` as the sweep starts; `looked` was just looked up (a socket on its way).
    expect(await registry.get(looked.code)).toBe(looked);
    const command = busy.execute({ type: 'open' });
    await registry.sweep();
    expect(await command).toMatchObject({ ok: true });
    expect(await store.load(idle.code)).toBeNull();
    expect(registry.peek(idle.code)).toBeUndefined();
    expect(registry.peek(busy.code)).toBe(busy);
    expect(registry.peek(looked.code)).toBe(looked);
    expect((await store.load(busy.code))!.events.map((e) => e.type)).toEqual(['session-created', 'round-opened']);
    expect(await store.load(looked.code)).not.toBeNull();

    // Once nobody uses them any more, they expire like any other.
    clock += ttl + 60_000;
    await registry.sweep();
    for (const host of [busy, looked]) {
      expect(registry.peek(host.code)).toBeUndefined();
      expect(await store.load(host.code)).toBeNull();
    }
  });

  it('unloads an idle session that keeps no time, and reloads it from the store when looked up', async () => {
    let clock = 1_700_000_000_000;
    const store = new SqliteSessionStore({ path: tempFile() });
    opened.push(store);
    const registry = new SessionRegistry({ store, broadcaster: socketIoBroadcaster(new Server() as IoServer), logger: pino({ level: 'silent' }), sessionTtlMs: 7 * 24 * 3600 * 1000, now: () => clock });
    opened.push(registry);
    const lobby = (await registry.create({})).host;
    const revealed = (await registry.create({})).host;
    const timed = (await registry.create({ settings: { timerSeconds: 3600 } })).host;
    expect(await revealed.execute({ type: 'open' })).toMatchObject({ ok: true });
    expect(await revealed.execute({ type: 'reveal', by: 'instructor' })).toMatchObject({ ok: true });
    expect(await timed.execute({ type: 'open' })).toMatchObject({ ok: true });
    // Half an hour later nobody has looked at any of them.
    clock += 30 * 60 * 1000;
    await registry.sweep();
    expect(registry.peek(lobby.code)).toBeUndefined();
    expect(registry.peek(revealed.code)).toBeUndefined();
    // The open round's timer still has to fire: that host stays.
    expect(registry.peek(timed.code)).toBe(timed);
    // Looked up again, a session comes back from the store as it was.
    const back = (await registry.get(revealed.code))!;
    expect(back).not.toBe(revealed);
    expect(back.state).toEqual(revealed.state);
  });
});

