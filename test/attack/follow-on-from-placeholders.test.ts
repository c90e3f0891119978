// Found by attack (issue 18, follow-on credit down the chain; grade.ts followOnFromLinks); fixed:
// a link is built on only where a catalogued slip or follow-on further up explains the student's
// number. What the attack showed: follow-on credit is meant for a value "computed correctly from the student's own
// wrong" upstream link. The guard refuses to build on values about zero ("zeros typed everywhere
// must not earn credit down the chain"), but any other placeholder passes: a student who knows
// nothing types 0.1 for every term (the same number at every dose, explained by no slip and no
// computation), adds them up (0.3) and subtracts 0.01 x 0.3 from each parameter, and earns half
// credit on every derivative and every new value: 300 points in the lesson's third stage, on
// the leaderboard, for arithmetic any student does without the chain rule. A student who leaves
// the terms empty and gets the derivative wrong on her own earns 0.
import { describe, expect, it } from 'vitest';
import { lessonPlan } from '../../shared/session/stages.js';
import { START } from '../grader/hand-work.js';
import { createSession, join, useTestServer, type Participant } from '../support/server.js';

const live = useTestServer();
const participants = live.participants;

describe('the terms, derivatives and update stage', () => {
  it('gives no credit down the chain from placeholder terms (0.1 at every dose)', { timeout: 15_000 }, async () => {
    const plan = lessonPlan(2, ['w3', 'w4', 'b3']);
    const created = await createSession(live.server.url, { questions: plan[2]!.questions });
    const instructor = await join(live.server.url, { code: created.code, role: 'instructor', token: created.instructorToken });
    const gamer = await join(live.server.url, { code: created.code, role: 'student', name: 'Gamer' });
    participants.push(instructor, gamer);
    expect(await instructor.send('round:open', {})).toMatchObject({ ok: true });
    await gamer.untilState((s) => s.session.phase === 'open', 'open');
    const t = [0.1, 0.1, 0.1];
    const sum = 0.3;
    const next = { w3: Number((START.w3 - 0.01 * sum).toPrecision(3)), w4: Number((START.w4 - 0.01 * sum).toPrecision(3)), b3: -0.01 * sum };
    expect(await gamer.send('answer:submit', { terms: { w3: t, w4: t, b3: t }, derivatives: { w3: sum, w4: sum, b3: sum }, next })).toMatchObject({ ok: true });
    expect(await instructor.send('round:reveal', {})).toMatchObject({ ok: true });
    const graded = await gamer.until(() => gamer.graded.find((g) => g.round === 1), 'graded');
    // No term is right, and none is a catalogued slip.
    for (const f of graded.fields.filter((f) => f.quantity === 'terms')) expect(f, `term ${f.param} ${f.point}`).toMatchObject({ correct: false, credit: 'none' });
    const credited = graded.fields.filter((f) => f.credit !== 'none').map((f) => `${f.quantity} ${f.param}: ${f.credit} ${f.followOn ?? ''}`);
    // Was: 6 fields "follow-on" (follows-from-own-terms on each derivative, follows-from-own-derivative
    // on each new value), 300 points. The sum of placeholders earns nothing now. The update from
    // one's own derivative, whatever it is, still earns its half credit (docs/engine.md: the
    // update rule applied right is the method): 3 x 50.
    expect(credited.filter((c) => c.startsWith('derivatives')), 'credit earned by summing placeholders').toEqual([]);
    expect(credited).toEqual(['next w3: follow-on follows-from-own-derivative', 'next w4: follow-on follows-from-own-derivative', 'next b3: follow-on follows-from-own-derivative']);
    expect(graded.points).toBe(150);
  });
});
