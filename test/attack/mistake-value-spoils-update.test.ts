// Found by an attack review, fixed since; kept as a regression test (issue 18: "a reveal shows what that round asked and everything upstream ... never what
// lies downstream"; the latest commit: "a derivatives-only round shows its derivatives, not the
// step and new value").
//
// WHAT WAS WRONG: the projector's round summary (stats.ts roundSummary, `mistakeValues`) shows, for
// each catalogued mistake a student made, the value that mistake gives. For a derivative the
// "wrong quantity" slip's values ARE the exact step size and the exact new value. So in a
// derivatives-only stage, one student who types the new value in the derivative box puts the
// exact step (and with another variant the new value) of the next stage on the projector, to
// 12+ digits. The reveal cut (stages.ts) does not reach the summary's mistake values.
import { describe, expect, it } from 'vitest';
import { fixed, inputs, observed, START } from '../grader/hand-work.js';
import { createSession, join, useTestServer, type Participant } from '../support/server.js';

const live = useTestServer();
const participants = live.participants;

const LR = 0.01;
const softplus = (x: number) => Math.log(1 + Math.exp(x));
/** dSSR/dw3 at the lesson's start, its step and new value, worked with Math alone. */
const dw3 = inputs.reduce((sum, input, i) => {
  const y1 = softplus(fixed.w1 * input + fixed.b1);
  const predicted = START.w3 * y1 + START.w4 * softplus(fixed.w2 * input + fixed.b2) + START.b3;
  return sum + -2 * (observed[i]! - predicted) * y1;
}, 0);
const downstream = { step: dw3 * LR, next: START.w3 - dw3 * LR };

function downstreamIn(p: Participant, since: number): string[] {
  const found: string[] = [];
  for (const m of p.raw.slice(since)) {
    for (const token of m.json.match(/-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g) ?? []) {
      for (const [name, v] of Object.entries(downstream)) if (Math.abs(Number(token) - v) < 1e-12) found.push(`${m.event}: exact ${name} ${token}`);
    }
  }
  return found;
}

describe('a derivatives-only stage', () => {
  it('puts no exact step or new value on the projector when a student types the new value as the derivative', { timeout: 15_000 }, async () => {
    const created = await createSession(live.server.url, { questions: { derivatives: ['w3'], next: false } });
    const instructor = await join(live.server.url, { code: created.code, role: 'instructor', token: created.instructorToken });
    const projector = await join(live.server.url, { code: created.code, role: 'projector', key: created.projectorKey });
    const ana = await join(live.server.url, { code: created.code, role: 'student', name: 'Ana' });
    participants.push(instructor, projector, ana);
    expect(await instructor.send('round:open', {})).toMatchObject({ ok: true });
    await ana.untilState((s) => s.session.phase === 'open', 'open');
    // Ana mixes up the boxes: she writes the new value of w3 where the derivative goes.
    expect(await ana.send('answer:submit', { derivatives: { w3: Number(downstream.next.toPrecision(3)) } })).toMatchObject({ ok: true });
    const since = projector.raw.length;
    expect(await instructor.send('round:reveal', {})).toMatchObject({ ok: true });
    const graded = await ana.until(() => ana.graded.find((g) => g.round === 1), 'graded');
    expect(graded.fields[0]).toMatchObject({ correct: false, mistake: 'wrong-quantity' });
    const summary = await projector.until(() => (projector.projectorView.summary?.round === 1 ? projector.projectorView.summary : undefined), 'the summary on the projector');
    expect(summary.fields[0]!.mistakes).toMatchObject({ 'wrong-quantity': 1 });
    // The derivative itself is revealed; the step and the new value are the next stage's.
    expect(projector.state.session.reveal!.step.steps).toBeUndefined();
    // Fails: summary.fields[0].mistakeValues['wrong-quantity'] is the exact step.
    expect(downstreamIn(projector, since), 'exact step or new value sent to the projector').toEqual([]);
  });
});
