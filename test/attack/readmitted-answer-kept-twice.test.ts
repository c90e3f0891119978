// Found by an attack review, fixed since; kept as a regression test (issue 16 case 2: "a student's answer supersedes her earlier one of the round in the
// store ... a log grows with students, not keystrokes").
//
// WHAT WAS WRONG: in the SQLite store a removal deletes the student's `answers` row of the open
// round (dropUnrevealedAnswersOf), and that row is the only pointer to her answer's event
// (answerSeq). Readmitted in the same round, her next answer finds nothing to supersede, so the
// earlier answer's event stays in the log for the session's life: two answer events for one
// student and round, where the Redis store (whose answers hash keeps the pointer) keeps one.
// The state replays the same either way; the log is what grows (each remove/readmit cycle of a
// typing student leaves one more dead answer), and the two stores disagree on what they hold.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RedisSessionStore } from '../../server/store/redis-store.js';
import { restore, type SessionStore } from '../../server/store/session-store.js';
import { SqliteSessionStore } from '../../server/store/sqlite-store.js';
import { Drive } from '../session/fixtures.js';
import { useRedis } from '../support/redis.js';

const { client, prefix } = useRedis('attack-readmit');
const stores: Array<[string, () => SessionStore]> = [
  ['SQLite (a real file)', () => new SqliteSessionStore({ path: joinPath(mkdtempSync(joinPath(tmpdir(), 'bpl-attack-')), 'store.db') })],
  ['Redis', () => new RedisSessionStore({ client, prefix: `${prefix}-${Math.random().toString(36).slice(2)}`, ttlMs: 60_000 })],
];

describe.each(stores)('the %s store, a student removed and readmitted in an open round', (_name, make) => {
  it('keeps one answer event per student and round', async () => {
    const store = make();
    const d = new Drive();
    d.join('ana');
    d.join('ben');
    d.do({ type: 'open' });
    d.do({ type: 'submit', studentId: 'ana', answers: { next: { w3: 0.31 } }, done: false });
    d.do({ type: 'remove', studentId: 'ana' });
    d.do({ type: 'readmit', studentId: 'ana' });
    for (let k = 2; k <= 6; k++) d.do({ type: 'submit', studentId: 'ana', answers: { next: { w3: 0.3 + k / 100 } }, done: false });
    expect(await store.create('TESTAB', d.log.slice(0, 1))).toBe(true);
    // One event per write, as a host with a quiet class writes them.
    for (let v = 1; v < d.log.length; v++) expect(await store.append('TESTAB', v, d.log.slice(v, v + 1))).toBe('ok');
    const loaded = (await store.load('TESTAB'))!;
    expect(restore(loaded)).toEqual(d.state);
    const answers = loaded.events.filter((e) => e.type === 'answer-submitted' && e.studentId === 'ana');
    // Fails on SQLite: 2 (the answer from before the removal stays).
    expect(answers.map((e) => (e as { revision?: number }).revision)).toHaveLength(1);
  });
});
