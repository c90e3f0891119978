// The session host against a real SQLite store shared by two hosts (two nodes in one process),
// with faults injected around the real store: a read that fails, news that never arrives.
import pino from 'pino';
import { Server } from 'socket.io';
import { afterEach, describe, expect, it } from 'vitest';
import type { Coordination } from '../../server/cluster/coordination.js';
import { socketIoBroadcaster, type IoServer } from '../../server/realtime/types.js';
import { SessionHost } from '../../server/sessions/session-host.js';
import { SessionRegistry } from '../../server/sessions/session-registry.js';
import type { AppendResult, StoredLog } from '../../server/store/session-store.js';
import { SqliteSessionStore } from '../../server/store/sqlite-store.js';
import type { SessionEvent } from '../../shared/session/events.js';
import { replay } from '../../shared/session/evolve.js';
import { Drive } from '../session/fixtures.js';
import { DelegatingStore } from '../support/stores.js';

const logger = pino({ level: 'silent' });
const opened: Array<{ close(): unknown }> = [];

afterEach(async () => {
  // Hosts and registries first, the store last.
  for (const o of opened.splice(0).reverse()) await o.close();
});

/**
 * A real SQLite store whose reads can be made to fail, whose appends can fail (before writing) or
 * lose their reply (after writing), and which can run a hook after a load or a lost reply's write.
 */
class FaultyStore extends DelegatingStore {
  failReads = false;
  /** How many of the next appends throw without writing anything. */
  failAppends = 0;
  /** How many of the next appends are written and then throw, as if the reply never came. */
  loseReplies = 0;
  appendAttempts = 0;
  afterLoad: (() => Promise<void>) | null = null;
  /** Runs after a lost reply's write, before the error (another node writing meanwhile). */
  afterLostWrite: (() => Promise<void>) | null = null;
  constructor(override readonly inner: SqliteSessionStore) {
    super(inner);
  }
  override async append(code: string, version: number, events: readonly SessionEvent[]): Promise<AppendResult> {
    this.appendAttempts++;
    if (this.failAppends > 0) {
      this.failAppends--;
      throw new Error('injected: the store refused the write');
    }
    const result = await super.append(code, version, events);
    if (this.loseReplies > 0) {
      this.loseReplies--;
      const hook = this.afterLostWrite;
      this.afterLostWrite = null;
      if (hook) await hook();
      throw new Error('injected: the write landed but its reply was lost');
    }
    return result;
  }
  override async load(code: string): Promise<StoredLog | null> {
    const events = await super.load(code);
    const hook = this.afterLoad;
    this.afterLoad = null;
    if (hook) await hook();
    return events;
  }
  override async eventsSince(code: string, version: number): Promise<StoredLog> {
    if (this.failReads) throw new Error('injected: the store cannot be read');
    return super.eventsSince(code, version);
  }
}

/** Another node whose news (bpl:appended) never reaches this one. */
class SilentPeers implements Coordination {
  readonly nodeId = 'silent';
  readonly shared = true;
  appended(_code: string, _version: number): void {}
  async holdTicker(): Promise<boolean> {
    return true;
  }
  presenceChanged(): void {}
  remoteStudents(): ReadonlySet<string> {
    return new Set();
  }
  async close(): Promise<void> {}
}

