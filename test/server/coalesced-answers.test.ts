// Issue 16, case 2: every replaced answer used to be an event kept for the session's life (a
// flood of 2,877 answers a second grew the database by 119 MB a minute, and saving as typed makes
// every keystroke an answer). A student's answer now supersedes her earlier one of the round in
// the store: a log grows with students, not keystrokes, and replays to the same state.
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../server/app.js';
import { testConfig } from '../../server/config.js';
import { RedisSessionStore } from '../../server/store/redis-store.js';
import { restore, type SessionStore } from '../../server/store/session-store.js';
import { SqliteSessionStore } from '../../server/store/sqlite-store.js';
import type { SessionEvent } from '../../shared/session/events.js';
import { evolve } from '../../shared/session/evolve.js';
import { Drive } from '../session/fixtures.js';
import { useRedis } from '../support/redis.js';
import { createSession, join, type Participant } from '../support/server.js';

const { client, prefix } = useRedis('coalesce');
const tempFile = () => joinPath(mkdtempSync(joinPath(tmpdir(), 'bpl-coalesce-')), 'store.db');

const STUDENTS = 30;
const REVISIONS = 25;

/** A class where every student saves 25 answers as she types; the odd ones send the 10th, then keep typing. */
function typingClass(): { d: Drive; base: number } {
  const d = new Drive();
  for (let i = 0; i < STUDENTS; i++) d.join(`s${i}`);
  d.do({ type: 'open' });
  const base = d.log.length;
  for (let r = 1; r <= REVISIONS; r++) {
    for (let i = 0; i < STUDENTS; i++) {
      const sent = i % 2 === 1 && r === 10;
      d.do({ type: 'submit', studentId: `s${i}`, answers: { next: { w3: 0.3 + r / 1000 } }, ...(!sent && { done: false as const }) }, 1);
    }
  }
  return { d, base };
}

/** Appends the log in batches of `size` events at the versions they were decided at, as a host does. */
async function appendAll(store: SessionStore, log: readonly SessionEvent[], size: number): Promise<void> {
  expect(await store.create('TESTAB', log.slice(0, 1))).toBe(true);
  for (let v = 1; v < log.length; v += size) expect(await store.append('TESTAB', v, log.slice(v, v + size))).toBe('ok');
}

const stores: Array<[string, () => SessionStore]> = [
  ['SQLite (a real file)', () => new SqliteSessionStore({ path: tempFile() })],
  ['Redis', () => new RedisSessionStore({ client, prefix: `${prefix}-${Math.random().toString(36).slice(2)}`, ttlMs: 60_000 })],
];

describe.each(stores)('the %s store keeps one answer per student and round', (_name, make) => {
  it('drops every superseded answer, and the log replays to the same state, sent answers still sent', async () => {
    const store = make();
    const { d, base } = typingClass();
    await appendAll(store, d.log, 7);
    const loaded = (await store.load('TESTAB'))!;
    // 30 students x 25 saves = 750 answers: 30 are kept.
    expect(loaded.events.filter((e) => e.type === 'answer-submitted')).toHaveLength(STUDENTS);
    expect(loaded.events).toHaveLength(base + STUDENTS);
    expect(loaded.version).toBe(d.log.length);
    const state = restore(loaded);
    expect(state).toEqual(d.state);
    const answers = state.round!.answers;
    expect(answers.get('s0')).toMatchObject({ revision: REVISIONS, done: false, answers: { next: { w3: 0.3 + REVISIONS / 1000 } } });
    // Sent at the 10th save, then saved 15 more times as a draft: still sent.
    expect(answers.get('s1')).toMatchObject({ revision: REVISIONS, done: true });
  });

  it('catches a reader up across the gaps: events since its version, then the log version', async () => {
    const store = make();
    const { d, base } = typingClass();
    await appendAll(store, d.log.slice(0, base + STUDENTS * 5), 11);
    // A node that read the log part-way (its state holds answers the store has since dropped).
    const reader = restore((await store.load('TESTAB'))!);
    for (let v = base + STUDENTS * 5; v < d.log.length; v += 13) expect(await store.append('TESTAB', v, d.log.slice(v, v + 13))).toBe('ok');
    const missing = await store.eventsSince('TESTAB', reader.version);
    expect(missing.version).toBe(d.log.length);
    expect(missing.events.length).toBeLessThan(d.log.length - reader.version);
    expect({ ...evolve(reader, missing.events), version: missing.version }).toEqual(d.state);
    // A stale writer is refused, even where its version is a gap left by a dropped answer.
    expect(await store.append('TESTAB', reader.version, [d.log.at(-1)!])).toBe('conflict');
    expect(await store.append('TESTAB', d.log.length - 1, [d.log.at(-1)!])).toBe('conflict');
  });
});

