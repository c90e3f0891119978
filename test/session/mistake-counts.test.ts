// Issue 17, case 5: the mistakes panel counted per field, so one student's single sign flip showed
// as "Follows from your own derivative: 6" above "Sign flipped: 3". Counted per student now, with
// follow-on credit apart (it is credit, not a mistake). Values by hand: the lesson's first step.
import { describe, expect, it } from 'vitest';
import { roundSummary } from '../../shared/session/stats.js';
import { Drive } from './fixtures.js';

// The lesson's first step, worked by hand (test/engine/lesson.test.ts): derivatives and step sizes
// at learning rate 0.01 from w3 = 0.36, w4 = 0.63, b3 = 0.
const D = { w3: 2.5780, w4: 1.2646, b3: 1.9044 };
const P = { w3: 0.36, w4: 0.63, b3: 0 };

describe('the mistakes of a round', () => {
  it('are counted once per student, and follow-on credit is not one of them', () => {
    const d = new Drive({ settings: { questions: { derivatives: ['w3', 'w4', 'b3'], steps: ['w3', 'w4', 'b3'], next: ['w3', 'w4', 'b3'] } } });
    for (const id of ['ana', 'ben', 'chloe']) d.join(id);
    d.do({ type: 'open' });
    const each = <T>(f: (p: 'w3' | 'w4' | 'b3') => T) => ({ w3: f('w3'), w4: f('w4'), b3: f('b3') });
    // Ana flips every sign and carries her own derivatives correctly through the step and the new value.
    d.do({ type: 'submit', studentId: 'ana', answers: { derivatives: each((p) => -D[p]), steps: each((p) => -0.01 * D[p]), next: each((p) => P[p] + 0.01 * D[p]) } });
    // Ben flips only the sign of dSSR/dw3, and carries it.
    d.do({ type: 'submit', studentId: 'ben', answers: { derivatives: { ...D, w3: -D.w3 }, steps: each((p) => (p === 'w3' ? -0.01 : 0.01) * D[p]), next: each((p) => P[p] - (p === 'w3' ? -0.01 : 0.01) * D[p]) } });
    // Chloé is right everywhere.
    d.do({ type: 'submit', studentId: 'chloe', answers: { derivatives: D, steps: each((p) => 0.01 * D[p]), next: each((p) => P[p] - 0.01 * D[p]) } });
    d.do({ type: 'reveal', by: 'instructor' });
    const summary = roundSummary(d.state)!;
    expect(summary.mistakes).toEqual({ 'sign-flipped': 2 });
    expect(summary.followOnStudents).toBe(2);
    // Per field the counts stay per field: dSSR/dw3 was flipped by both.
    expect(summary.fields.find((f) => f.quantity === 'derivatives' && f.param === 'w3')!.mistakes).toEqual({ 'sign-flipped': 2 });
    // No mistake count exceeds the number of students who answered.
    for (const n of Object.values(summary.mistakes)) expect(n).toBeLessThanOrEqual(summary.graded);
  });
});