/** Other nodes that hear this one's news (bpl:appended), delivered in process. */
class ListeningPeers extends SilentPeers {
  readonly announced: Array<[string, number]> = [];
  listeners: Array<(code: string, version: number) => void> = [];
  override appended(code: string, version: number): void {
    this.announced.push([code, version]);
    for (const l of this.listeners) l(code, version);
  }
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
    const host = new SessionHost(replay(d.log), { store, broadcaster: socketIoBroadcaster(io()), logger, coordination });
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
    const log = (await store.load('TESTAB'))!.events;
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
    const before = (await store.load('TESTAB'))!.events.length;
    expect(await b.execute({ type: 'advance', open: true })).toMatchObject({ ok: false, error: { code: 'wrong-phase' } });
    expect((await store.load('TESTAB'))!.events.length).toBe(before);
  });

  it('loads a session and then takes in what another node stored while it was reading', async () => {
    const store = new FaultyStore(new SqliteSessionStore({ path: ':memory:' }));
    opened.push(store);
    const options = { store, broadcaster: socketIoBroadcaster(io()), logger, sessionTtlMs: 3_600_000, coordination: new SilentPeers() };
    const first = new SessionRegistry(options);
    const second = new SessionRegistry({ ...options, broadcaster: socketIoBroadcaster(io()) });
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

  it('keeps trying to reveal a round whose timer ran out while the store failed, until the reveal is stored', async () => {
    const store = new FaultyStore(new SqliteSessionStore({ path: ':memory:' }));
    opened.push(store);
    const d = new Drive();
    d.join('ana');
    d.do({ type: 'configure', change: { timerSeconds: 5 } });
    d.do({ type: 'open' });
    expect(d.state.round!.deadline).toBe(d.now + 5000);
    expect(await store.create('TESTAB', d.log)).toBe(true);
    // The deadline has passed: the timer fires at once, and its reveal fails twice.
    store.failAppends = 2;
    const host = new SessionHost(replay(d.log), { store, broadcaster: socketIoBroadcaster(io()), logger, now: () => d.now + 10_000 });
    opened.push(host);
    await expect.poll(() => host.state.phase, { timeout: 10_000 }).toBe('revealed');
    expect(store.appendAttempts).toBe(3);
    expect(host.state.round).toMatchObject({ number: 1, closedBy: 'timer' });
    const log = (await store.load('TESTAB'))!.events;
    expect(log.filter((e) => e.type === 'round-revealed')).toHaveLength(1);
    expect(host.state).toEqual(replay(log));
  });

  it('treats an append whose reply was lost as stored here: acknowledged, fanned out and announced', async () => {
    const peers = new ListeningPeers();
    const { store, a, b } = await twoHosts(peers);
    peers.listeners.push((code, version) => {
      if (code === b.code && b.state.version < version) b.requestCatchUp();
    });
    const committed: boolean[] = [];
    const c = new SessionHost(a.state, { store, broadcaster: socketIoBroadcaster(io()), logger, coordination: peers, onEvents: (_h, _e, here) => committed.push(here) });
    opened.push(c);
    store.loseReplies = 1;
    const ack = await c.execute({ type: 'open' });
    expect(ack.ok).toBe(true);
    expect(c.state.phase).toBe('open');
    // Counted as this node's own (metrics, fan-out), and the other nodes were told.
    expect(committed).toEqual([true]);
    expect(peers.announced).toEqual([['TESTAB', 3]]);
    await expect.poll(() => b.state.phase).toBe('open');
    const log = (await store.load('TESTAB'))!.events;
    expect(log.filter((e) => e.type === 'round-opened')).toHaveLength(1);
    expect(c.state).toEqual(replay(log));
    expect(b.state).toEqual(c.state);
  });

  it('after a lost reply, takes its own events as stored and what another node stored after them as news', async () => {
    const peers = new ListeningPeers();
    const { store, a } = await twoHosts(peers);
    const committed: Array<[string[], boolean]> = [];
    const c = new SessionHost(a.state, { store, broadcaster: socketIoBroadcaster(io()), logger, coordination: peers, onEvents: (_h, events, here) => committed.push([events.map((e) => e.type), here]) });
    opened.push(c);
    store.loseReplies = 1;
    // Between the write and the (lost) reply, another node adds a student.
    store.afterLostWrite = async () => {
      const joined: SessionEvent = { type: 'student-joined', at: a.state.lastActivityAt + 5, studentId: 'ben', name: 'ben', tokenHash: 'h-ben' };
      expect(await store.inner.append('TESTAB', 3, [joined])).toBe('ok');
    };
    expect((await c.execute({ type: 'open' })).ok).toBe(true);
    expect(committed).toEqual([
      [['round-opened'], true],
      [['student-joined'], false],
    ]);
    expect(peers.announced).toEqual([['TESTAB', 3]]);
    const log = (await store.load('TESTAB'))!.events;
    expect(log.map((e) => e.type)).toEqual(['session-created', 'student-joined', 'round-opened', 'student-joined']);
    expect(c.state).toEqual(replay(log));
  });

  it('still refuses an append that failed without writing', async () => {
    const peers = new ListeningPeers();
    const { store, a } = await twoHosts(peers);
    store.failAppends = 1;
    expect(await a.execute({ type: 'open' })).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(a.state.phase).toBe('lobby');
    expect(peers.announced).toEqual([]);
    expect((await store.load('TESTAB'))!.events.map((e) => e.type)).toEqual(['session-created', 'student-joined']);
  });
});
