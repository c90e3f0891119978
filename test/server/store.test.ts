// The SQLite store on a real file: the log, its projections, conflicts, migrations, expiry.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startServer } from '../../server/app.js';
import { testConfig } from '../../server/config.js';
import { restore } from '../../server/store/session-store.js';
import { SqliteSessionStore } from '../../server/store/sqlite-store.js';
import { MIGRATIONS } from '../../server/store/sqlite-migrations.js';
import { replay } from '../../shared/session/evolve.js';
import type { SessionState } from '../../shared/session/state.js';
import { Drive } from '../session/fixtures.js';
import { createSession, join } from '../support/server.js';

const tempFile = () => joinPath(mkdtempSync(joinPath(tmpdir(), 'bpl-store-')), 'store.db');

describe('SqliteSessionStore', () => {
  it('stores a log that replays to the same state, and refuses a stale version without writing', async () => {
    const path = tempFile();
    const store = new SqliteSessionStore({ path });
    const d = new Drive();
    expect(await store.create('TESTAB', d.log)).toBe(true);
    expect(await store.create('TESTAB', d.log)).toBe(false);
    const v = d.state.version;
    d.join('a');
    d.do({ type: 'open' });
    d.do({ type: 'submit', studentId: 'a', answers: { next: { w3: 0.33 } } });
    expect(await store.append('TESTAB', v, d.log.slice(v))).toBe('ok');
    expect(await store.append('TESTAB', v, d.log.slice(v))).toBe('conflict');
    expect(await store.append('TESTAB', v + 10, d.log.slice(v))).toBe('conflict');
    const loaded = await store.load('TESTAB');
    expect(loaded!.events).toHaveLength(d.log.length);
    expect(loaded!.version).toBe(d.log.length);
    expect(restore(loaded!)).toEqual(d.state);
    expect((await store.eventsSince('TESTAB', v)).events).toEqual(d.log.slice(v));
    expect(await store.load('NOPE22')).toBeNull();
    await store.close();
  });

  it('commits every append made in one turn of the event loop together', async () => {
    const store = new SqliteSessionStore({ path: ':memory:' });
    const d = new Drive();
    await store.create('TESTAB', d.log);
    const commitsBefore = store.stats.commits;
    const ids = Array.from({ length: 200 }, (_, i) => `s${i}`);
    const base = d.state.version;
    for (const id of ids) d.join(id);
    // 200 appends of one event each, issued in the same turn, chained by version.
    const results = await Promise.all(ids.map((_, i) => store.append('TESTAB', base + i, [d.log[base + i]!])));
    expect(results.every((r) => r === 'ok')).toBe(true);
    expect(store.stats.commits - commitsBefore).toBe(1);
    expect(restore((await store.load('TESTAB'))!)).toEqual(d.state);
    await store.close();
  });

  it('applies each migration once', async () => {
    const path = tempFile();
    await new SqliteSessionStore({ path }).close();
    const again = new SqliteSessionStore({ path });
    expect(again.query<{ version: number }>('SELECT version FROM schema_migrations')).toEqual(MIGRATIONS.map((m) => ({ version: m.version })));
    await again.close();
  });

  it('expires sessions idle for longer than the time to live', async () => {
    const store = new SqliteSessionStore({ path: ':memory:' });
    const old = new Drive();
    old.now = 1000;
    await store.create('OLDAAA', old.log.map((e) => ({ ...e, code: 'OLDAAA', at: 1000 })));
    const fresh = new Drive();
    await store.create('NEWAAA', fresh.log.map((e) => ({ ...e, code: 'NEWAAA', at: 5_000_000 })));
    expect(await store.expire(2_000_000)).toBe(1);
    expect(await store.load('OLDAAA')).toBeNull();
    expect(await store.load('NEWAAA')).not.toBeNull();
    expect(store.query('SELECT code FROM events WHERE code = ?', 'OLDAAA')).toEqual([]);
    await store.close();
  });

  it('does not expire a session whose write is waiting for the group commit', async () => {
    const store = new SqliteSessionStore({ path: tempFile() });
    const d = new Drive();
    await store.create('TESTAB', d.log);
    const v = d.state.version;
    // Its last event long ago; a new one is on its way to the store as the sweep runs.
    d.join('ana', 'Ana');
    const pending = store.append('TESTAB', v, d.log.slice(v));
    expect(await store.expire(d.now)).toBe(0);
    expect(await pending).toBe('ok');
    expect(restore((await store.load('TESTAB'))!)).toEqual(d.state);
    await store.close();
  });

  it('keeps its answers and grades tables in step with the log when a student is removed mid-round, across a restart', async () => {
    const path = tempFile();
    let store = new SqliteSessionStore({ path });
    const d = new Drive();
    for (const id of ['ana', 'ben', 'cem', 'dan']) d.join(id);
    // Round 1: Ana answers and is removed before the reveal; Ben is removed after it.
    d.do({ type: 'open' });
    d.do({ type: 'submit', studentId: 'ana', answers: { next: { w3: 0.3342 } } });
    d.do({ type: 'submit', studentId: 'ben', answers: { next: { w3: 0.3342 } } });
    d.do({ type: 'submit', studentId: 'cem', answers: { next: { w3: 0.5 } } });
    d.do({ type: 'remove', studentId: 'ana' });
    d.do({ type: 'reveal', by: 'instructor' });
    d.do({ type: 'remove', studentId: 'ben' });
    // Round 2, still open: Cem answers twice, then is removed; Dan answers.
    d.do({ type: 'advance', open: true });
    d.do({ type: 'submit', studentId: 'cem', answers: { next: { w3: 0.3 } } });
    d.do({ type: 'submit', studentId: 'cem', answers: { next: { w3: 0.31 } } });
    d.do({ type: 'submit', studentId: 'dan', answers: { next: { w3: 0.32 } } });
    d.do({ type: 'remove', studentId: 'cem' });
    // Written in three appends, as a live server would.
    expect(await store.create('TESTAB', d.log.slice(0, 5))).toBe(true);
    expect(await store.append('TESTAB', 5, d.log.slice(5, 11))).toBe('ok');
    expect(await store.append('TESTAB', 11, d.log.slice(11))).toBe('ok');
    await store.close();

    // A restart: the state comes back from the log; the tables say the same.
    store = new SqliteSessionStore({ path });
    const state = restore((await store.load('TESTAB'))!);
    expect(state).toEqual(d.state);
    expect(state.round!.answers.has('cem')).toBe(false);
    expect(state.students.get('ana')!.results).toEqual([]);
    expect(projection(store, 'TESTAB')).toEqual(fromFold(state));
    await store.close();
  });
});

