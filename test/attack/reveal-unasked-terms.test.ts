// Found by an attack review, fixed since; kept as a regression test (issue 18, "a reveal shows what that round asked and everything upstream of it in the
// chain, never what lies downstream, so a later stage is not spoiled").
//
// WHAT WAS WRONG: the reveal is cut by link only (stages.ts stepUpTo: `upTo` the deepest link),
// not by field. A stage that asks only the terms of w3 reveals the exact terms of EVERY parameter
// (w4's too), which were neither asked nor upstream of w3's terms. A lecturer who goes on with
// "now w4's terms and its derivative" opens a stage whose answers are already on every phone and
// on the projector (round.known.terms.w4; the derivative of w4 is their sum). The same holds one
// link up: a stage asking x1 reveals x2, a stage asking y1 reveals y2.
import { describe, expect, it } from 'vitest';
import { fixed, inputs, observed, START } from '../grader/hand-work.js';
import { createSession, join, useTestServer, type Participant } from '../support/server.js';

const live = useTestServer();
const participants = live.participants;

/** w4's exact term at each data point of the lesson's first step, worked with Math alone. */
const softplus = (x: number) => Math.log(1 + Math.exp(x));
const w4Terms = inputs.map((input, i) => {
  const y1 = softplus(fixed.w1 * input + fixed.b1);
  const y2 = softplus(fixed.w2 * input + fixed.b2);
  const predicted = START.w3 * y1 + START.w4 * y2 + START.b3;
  return -2 * (observed[i]! - predicted) * y2;
});

/** The exact w4 terms found as numbers in any message of `p` from message index `since` on. */
function w4TermsIn(p: Participant, since: number): string[] {
  const found: string[] = [];
  for (const m of p.raw.slice(since)) {
    for (const token of m.json.match(/-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g) ?? []) {
      if (w4Terms.some((t) => Math.abs(Number(token) - t) < 1e-12)) found.push(`${m.event}: ${token}`);
    }
  }
  return found;
}

describe('a stage asking only the terms of w3', () => {
  it('does not reveal the terms of w4, which a later stage asks', { timeout: 15_000 }, async () => {
    const created = await createSession(live.server.url, { questions: { terms: ['w3'], next: false } });
    const instructor = await join(live.server.url, { code: created.code, role: 'instructor', token: created.instructorToken });
    const projector = await join(live.server.url, { code: created.code, role: 'projector', key: created.projectorKey });
    const ana = await join(live.server.url, { code: created.code, role: 'student', name: 'Ana' });
    participants.push(instructor, projector, ana);
    const seen = { ana: ana.raw.length, projector: projector.raw.length };

    expect(await instructor.send('round:open', {})).toMatchObject({ ok: true });
    await ana.untilState((s) => s.session.phase === 'open', 'stage A open');
    expect(await ana.send('answer:submit', { terms: { w3: [0.308, -0.883, 3.15] } })).toMatchObject({ ok: true });
    expect(await instructor.send('round:reveal', {})).toMatchObject({ ok: true });
    await ana.until(() => ana.revealed.find((r) => r.round === 1), 'stage A revealed');

    // Stage B asks what stage A did not: w4's terms and its derivative.
    expect(await instructor.send('session:configure', { questions: { terms: ['w4'], derivatives: ['w4'], next: false } })).toMatchObject({ ok: true });
    expect(await instructor.send('round:open', {})).toMatchObject({ ok: true });
    const open = await ana.untilState((s) => s.session.phase === 'open' && s.session.round?.number === 2, 'stage B open');

    // Fails: known.terms holds { w3, w4, b3 }; w4's are exactly stage B's answers.
    expect(open.session.round!.known?.terms?.w4, 'stage B\'s answers shown to the student while it is open').toBeUndefined();
    expect(w4TermsIn(ana, seen.ana), 'exact w4 terms sent to the student').toEqual([]);
    expect(w4TermsIn(projector, seen.projector), 'exact w4 terms sent to the projector').toEqual([]);
  });
});
