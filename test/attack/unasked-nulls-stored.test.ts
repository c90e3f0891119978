// Found by an attack review, fixed since; kept as a regression test (issue 18, answer:submit with points/terms: "asking for a link the round does not ask is
// refused"; decide.ts checkAnswers: "only asked fields").
//
// WHAT WAS WRONG: checkAnswers returns early for a null entry before it checks whether the field
// is asked, so any per-point quantity of the network and any parameter name (even one that is not
// trainable, and with fewer entries than the data has points) is accepted as long as its entries
// are null, and stored verbatim in the answer event, the SQLite `answers` row and the echo to the
// student. A client can park up to 64 x 64 arbitrary keys in every saved answer of every student
// (kept for the session's life in the log), and the stored answer no longer says only what the
// round asked. The same request with a number in place of a null is refused.
import { describe, expect, it } from 'vitest';
import { createSession, join, useTestServer, type Participant } from '../support/server.js';

const live = useTestServer();
const participants = live.participants;

describe('an answer naming links the round does not ask, left empty', () => {
  it('is refused as the same answer with numbers is', { timeout: 15_000 }, async () => {
    const created = await createSession(live.server.url, { questions: { points: ['y1'], next: false } });
    const instructor = await join(live.server.url, { code: created.code, role: 'instructor', token: created.instructorToken });
    const ana = await join(live.server.url, { code: created.code, role: 'student', name: 'Ana' });
    participants.push(instructor, ana);
    expect(await instructor.send('round:open', {})).toMatchObject({ ok: true });
    await ana.untilState((s) => s.session.phase === 'open', 'open');
    // With a number, an unasked link is refused.
    expect(await ana.send('answer:submit', { points: { y1: [0.215, null, null], residual: [0.1, null, null] } })).toMatchObject({ ok: false, error: { code: 'invalid-answer' } });
    // w1 is not even trainable in this preset; the round asks no term at all.
    const ack = await ana.send('answer:submit', { points: { y1: [0.215, null, null], residual: [null, null, null] }, terms: { w1: [null], w99: [null, null] } });
    // Fails: ok, and `stored` holds residual, w1 and w99.
    expect(ack, 'unasked links with empty entries').toMatchObject({ ok: false, error: { code: 'invalid-answer' } });
  });
});
