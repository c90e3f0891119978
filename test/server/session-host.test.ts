// The session host against a real SQLite store shared by two hosts (two nodes in one process),
// with faults injected around the real store: a read that fails, news that never arrives.
import pino from 'pino';
import { Server } from 'socket.io';
import { afterEach, describe, expect, it } from 'vitest';
import type { Coordination } from '../../server/cluster/coordination.js';
import type { IoServer } from '../../server/realtime/types.js';
import { SessionHost } from '../../server/sessions/session-host.js';
import { SessionRegistry } from '../../server/sessions/session-registry.js';
import type { SessionStore } from '../../server/store/session-store.js';
import { SqliteSessionStore } from '../../server/store/sqlite-store.js';
import type { SessionEvent } from '../../shared/session/events.js';
import { replay } from '../../shared/session/evolve.js';
import { Drive } from '../session/fixtures.js';

const logger = pino({ level: 'silent' });
const opened: Array<{ close(): unknown }> = [];

afterEach(async () => {
  // Hosts and registries first, the store last.
  for (const o of opened.splice(0).reverse()) await o.close();
});

/** A real SQLite store whose reads can be made to fail, and which can run a hook after a load. */
class FaultyStore implements SessionStore {
  readonly kind = 'sqlite-with-faults';
  failReads = false;
  afterLoad: (() => Promise<void>) | null = null;
  constructor(readonly inner: SqliteSessionStore) {}
  create(code: string, events: readonly SessionEvent[]) {
    return this.inner.create(code, events);
  }
  append(code: string, version: number, events: readonly SessionEvent[]) {
    return this.inner.append(code, version, events);
  }
  async load(code: string) {
    const events = await this.inner.load(code);
    const hook = this.afterLoad;
    this.afterLoad = null;
    if (hook) await hook();
    return events;
  }
  async eventsSince(code: string, version: number) {
    if (this.failReads) throw new Error('injected: the store cannot be read');
    return this.inner.eventsSince(code, version);
  }
  liveCodes() {
    return this.inner.liveCodes();
  }
  expire(before: number) {
    return this.inner.expire(before);
  }
  close() {
    return this.inner.close();
  }
}

/** Another node whose news (bpl:appended) never reaches this one. */
class SilentPeers implements Coordination {
  readonly nodeId = 'silent';
  readonly shared = true;
  appended(): void {}
  async holdTicker(): Promise<boolean> {
    return true;
  }
  presenceChanged(): void {}
  remoteStudents(): ReadonlySet<string> {
    return new Set();
  }
  async close(): Promise<void> {}
}

/** Not attached to any HTTP server: rooms and emits work, and there is nothing to close. */
function io(): IoServer {
  return new Server() as IoServer;
}

async function twoHosts(coordination: Coordination = new SilentPeers()) {
  const store = new FaultyStore(new SqliteSessionStore({ path: ':memory:' }));
  opened.push(store);
  const d = new Drive();
  d.join('ana');
  expect(await store.create('TESTAB', d.log)).toBe(true);
  const make = () => {
    const host = new SessionHost(replay(d.log), { store, io: io(), logger, coordination });
    opened.push(host);
    return host;
  };
  return { store, a: make(), b: make() };
}

describe('SessionHost', () => {
  it('refuses with "unavailable" when it cannot catch up after a conflict, then recovers, losing nothing', async () => {
    const { store, a, b } = await twoHosts();
    expect((await a.execute({ type: 'open' })).ok).toBe(true);
    // b's append conflicts (a moved the log on) and its catch-up read fails.
    store.failReads = true;
    const refused = await b.execute({ type: 'configure', change: { hints: false } });
    expect(refused).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(b.state.version).toBe(2);
    // The host still works once the store answers again: it catches up and decides against the open round.
    store.failReads = false;
    const answer = await b.execute({ type: 'submit', studentId: 'ana', answers: { next: { w3: 0.33 } } });
    expect(answer.ok).toBe(true);
    const log = (await store.load('TESTAB'))!;
    expect(log.map((e) => e.type)).toEqual(['session-created', 'student-joined', 'round-opened', 'answer-submitted']);
    expect(b.state).toEqual(replay(log));
  });

  it('decides again after catching up when a refusal may come from news it missed', async () => {
    const { store, a, b } = await twoHosts();
    expect((await a.execute({ type: 'open' })).ok).toBe(true);
    // b never heard of the round: its view still says lobby, where answers are refused.
    expect(b.state.phase).toBe('lobby');
    const ack = await b.execute({ type: 'submit', studentId: 'ana', answers: { next: { w3: 0.33 } } });
    expect(ack.ok).toBe(true);
    expect(b.state.phase).toBe('open');
    expect(b.state.round!.answers.get('ana')!.answers).toEqual({ next: { w3: 0.33 } });
    // A refusal that stands after catching up is still a refusal, and changes nothing.
    const before = (await store.load('TESTAB'))!.length;
    expect(await b.execute({ type: 'advance', open: true })).toMatchObject({ ok: false, error: { code: 'wrong-phase' } });
    expect((await store.load('TESTAB'))!.length).toBe(before);
  });

  it('loads a session and then takes in what another node stored while it was reading', async () => {
    const store = new FaultyStore(new SqliteSessionStore({ path: ':memory:' }));
    opened.push(store);
    const options = { store, io: io(), logger, sessionTtlMs: 3_600_000, coordination: new SilentPeers() };
    const first = new SessionRegistry(options);
    const second = new SessionRegistry({ ...options, io: io() });
    opened.push(first, second);
    const { host } = await first.create({});
    // While the second node reads the log, the first one opens a round (its news is lost).
    store.afterLoad = async () => {
      expect((await host.execute({ type: 'open' })).ok).toBe(true);
    };
    const loaded = (await second.get(host.code))!;
    expect(loaded.state.phase).toBe('lobby');
    await expect.poll(() => loaded.state.phase).toBe('open');
    expect(loaded.state).toEqual(host.state);
  });
});
