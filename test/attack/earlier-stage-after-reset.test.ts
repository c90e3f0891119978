// Found by an attack review, fixed since; kept as a regression test (issue 18, follow-on credit across the stages of one iteration: decide.ts earlierStages).
//
// WHAT WAS WRONG: "earlier stages" are found by iteration number alone (r.iteration ===
// round.iteration && r.round < round.number). After `session:reset` the class passes the same
// iteration numbers again, and with another learning rate iteration 1 is another step (other
// parameters, other predictions). A stage asking the residuals at the new iteration 1 then builds
// follow-on credit on the student's predictions from the OLD iteration 1, answers to another
// problem made before the reset (right at the time). Here the student types the residuals of the
// old step: every one is graded "follows-from-own-prediction", 50 points each, though she gave
// no prediction at all in this pass.
import { describe, expect, it } from 'vitest';
import { createSession, join, useTestServer, type Participant } from '../support/server.js';

const live = useTestServer();
const participants = live.participants;

describe('a stage after a reset and a new learning rate', () => {
  it('does not build follow-on credit on answers to the same iteration number before the reset', { timeout: 20_000 }, async () => {
    const created = await createSession(live.server.url, { questions: { points: ['predicted'], next: false } });
    const instructor = await join(live.server.url, { code: created.code, role: 'instructor', token: created.instructorToken });
    const ana = await join(live.server.url, { code: created.code, role: 'student', name: 'Ana' });
    participants.push(instructor, ana);
    const ok = async (event: Parameters<Participant['send']>[0], payload: object = {}) => expect(await instructor.send(event, payload as never), event).toMatchObject({ ok: true });

    // Iteration 0, revealed; advance to iteration 1 at the default learning rate.
    await ok('round:open');
    await ok('round:reveal');
    await ok('round:advance', { open: false });
    // Iteration 1: Ana gets the predictions right.
    await ok('round:open');
    const open2 = await ana.untilState((s) => s.session.phase === 'open' && s.session.round?.number === 2, 'round 2 open');
    expect(open2.session.iteration).toBe(1);
    // Worked from the parameters on screen (the moved output layer) with Math alone.
    const q = open2.session.params;
    const softplus = (x: number) => Math.log(1 + Math.exp(x));
    const oldPredicted = open2.session.data.map((p) => q.w3! * softplus(q.w1! * p.input + q.b1!) + q.w4! * softplus(q.w2! * p.input + q.b2!) + q.b3!);
    expect(await ana.send('answer:submit', { points: { predicted: oldPredicted.map((v) => Number(v.toPrecision(3))) } })).toMatchObject({ ok: true });
    await ok('round:reveal');
    const right = await ana.until(() => ana.graded.find((g) => g.round === 2), 'round 2 graded');
    expect(right.fields.map((f) => f.credit)).toEqual(['full', 'full', 'full']);
    // Reset, a new learning rate, back to iteration 1 by another step.
    await ok('session:reset');
    await ok('session:configure', { learningRate: 0.1, questions: { points: ['residual'] } });
    await ok('round:open');
    await ok('round:reveal');
    await ok('round:advance', { open: false });
    await ok('round:open');
    const open4 = await ana.untilState((s) => s.session.phase === 'open' && s.session.round?.number === 4, 'round 4 open');
    expect(open4.session.iteration).toBe(1);
    const observed = open4.session.data.map((p) => p.observed);
    // The residuals of the OLD iteration 1 (from the old predictions).
    const stale = oldPredicted.map((p, i) => Number((observed[i]! - Number(p.toPrecision(3))).toPrecision(3)));
    expect(await ana.send('answer:submit', { points: { residual: stale } })).toMatchObject({ ok: true });
    await ok('round:reveal');
    const graded = await ana.until(() => ana.graded.find((g) => g.round === 4), 'round 4 graded');
    for (const f of graded.fields) expect(f.correct, `residual at ${f.point} is not this step's`).toBe(false);
    // Fails: credit 'follow-on', followOn 'follows-from-own-prediction' at every point.
    expect(graded.fields.map((f) => f.credit)).toEqual(['none', 'none', 'none']);
  });
});
