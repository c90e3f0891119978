// The Redis store against the real Redis: the compare-and-append script, its projections, and
// text the script must carry without looking inside (names with lone surrogates, quotes, emoji).
import { describe, expect, it } from 'vitest';
import { RedisSessionStore } from '../../server/store/redis-store.js';
import { restore } from '../../server/store/session-store.js';
import type { SessionEvent } from '../../shared/session/events.js';
import { replay } from '../../shared/session/evolve.js';
import { Drive } from '../session/fixtures.js';
import { useRedis } from '../support/redis.js';

const { client, prefix } = useRedis('store');

const store = () => new RedisSessionStore({ client, prefix, ttlMs: 60_000 });

describe('RedisSessionStore', () => {
  it('appends only at the expected version, keeps the answers projection and the live set, and replays', async () => {
    const s = store();
    const d = new Drive();
    expect(await s.create('TESTAB', d.log)).toBe(true);
    expect(await s.create('TESTAB', d.log)).toBe(false);
    expect(await client.sIsMember(`${prefix}:live`, 'TESTAB')).toBe(1);
    const v = d.state.version;
    d.join('a');
    d.join('b');
    d.do({ type: 'open' });
    d.do({ type: 'submit', studentId: 'a', answers: { next: { w3: 0.33 } } });
    d.do({ type: 'submit', studentId: 'b', answers: { next: { w3: 0.34 } } });
    d.do({ type: 'submit', studentId: 'a', answers: { next: { w3: 0.335 } } });
    expect(await s.append('TESTAB', v, d.log.slice(v))).toBe('ok');
    expect(await s.append('TESTAB', v, d.log.slice(v))).toBe('conflict');
    // a's second answer superseded her first: its event is gone from the log.
    expect(await client.zCard(`${prefix}:events:TESTAB`)).toBe(d.log.length - 1);
    // The projection holds each student's latest answer of the round (its member in the log).
    const answers = await client.hGetAll(`${prefix}:answers:TESTAB:1`);
    expect(Object.keys(answers).sort()).toEqual(['a', 'b']);
    expect(answers.a!.startsWith(`${d.log.length} `)).toBe(true);
    expect((JSON.parse(answers.a!.slice(answers.a!.indexOf(' ') + 1)) as Extract<SessionEvent, { type: 'answer-submitted' }>).answers.next!.w3).toBe(0.335);
    const loaded = (await s.load('TESTAB'))!;
    expect(loaded.version).toBe(d.log.length);
    expect(restore(loaded)).toEqual(d.state);
    const w = d.state.version;
    d.do({ type: 'end' });
    expect(await s.append('TESTAB', w, d.log.slice(w))).toBe('ok');
    expect(await client.sIsMember(`${prefix}:live`, 'TESTAB')).toBe(0);
    expect((await s.eventsSince('TESTAB', w)).events).toEqual(d.log.slice(w));
  });

  it('stores any text whole: a write with hostile names is all there or not at all', async () => {
    const s = store();
    const d = new Drive({ code: 'TESTCD' });
    await s.create('TESTCD', d.log);
    const v = d.state.version;
    // Written straight to the store, past the name cleaning, as a buggy or older node might.
    const names = ['lone \ud800 surrogate', 'quote " and \\ backslash', '🧮 emoji', '\u0000nul', '"}]); redis.call("FLUSHALL") --'];
    const joined: SessionEvent[] = names.map((name, i) => ({ type: 'student-joined', at: d.now, studentId: `s${i}`, name, tokenHash: `h${i}` }));
    expect(await s.append('TESTCD', v, joined)).toBe('ok');
    const loaded = (await s.load('TESTCD'))!.events;
    expect(loaded).toHaveLength(v + names.length);
    // JSON.stringify writes a lone surrogate as the escape \ud800, so it comes back as it went in.
    expect(loaded.slice(v).map((e) => (e as Extract<SessionEvent, { type: 'student-joined' }>).name)).toEqual(names);
    expect(await client.exists(`${prefix}:events:TESTAB`)).toBe(1);
  });
});
