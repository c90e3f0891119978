/**
 * Load benchmark: `npm run bench:load -- --students N [--sessions S] [--rounds R] [--workers W] [--nodes K] [--json]`
 *
 * Starts the built server as its own process (K processes sharing Redis when --nodes > 1) and a
 * load generator of simulated students (socket.io-client, spread over W worker threads), all on
 * 127.0.0.1. Per session: every student joins; the instructor opens a round; every student answers
 * at a random moment within one second; the instructor reveals. R rounds. Then, in the same run,
 * a bare socket.io server broadcasts a payload of the same size to the same number of clients.
 * Reports join time (and the bare server's join time for as many clients), ack latency, reveal latency (instructor's reveal command to each student's
 * graded result), answers acknowledged vs stored, memory per connected student, event-loop delay
 * during the fan-out, and the ratio of our reveal to the bare broadcast.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { createClient } from 'redis';
import { io as connect, type Socket } from 'socket.io-client';
import { spawnServer, type ServerProcess } from '../test/support/process.js';
import { clock, metric, percentile } from './load/stats.js';

const { values } = parseArgs({
  options: {
    students: { type: 'string', default: '2000' },
    sessions: { type: 'string', default: '1' },
    rounds: { type: 'string', default: '3' },
    workers: { type: 'string', default: '2' },
    nodes: { type: 'string', default: '1' },
    redis: { type: 'string', default: 'redis://127.0.0.1:6379' },
    json: { type: 'boolean', default: false },
    /** Write a V8 CPU profile of each server process into this directory. */
    profile: { type: 'string' },
  },
});
const STUDENTS = Number(values.students);
const SESSIONS = Number(values.sessions);
const ROUNDS = Number(values.rounds);
const WORKERS = Number(values.workers);
const NODES = Number(values.nodes);
if (![STUDENTS, SESSIONS, ROUNDS, WORKERS, NODES].every((n) => Number.isInteger(n) && n >= 1) || STUDENTS > 20_000) {
  console.error('usage: npm run bench:load -- --students N (<= 20000) [--sessions S] [--rounds R] [--workers W] [--nodes K] [--json]');
  process.exit(2);
}
const log = (line: string) => {
  if (!values.json) process.stderr.write(`${line}\n`);
};

// --- the servers -----------------------------------------------------------------------------
const dir = mkdtempSync(join(tmpdir(), 'bpl-load-'));
const dbPath = join(dir, 'load.db');
const limits = {
  LOG_LEVEL: 'info',
  HANDSHAKES_PER_IP_PER_MINUTE: '10000000',
  JOINS_PER_IP_PER_MINUTE: '10000000',
  CREATES_PER_IP_PER_MINUTE: '100000',
  FAILED_LOOKUPS_PER_IP_PER_MINUTE: '100000',
  // Every simulated student connects from 127.0.0.1: one "address" holds the whole class.
  CONNECTIONS_PER_IP: '10000000',
  MAX_STUDENTS_PER_SESSION: '100000',
};
const redisPrefix = `bpl-load-${process.pid}-${Date.now()}`;
const servers: ServerProcess[] = [];
for (let n = 0; n < NODES; n++) {
  const env: Record<string, string> = { ...limits, DB_PATH: NODES > 1 ? join(dir, `node${n}.db`) : dbPath };
  if (NODES > 1) Object.assign(env, { REDIS_URL: values.redis, REDIS_PREFIX: redisPrefix });
  const args = values.profile ? ['--cpu-prof', `--cpu-prof-dir=${values.profile}`, 'dist/server/main.js'] : ['dist/server/main.js'];
  servers.push(await spawnServer(env, undefined, args));
}
log(`servers: ${servers.map((s) => s.url).join(', ')}${NODES > 1 ? ` sharing ${values.redis}` : ` (SQLite ${dbPath})`}`);

async function scrape(s: ServerProcess): Promise<string> {
  return (await fetch(`${s.url}/metrics`)).text();
}