interface Projection {
  answers: string[];
  grades: string[];
  students: string[];
}

/** The answers, grades and roster tables, one line per row, sorted. */
function projection(store: SqliteSessionStore, code: string): Projection {
  return {
    answers: store.query<{ round: number; student_id: string; points: number }>('SELECT round, student_id, points FROM answers WHERE code = ?', code).map((r) => `${r.round} ${r.student_id} ${r.points}`).sort(),
    grades: store
      .query<{ round: number; student_id: string; quantity: string; param: string; correct: number; points: number }>('SELECT round, student_id, quantity, param, correct, points FROM grades WHERE code = ?', code)
      .map((r) => `${r.round} ${r.student_id} ${r.quantity}.${r.param} ${r.correct} ${r.points}`)
      .sort(),
    students: store.query<{ id: string; score: number; removed: number }>('SELECT id, score, removed FROM students WHERE code = ?', code).map((r) => `${r.id} ${r.score} ${r.removed}`).sort(),
  };
}

/** The same lines, from the fold of the log: revealed rounds from the students' results, the open round from its answers. */
function fromFold(state: SessionState): Projection {
  const answers: string[] = [];
  const grades: string[] = [];
  const students: string[] = [];
  for (const s of state.students.values()) {
    students.push(`${s.id} ${s.score} ${s.removed ? 1 : 0}`);
    for (const r of s.results) {
      if (r.answeredAfterMs !== null) answers.push(`${r.round} ${s.id} ${r.points}`);
      for (const f of r.fields) grades.push(`${r.round} ${s.id} ${f.quantity}.${f.param} ${f.correct ? 1 : 0} ${f.points}`);
    }
  }
  const round = state.round;
  if (round && round.closedAt === null) {
    for (const [id, a] of round.answers) {
      answers.push(`${round.number} ${id} ${a.grade.points}`);
      for (const f of a.grade.fields) grades.push(`${round.number} ${id} ${f.quantity}.${f.param} ${f.correct ? 1 : 0} ${f.points}`);
    }
  }
  return { answers: answers.sort(), grades: grades.sort(), students: students.sort() };
}