describe('a Redis log written by the previous version (a list)', () => {
  it('is adopted into the sorted set on its first load, and then coalesces like any other', async () => {
    const p = `${prefix}-old`;
    const store = new RedisSessionStore({ client, prefix: p, ttlMs: 60_000 });
    const d = new Drive();
    d.join('ana');
    d.do({ type: 'open' });
    d.do({ type: 'submit', studentId: 'ana', answers: { next: { w3: 0.31 } } });
    await client.rPush(`${p}:log:TESTAB`, d.log.map((e) => JSON.stringify(e)));
    await client.pExpire(`${p}:log:TESTAB`, 60_000);
    const loaded = (await store.load('TESTAB'))!;
    expect(restore(loaded)).toEqual(d.state);
    expect(await client.exists(`${p}:log:TESTAB`)).toBe(0);
    expect(await client.pTTL(`${p}:events:TESTAB`)).toBeGreaterThan(0);
    const v = d.log.length;
    d.do({ type: 'submit', studentId: 'ana', answers: { next: { w3: 0.32 } } });
    expect(await store.append('TESTAB', v, d.log.slice(v))).toBe('ok');
    expect(restore((await store.load('TESTAB'))!)).toEqual(d.state);
  });
});

describe('a class saving as it types, over real sockets into a real SQLite file', () => {
  let server: RunningServer;
  const participants: Participant[] = [];
  afterAll(async () => {
    for (const p of participants) p.close();
    await server?.close();
  });

  it('stores one answer per student however often each one saves, and a restart restores every last answer', { timeout: 60_000 }, async () => {
    const dbPath = tempFile();
    // A budget wide enough that the saves are not refused: this test is about storage.
    const config = testConfig({ dbPath, answerRate: { perSecond: 1000, burst: 1000 }, socketRate: { perSecond: 1000, burst: 1000, abuseLimit: 1000, abuseWindowMs: 10_000 } });
    server = await startServer(config);
    const created = await createSession(server.url, { questions: { next: ['w3'] } });
    const instructor = await join(server.url, { code: created.code, role: 'instructor', token: created.instructorToken });
    participants.push(instructor);
    const students: Participant[] = [];
    for (let i = 0; i < 20; i++) students.push(await join(server.url, { code: created.code, role: 'student', name: `Typist ${i}` }));
    participants.push(...students);
    expect((await instructor.send('round:open', {})).ok).toBe(true);
    const sqlite = server.store as SqliteSessionStore;
    const rows = () => sqlite.query<{ n: number }>("SELECT count(*) AS n FROM events WHERE code = ? AND type = 'answer-submitted'", created.code)[0]!.n;
    const sizeBefore = statSync(dbPath).size;
    // 20 students x 60 saves (every keystroke of "0.33..." and back), the last one sent.
    for (let k = 1; k <= 60; k++) {
      const acks = await Promise.all(students.map((s, i) => s.send('answer:submit', { next: { w3: 0.3 + (i + k) / 1000 }, ...(k < 60 && { done: false }) })));
      expect(acks.filter((a) => !a.ok)).toEqual([]);
    }
    expect(rows()).toBe(20);
    const version = sqlite.query<{ version: number }>('SELECT version FROM sessions WHERE code = ?', created.code)[0]!.version;
    await server.close();
    // The file grew by far less than 1,200 stored answers would take (~1 KB each).
    expect(statSync(dbPath).size - sizeBefore).toBeLessThan(200 * 1024);

    server = await startServer(config);
    const back = await join(server.url, { code: created.code, role: 'student', resumeToken: students[7]!.you.resumeToken! });
    participants.push(back);
    expect(back.you.answer).toMatchObject({ round: 1, answers: { next: { w3: 0.3 + 67 / 1000 } }, revision: 60, done: true });
    const again = await join(server.url, { code: created.code, role: 'instructor', token: created.instructorToken });
    participants.push(again);
    expect(await again.send('round:reveal', {})).toMatchObject({ ok: true, version: version + 1 });
  });
});