// --- sessions and instructors ----------------------------------------------------------------
interface Instructor {
  code: string;
  socket: Socket;
  answered: Map<number, number>;
}
const instructors: Instructor[] = [];
for (let i = 0; i < SESSIONS; i++) {
  const res = await fetch(`${servers[0]!.url}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  const created = (await res.json()) as { code: string; instructorToken: string };
  const socket = connect(servers[0]!.url, { transports: ['websocket'], forceNew: true, auth: { code: created.code, role: 'instructor', token: created.instructorToken } });
  const instructor: Instructor = { code: created.code, socket, answered: new Map() };
  socket.on('session:state', (s: { staff: { summary: { round: number; answered: number } | null } }) => {
    if (s.staff.summary) instructor.answered.set(s.staff.summary.round, s.staff.summary.answered);
  });
  await new Promise((r) => socket.once('session:state', r));
  instructors.push(instructor);
}
const command = (inst: Instructor, event: string, payload: object = {}) => inst.socket.timeout(60_000).emitWithAck(event, payload) as Promise<{ ok: boolean; error?: { message: string } }>;

// --- workers -----------------------------------------------------------------------------------
const workers = Array.from({ length: WORKERS }, () => new Worker(new URL('./load/worker-entry.mjs', import.meta.url), { workerData: { url: servers[0]!.url } }));
let nextId = 0;
const pending = new Map<number, (v: unknown) => void>();
for (const w of workers) w.on('message', (m: { id: number; result: unknown }) => pending.get(m.id)?.(m.result));
function ask<T>(w: Worker, type: string, body: object = {}): Promise<T> {
  const id = nextId++;
  return new Promise((resolve) => {
    pending.set(id, resolve as (v: unknown) => void);
    w.postMessage({ id, type, ...body });
  });
}
const all = <T>(type: string, body: (i: number) => object = () => ({})) => Promise.all(workers.map((w, i) => ask<T>(w, type, body(i))));

const before = await Promise.all(servers.map(scrape));
const shares: Array<Array<{ code: string; name: string; url: string }>> = workers.map(() => []);
for (let j = 0; j < STUDENTS; j++) shares[j % WORKERS]!.push({ code: instructors[j % SESSIONS]!.code, name: `Student ${j}`, url: servers[j % NODES]!.url });

const joinStart = clock();
const failures = (await all<number>('connect', (i) => ({ students: shares[i], concurrency: 100 }))).reduce((a, b) => a + b, 0);
const joinSeconds = (clock() - joinStart) / 1000;
if (failures > 0) throw new Error(`${failures} students could not join`);
log(`joined ${STUDENTS} students in ${SESSIONS} session(s) in ${joinSeconds.toFixed(2)} s`);
await new Promise((r) => setTimeout(r, 1000));
const afterJoin = await Promise.all(servers.map(scrape));
const delta = (name: string) => servers.reduce((sum, _s, n) => sum + metric(afterJoin[n]!, name) - metric(before[n]!, name), 0);
const rssBytesPerStudent = delta('process_resident_memory_bytes') / STUDENTS;
const heapBytesPerStudent = delta('nodejs_heap_size_used_bytes') / STUDENTS;

// --- rounds ----------------------------------------------------------------------------------
const revealLatencies: number[] = [];
const bytesPerStudent: number[] = [];
let sample: { revealed: unknown; graded: unknown } | null = null;
let answersAcked = 0;
let refused = 0;
let lost = 0;
const loopP99: number[] = [];
const loopMax: number[] = [];
const fanoutSeconds: number[] = [];
let fanoutSum = 0;
for (let round = 1; round <= ROUNDS; round++) {
  const opened = await Promise.all(instructors.map((inst) => command(inst, round === 1 ? 'round:open' : 'round:advance', round === 1 ? {} : { open: true })));
  if (opened.some((a) => !a.ok)) throw new Error(`could not open round ${round}: ${JSON.stringify(opened.find((a) => !a.ok))}`);
  await all('wait-open', () => ({ round }));
  const answered = await all<{ acked: number; refused: number; lost: number }>('answer', () => ({ windowMs: 1000, round }));
  for (const a of answered) {
    answersAcked += a.acked;
    refused += a.refused;
    lost += a.lost;
  }
  // Reset the servers' event-loop histograms so the next scrape covers the fan-out only.
  await Promise.all(servers.map(scrape));
  const t0 = new Map<string, number>();
  const reveals = instructors.map((inst) => {
    t0.set(inst.code, clock());
    return command(inst, 'round:reveal');
  });
  const graded = await all<{ receipts: Array<{ code: string; at: number | null }>; bytes: number[]; sample: { revealed: unknown; graded: unknown } }>('graded', () => ({ round, timeoutMs: 60_000 }));
  sample = graded[0]!.sample;
  const during = await Promise.all(servers.map(scrape));
  if ((await Promise.all(reveals)).some((a) => !a.ok)) throw new Error('a reveal was refused');
  let missing = 0;
  for (const g of graded) {
    for (const r of g.receipts) {
      if (r.at === null) missing++;
      else revealLatencies.push(r.at - t0.get(r.code)!);
    }
    bytesPerStudent.push(...g.bytes);
  }
  if (missing > 0) throw new Error(`${missing} students never received their grade in round ${round}`);
  for (const text of during) {
    loopP99.push(metric(text, 'nodejs_eventloop_lag_p99_seconds') * 1000);
    loopMax.push(metric(text, 'nodejs_eventloop_lag_max_seconds') * 1000);
    fanoutSeconds.push(metric(text, 'bpl_reveal_fanout_seconds_sum') - fanoutSum);
    fanoutSum = metric(text, 'bpl_reveal_fanout_seconds_sum');
  }
  log(`round ${round}: ${answered.reduce((a, b) => a + b.acked, 0)} answers acknowledged; reveal p99 so far ${percentile(revealLatencies, 99).toFixed(1)} ms`);
}
const ackLatencies = (await all<number[]>('acks')).flat();

// What the servers say they stored: the round summaries, then (single node) the SQLite file itself.
await new Promise((r) => setTimeout(r, 600));
let answersStoredBySummary = 0;
for (const inst of instructors) for (let r = 1; r <= ROUNDS; r++) answersStoredBySummary += inst.answered.get(r) ?? 0;
await all('close');
for (const inst of instructors) inst.socket.close();
for (const s of servers) s.kill('SIGTERM');
await Promise.all(servers.map((s) => s.exited));
let answersStored = answersStoredBySummary;
if (NODES === 1) {
  const db = new Database(dbPath, { readonly: true });
  answersStored = (db.prepare('SELECT count(*) AS n FROM answers').get() as { n: number }).n;
  db.close();
} else {
  const redis = createClient({ url: values.redis });
  await redis.connect();
  let n = 0;
  for (const inst of instructors) for (let r = 1; r <= ROUNDS; r++) n += await redis.hLen(`${redisPrefix}:answers:${inst.code}:${r}`);
  answersStored = n;
  for await (const keys of redis.scanIterator({ MATCH: `${redisPrefix}:*`, COUNT: 1000 })) if (keys.length) await redis.del(keys);
  await redis.quit();
}

// --- the bare socket.io baseline: the same bytes, in one broadcast, to the same number of clients --
const payloadBytes = Math.round(percentile(bytesPerStudent, 50));
const baselinePayload = { revealed: sample!.revealed, graded: sample!.graded };
const bare = await spawnServer({}, undefined, ['--import', 'tsx', 'bench/load/bare-broadcast-server.ts']);
const controller = connect(bare.url, { transports: ['websocket'], forceNew: true, auth: { role: 'controller' } });
await new Promise<void>((r) => controller.once('connect', () => r()));
// The bare server's join time for the same number of clients, as many at once per worker.
const baselineJoinStart = clock();
await all('baseline-connect', (i) => ({ url: bare.url, count: shares[i]!.length, concurrency: 100 }));
const baselineJoinSeconds = (clock() - baselineJoinStart) / 1000;
const baselineLatencies: number[] = [];
for (let round = 1; round <= ROUNDS; round++) {
  await new Promise((r) => setTimeout(r, 500));
  await controller.timeout(30_000).emitWithAck('broadcast', baselinePayload);
  const receipts = await all<number[]>('baseline-receipts', (i) => ({ expected: shares[i]!.length }));
  baselineLatencies.push(...receipts.flat());
}
await all('close');
controller.close();
bare.kill('SIGTERM');
await bare.exited;
await Promise.all(workers.map((w) => w.terminate()));

const result = {
  students: STUDENTS,
  sessions: SESSIONS,
  nodes: NODES,
  rounds: ROUNDS,
  workers: WORKERS,
  joinSeconds,
  baselineJoinSeconds,
  joinRatio: joinSeconds / baselineJoinSeconds,
  ackP50Ms: percentile(ackLatencies, 50),
  ackP99Ms: percentile(ackLatencies, 99),
  revealP50Ms: percentile(revealLatencies, 50),
  revealP99Ms: percentile(revealLatencies, 99),
  revealMaxMs: Math.max(...revealLatencies),
  revealBytesPerStudent: payloadBytes,
  baselineP50Ms: percentile(baselineLatencies, 50),
  baselineP99Ms: percentile(baselineLatencies, 99),
  baselineMaxMs: Math.max(...baselineLatencies),
  ratioP50: percentile(revealLatencies, 50) / percentile(baselineLatencies, 50),
  ratioP99: percentile(revealLatencies, 99) / percentile(baselineLatencies, 99),
  answersAcked,
  answersStored,
  answersRefused: refused,
  answersUnacknowledged: lost,
  rssBytesPerStudent,
  heapBytesPerStudent,
  loopDelayP99Ms: Math.max(...loopP99),
  loopDelayMaxMs: Math.max(...loopMax),
  /** Server time to hand all sessions' reveal messages of one round to socket.io (the largest round). */
  fanoutMs: Math.max(...fanoutSeconds) * 1000,
};
if (values.json) {
  process.stdout.write(`${JSON.stringify(result)}\n`);
} else {
  const f = (n: number) => n.toFixed(1);
  process.stdout.write(
    [
      `${STUDENTS} students in ${SESSIONS} session(s) on ${NODES} node(s), ${ROUNDS} rounds, ${WORKERS} generator threads (node ${process.version})`,
      `join: all joined in ${result.joinSeconds.toFixed(2)} s (bare socket.io server: ${result.baselineJoinSeconds.toFixed(2)} s, ratio ${result.joinRatio.toFixed(2)})`,
      `answers: ${answersAcked} acknowledged, ${answersStored} stored, ${refused} refused, ${lost} unacknowledged; ack latency p50 ${f(result.ackP50Ms)} ms, p99 ${f(result.ackP99Ms)} ms`,
      `reveal (instructor's command until a student has both the step and their grade): p50 ${f(result.revealP50Ms)} ms, p99 ${f(result.revealP99Ms)} ms, max ${f(result.revealMaxMs)} ms (${payloadBytes} bytes per student)`,
      `bare socket.io broadcast of the same ${payloadBytes} bytes to the same clients: p50 ${f(result.baselineP50Ms)} ms, p99 ${f(result.baselineP99Ms)} ms, max ${f(result.baselineMaxMs)} ms`,
      `ratio ours / bare: p50 ${result.ratioP50.toFixed(2)}, p99 ${result.ratioP99.toFixed(2)}`,
      `server memory per connected student: RSS ${(rssBytesPerStudent / 1024).toFixed(1)} KB, heap ${(heapBytesPerStudent / 1024).toFixed(1)} KB`,
      `server event-loop delay during the reveals: p99 ${f(result.loopDelayP99Ms)} ms, max ${f(result.loopDelayMaxMs)} ms; fan-out of a round of reveals (all sessions) ${f(result.fanoutMs)} ms`,
    ].join('\n') + '\n',
  );
}
process.exit(0);
