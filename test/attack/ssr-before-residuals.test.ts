// Found by an attack review, fixed since; kept as a regression test (issue 18: "nothing a student receives before a round's reveal ... contains a downstream
// exact value").
//
// WHAT WAS WRONG: the reveal itself treats the SSR as part of the residual link (stages.ts
// stepUpTo: `ssr` only once the residuals are shown), yet every snapshot carries it anyway:
// publicSession().ssr is the SSR at the current parameters (state.history.at(-1).ssr), and the
// projector's history has it too. While the forward pass is asked, a student therefore holds
// SSR = sum_i (Observed_i - Predicted_i)^2, a checksum of the very predictions she is asked for
// (and, with one residual unknown, the residual itself up to its sign). The staged-rounds test
// misses it because the SSR is not one of the values it lists.
import { describe, expect, it } from 'vitest';
import { lessonPlan } from '../../shared/session/stages.js';
import { fixed, inputs, observed, START } from '../grader/hand-work.js';
import { createSession, join, useTestServer, type Participant } from '../support/server.js';

const live = useTestServer();
const participants = live.participants;

const softplus = (x: number) => Math.log(1 + Math.exp(x));
/** The lesson's SSR at its starting parameters, worked with Math alone. */
const SSR = inputs.reduce((sum, input, i) => {
  const predicted = START.w3 * softplus(fixed.w1 * input + fixed.b1) + START.w4 * softplus(fixed.w2 * input + fixed.b2) + START.b3;
  return sum + (observed[i]! - predicted) ** 2;
}, 0);

function ssrIn(p: Participant): string[] {
  const found: string[] = [];
  for (const m of p.raw) for (const token of m.json.match(/-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g) ?? []) if (Math.abs(Number(token) - SSR) < 1e-12) found.push(`${m.event}: ${token}`);
  return found;
}

describe('the forward-pass stage', () => {
  it('sends no exact SSR (a checksum of the asked predictions) before the residuals are revealed', { timeout: 15_000 }, async () => {
    const plan = lessonPlan(2, ['w3', 'w4', 'b3']);
    const created = await createSession(live.server.url, { questions: { points: [...plan[0]!.questions.points], next: false } });
    const instructor = await join(live.server.url, { code: created.code, role: 'instructor', token: created.instructorToken });
    const projector = await join(live.server.url, { code: created.code, role: 'projector', key: created.projectorKey });
    const ana = await join(live.server.url, { code: created.code, role: 'student', name: 'Ana' });
    participants.push(instructor, projector, ana);
    expect(await instructor.send('round:open', {})).toMatchObject({ ok: true });
    const open = await ana.untilState((s) => s.session.phase === 'open', 'forward pass open');
    // The reveal's own rule: no SSR before the residuals (checked on the step a reveal would show).
    expect(open.session.reveal).toBeNull();
    // Fails: session.ssr is the exact SSR.
    expect(ssrIn(ana), 'exact SSR sent to the student while the forward pass is asked').toEqual([]);
    expect(ssrIn(projector), 'exact SSR sent to the projector while the forward pass is asked').toEqual([]);
  });
});