describe('what the server keeps', () => {
  it('has config, iterations, answers, grades, scores and the roster, with tokens only as hashes', async () => {
    const path = tempFile();
    const server = await startServer(testConfig({ dbPath: path }));
    const created = await createSession(server.url);
    const instructor = await join(server.url, { code: created.code, role: 'instructor', token: created.instructorToken });
    const ana = await join(server.url, { code: created.code, role: 'student', name: 'Ana' });
    const resumeToken = ana.you.resumeToken!;
    await instructor.send('round:open', {});
    const ack = await ana.send('answer:submit', { next: { w3: 0.3342, w4: 0.6174, b3: -0.019 } });
    expect(ack.ok).toBe(true);
    // Acknowledged means written: the row is there before anything else happens.
    const store = server.store as SqliteSessionStore;
    expect(store.query('SELECT round, answers, revision FROM answers WHERE code = ?', created.code)).toEqual([{ round: 1, answers: JSON.stringify({ next: { w3: 0.3342, w4: 0.6174, b3: -0.019 } }), revision: 1 }]);
    await instructor.send('round:reveal', {});
    await ana.until(() => ana.graded[0], 'graded');
    await instructor.send('round:advance', { open: false });
    await instructor.until(() => instructor.state.session.iteration === 1, 'advanced');

    expect(store.query('SELECT name, score, removed FROM students WHERE code = ?', created.code)).toEqual([{ name: 'Ana', score: 300, removed: 0 }]);
    expect(store.query<{ n: number }>('SELECT count(*) AS n FROM grades WHERE code = ? AND correct = 1', created.code)[0]!.n).toBe(3);
    const iterations = store.query<{ iteration: number; params: string }>('SELECT iteration, params FROM iterations WHERE code = ? ORDER BY seq', created.code);
    expect(iterations.map((r) => r.iteration)).toEqual([0, 1]);
    expect(JSON.parse(iterations[1]!.params).w3).toBeCloseTo(0.3342, 4);
    const session = store.query<{ settings: string; setup: string; iteration: number }>('SELECT settings, setup, iteration FROM sessions WHERE code = ?', created.code)[0]!;
    expect(JSON.parse(session.settings).learningRate).toBe(0.01);
    expect(JSON.parse(session.setup).preset).toBe('three-parameters');
    expect(session.iteration).toBe(1);

    for (const p of [instructor, ana]) p.close();
    await server.close();
    // Neither secret appears anywhere in the database files.
    const bytes = ['', '-wal'].map((suffix) => {
      try {
        return readFileSync(path + suffix).toString('latin1');
      } catch {
        return '';
      }
    }).join('');
    expect(bytes.length).toBeGreaterThan(0);
    expect(bytes).not.toContain(created.instructorToken);
    expect(bytes).not.toContain(resumeToken.split('.')[1]!);
  });
});
