/**
 * Store benchmark: `npm run bench:store [-- --students 2000 --sessions 5 --json]`.
 * Every student of every session submits an answer, through the real session host (rules + store
 * + fan-out, no sockets), twice: all in the same instant (the worst burst), and spread evenly over
 * one second (a class answering "now!"). Reports answers durably stored per second and the
 * event-loop delay while it happens, for:
 *   - the SQLite store on a file (group commit, WAL), the default;
 *   - a baseline in the same process whose store keeps nothing (the cost of everything but storage);
 *   - SQLite with one transaction per answer (what group commit saves).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { Server } from 'socket.io';
import { sessionCreated } from '../shared/session/create.js';
import type { SessionEvent } from '../shared/session/events.js';
import { replay } from '../shared/session/evolve.js';
import { socketIoBroadcaster, type IoServer } from '../server/realtime/types.js';
import { SessionHost } from '../server/sessions/session-host.js';
import type { AppendResult, SessionStore, StoredLog } from '../server/store/session-store.js';
import { SqliteSessionStore } from '../server/store/sqlite-store.js';

const { values } = parseArgs({ options: { students: { type: 'string', default: '2000' }, sessions: { type: 'string', default: '5' }, json: { type: 'boolean', default: false } } });
const STUDENTS = Number(values.students);
const SESSIONS = Number(values.sessions);

/** Keeps nothing: the baseline. */
class NullStore implements SessionStore {
  readonly kind = 'null';
  async create(): Promise<boolean> {
    return true;
  }
  async append(): Promise<AppendResult> {
    return 'ok';
  }
  async load(): Promise<StoredLog | null> {
    return null;
  }
  async eventsSince(_code: string, version: number): Promise<StoredLog> {
    return { events: [], version };
  }
  async liveCodes(): Promise<string[]> {
    return [];
  }
  async expire(): Promise<number> {
    return 0;
  }
  async close(): Promise<void> {}
}

/** SQLite without group commit: each append is its own transaction, at once. */
class PerAnswerSqlite extends SqliteSessionStore {
  override append(code: string, expectedVersion: number, events: readonly SessionEvent[]): Promise<AppendResult> {
    const p = super.append(code, expectedVersion, events);
    (this as unknown as { flush(): void }).flush();
    return p;
  }
}

interface Result {
  store: string;
  arrival: 'instant' | 'over 1 s';
  answers: number;
  seconds: number;
  answersPerSecond: number;
  loopDelayP50Ms: number;
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
}

const logger = pino({ level: 'silent' });
const io = new Server() as IoServer;

async function prepare(store: SessionStore): Promise<SessionHost[]> {
  const hosts: SessionHost[] = [];
  for (let s = 0; s < SESSIONS; s++) {
    const code = `B${String(s).padStart(5, '0')}`;
    const created = sessionCreated({ code, instructorTokenHash: 'x', projectorKey: 'p', now: Date.now() });
    await store.create(code, [created]);
    const host = new SessionHost(replay([created]), { store, broadcaster: socketIoBroadcaster(io), logger });
    const joins = [];
    for (let i = 0; i < STUDENTS; i++) joins.push(host.execute({ type: 'join', studentId: `s${i}`, name: `Student ${i}`, tokenHash: 'h', maxStudents: 1e6 }));
    await Promise.all(joins);
    await host.execute({ type: 'open' });
    hosts.push(host);
  }
  return hosts;
}

async function burst(name: string, store: SessionStore, arrival: Result['arrival']): Promise<Result> {
  const hosts = await prepare(store);
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  const t0 = performance.now();
  const acks: Promise<unknown>[] = [];
  const submit = (host: SessionHost, i: number) => host.execute({ type: 'submit', studentId: `s${i}`, answers: { next: { w3: 0.33 + i / 1e6, w4: 0.61, b3: -0.02 } } });
  if (arrival === 'instant') {
    for (const host of hosts) for (let i = 0; i < STUDENTS; i++) acks.push(submit(host, i));
  } else {
    // One slice of the class every millisecond for a second.
    const perMs = Math.ceil(STUDENTS / 1000);
    for (let start = 0; start < STUDENTS; start += perMs) {
      for (const host of hosts) for (let i = start; i < Math.min(STUDENTS, start + perMs); i++) acks.push(submit(host, i));
      await new Promise((r) => setTimeout(r, 1));
    }
  }
  const outcomes = (await Promise.all(acks)) as Array<{ ok: boolean }>;
  const seconds = (performance.now() - t0) / 1000;
  // Let the sampler record the last stretch the burst held the loop.
  await new Promise((r) => setTimeout(r, 20));
  histogram.disable();
  if (outcomes.some((o) => !o.ok)) throw new Error(`${name}: some answers were refused`);
  for (const host of hosts) await host.close();
  await store.close();
  const ms = (ns: number) => ns / 1e6;
  return {
    store: name,
    arrival,
    answers: outcomes.length,
    seconds,
    answersPerSecond: outcomes.length / seconds,
    loopDelayP50Ms: ms(histogram.percentile(50)),
    loopDelayP99Ms: ms(histogram.percentile(99)),
    loopDelayMaxMs: ms(histogram.max),
  };
}

const dir = mkdtempSync(join(tmpdir(), 'bpl-bench-'));
const results: Result[] = [];
for (const arrival of ['instant', 'over 1 s'] as const) {
  results.push(await burst('null (baseline)', new NullStore(), arrival));
  results.push(await burst('sqlite, group commit', new SqliteSessionStore({ path: join(dir, `group-${results.length}.db`) }), arrival));
  results.push(await burst('sqlite, one commit per answer', new PerAnswerSqlite({ path: join(dir, `single-${results.length}.db`) }), arrival));
}
rmSync(dir, { recursive: true, force: true });

const ratio = (results[1]!.answersPerSecond / results[0]!.answersPerSecond);
if (values.json) {
  process.stdout.write(`${JSON.stringify({ students: STUDENTS, sessions: SESSIONS, results, instantSqliteVsBaseline: ratio })}\n`);
} else {
  const lines = [`${SESSIONS} sessions x ${STUDENTS} students, one answer each (node ${process.version}, ${process.arch})`];
  for (const r of results) {
    lines.push(
      `${r.arrival.padEnd(9)} ${r.store.padEnd(30)} ${String(r.answers).padStart(6)} answers in ${r.seconds.toFixed(3)} s = ${Math.round(r.answersPerSecond).toLocaleString('en-US').padStart(8)} answers/s; event-loop delay p50 ${r.loopDelayP50Ms.toFixed(1)} ms, p99 ${r.loopDelayP99Ms.toFixed(1)} ms, max ${r.loopDelayMaxMs.toFixed(1)} ms`,
    );
  }
  lines.push(`instant burst: sqlite (group commit) throughput / baseline = ${ratio.toFixed(2)}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}
process.exit(0);
