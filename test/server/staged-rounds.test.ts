// Issue 18 over real sockets: the lesson's first iteration worked link by link in three stages
// (the forward pass, the shared term, then the terms, the derivatives and the update), each
// student graded against numbers worked here independently of the engine, and nothing a student
// or the projector receives before a stage's reveal, or after the reveal of an earlier stage,
// holding an exact value further down the chain.
import { describe, expect, it } from 'vitest';
import { lessonPlan } from '../../shared/session/stages.js';
import type { AnswerGradedPayload } from '../../shared/protocol/events.js';
import { fixed, inputs, keeper, observed, paperLinks, START } from '../grader/hand-work.js';
import { createSession, join, useTestServer, type Participant } from '../support/server.js';

const live = useTestServer();
const participants = live.participants;

const LR = 0.01;
const r3 = keeper({ significant: 3 });

/** Every exact value of the lesson's first step, by link, worked with Math alone. */
function exactLinks() {
  const softplus = (x: number) => Math.log(1 + Math.exp(x));
  const points = inputs.map((input, i) => {
    const x1 = fixed.w1 * input + fixed.b1;
    const x2 = fixed.w2 * input + fixed.b2;
    const y1 = softplus(x1);
    const y2 = softplus(x2);
    const predicted = START.w3 * y1 + START.w4 * y2 + START.b3;
    const residual = observed[i]! - predicted;
    const shared = -2 * residual;
    return { x1, y1, x2, y2, predicted, residual, dssrDpredicted: shared, terms: { w3: shared * y1, w4: shared * y2, b3: shared } };
  });
  const derivatives = { w3: 0, w4: 0, b3: 0 };
  for (const p of points) for (const k of ['w3', 'w4', 'b3'] as const) derivatives[k] += p.terms[k];
  const steps = { w3: derivatives.w3 * LR, w4: derivatives.w4 * LR, b3: derivatives.b3 * LR };
  const next = { w3: START.w3 - steps.w3, w4: START.w4 - steps.w4, b3: START.b3 - steps.b3 };
  return { points, derivatives, steps, next };
}
const exact = exactLinks();

/** The exact values of each link (flat), for the checks on what was sent. */
const byLink = {
  x: exact.points.flatMap((p) => [p.x1, p.x2]),
  y: exact.points.flatMap((p) => [p.y1, p.y2]),
  predicted: exact.points.map((p) => p.predicted),
  residual: exact.points.map((p) => p.residual),
  dssrDpredicted: exact.points.map((p) => p.dssrDpredicted),
  terms: exact.points.flatMap((p) => [p.terms.w3, p.terms.w4]),
  derivatives: Object.values(exact.derivatives),
  steps: Object.values(exact.steps),
  next: Object.values(exact.next),
};
const ORDER = Object.keys(byLink) as Array<keyof typeof byLink>;

/**
 * Fails if any message holds an exact value of a link from `from` on (chain order) that no link
 * before it shares (b3's terms are the shared term itself; a value equal to one shown is no secret).
 */
function expectNothingFrom(p: Participant, from: keyof typeof byLink, since: number, what: string, typed: readonly number[] = []): void {
  // The parameters and the data are given: x at dose 0 is the bias itself.
  const given = [...Object.values(fixed), ...Object.values(START), ...inputs, ...observed];
  // What the student typed comes back to her (her stored answer), even where it equals the exact value.
  const shown = new Set([...given, ...typed, ...ORDER.slice(0, ORDER.indexOf(from)).flatMap((l) => byLink[l])]);
  const hidden = new Map(ORDER.slice(ORDER.indexOf(from)).flatMap((l) => byLink[l].filter((v) => !shown.has(v)).map((v) => [v, l] as const)));
  const messages = p.raw.slice(since);
  expect(messages.length, what).toBeGreaterThan(0);
  for (const m of messages) {
    // Every number in the message, as the number it is (not a substring of a longer one).
    for (const token of m.json.match(/-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g) ?? []) {
      const link = hidden.get(Number(token));
      if (link) throw new Error(`${what}: ${m.event} holds the exact ${link} ${token}`);
    }
  }
}

const gradedOf = (p: Participant, round: number): AnswerGradedPayload['fields'] => p.graded.find((g) => g.round === round)!.fields;
const field = (fields: AnswerGradedPayload['fields'], quantity: string, at: number | string) => fields.find((f) => f.quantity === quantity && (f.point === at || f.param === at))!;

describe('the lesson\'s first iteration in three stages, over real sockets', () => {
  it('grades every stage against numbers worked by hand, and never sends a value before its stage is revealed', { timeout: 30_000 }, async () => {
    const plan = lessonPlan(2, ['w3', 'w4', 'b3']);
    const created = await createSession(live.server.url, { questions: { points: [...plan[0]!.questions.points!], next: false } });
    const instructor = await join(live.server.url, { code: created.code, role: 'instructor', token: created.instructorToken });
    const projector = await join(live.server.url, { code: created.code, role: 'projector', key: created.projectorKey });
    const ana = await join(live.server.url, { code: created.code, role: 'student', name: 'Ana' });
    const ben = await join(live.server.url, { code: created.code, role: 'student', name: 'Ben' });
    const cem = await join(live.server.url, { code: created.code, role: 'student', name: 'Cem' });
    participants.push(instructor, projector, ana, ben, cem);
    // Hints are on, but the round about to open asks for x and y: not shown until they are revealed.
    expect(ana.state.session.settings.hints).toBe(true);
    expect(ana.state.session.hidden).toBeNull();

    // Stage 1, the forward pass: Ana right at 3 significant digits; Ben takes SoftPlus as max(0, x).
    expect(await instructor.send('round:open', {})).toMatchObject({ ok: true });
    await ana.untilState((s) => s.session.phase === 'open', 'stage 1 open');
    expect(ana.state.session.hidden).toBeNull();
    const right = paperLinks();
    const relu = paperLinks({ activation: 'relu' });
    const forward = (p: typeof right) => ({ x1: p.map((q) => q.x1), y1: p.map((q) => q.y1), x2: p.map((q) => q.x2), y2: p.map((q) => q.y2), predicted: p.map((q) => q.predicted) });
    const anaTyped: number[] = [];
    const typedBy = (answer: object) => JSON.stringify(answer).match(/-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g)!.map(Number);
    anaTyped.push(...typedBy(forward(right)));
    expect(await ana.send('answer:submit', { points: forward(right) })).toMatchObject({ ok: true });
    expect(await ben.send('answer:submit', { points: forward(relu) })).toMatchObject({ ok: true });
    // Cem too, and in the next stage he carries on from his own predictions.
    expect(await cem.send('answer:submit', { points: forward(relu) })).toMatchObject({ ok: true });
    expectNothingFrom(ana, 'x', 0, 'stage 1 open, to Ana', anaTyped);
    expectNothingFrom(projector, 'x', 0, 'stage 1 open, to the projector');
    let seen = { ana: ana.raw.length, projector: projector.raw.length };
    expect(await instructor.send('round:reveal', {})).toMatchObject({ ok: true });
    await ana.until(() => ana.graded.find((g) => g.round === 1), 'stage 1 graded');
    await ben.until(() => ben.graded.find((g) => g.round === 1), 'stage 1 graded');
    const a1 = gradedOf(ana, 1);
    expect(a1).toHaveLength(5 * 3);
    for (const f of a1) {
      expect(f, `${f.quantity} at ${f.point}`).toMatchObject({ correct: true, credit: 'full' });
      expect(f.exact).toBeCloseTo((exact.points[f.point!] as unknown as Record<string, number>)[f.quantity]!, 12);
    }
    const b1 = gradedOf(ben, 1);
    // x is right; y at dose 0 (x1 = -1.43) is 0 under ReLU: named; the prediction follows from his own y.
    expect(field(b1, 'x1', 0)).toMatchObject({ correct: true });
    expect(field(b1, 'y1', 0)).toMatchObject({ correct: false, mistake: 'softplus-as-relu', credit: 'none' });
    expect(field(b1, 'predicted', 0)).toMatchObject({ correct: false, credit: 'follow-on', followOn: 'follows-from-own-y' });
    const revealed1 = (await ana.until(() => ana.revealed.find((r) => r.round === 1), 'stage 1 revealed')).session;
    expect(revealed1.reveal!.step.upTo).toBe('predicted');
    // Revealed: the hints show x and y again.
    expect(revealed1.hidden![0]![0]!.y).toBe(exact.points[0]!.y1);
    expectNothingFrom(ana, 'residual', seen.ana, 'stage 1 revealed, to Ana', anaTyped);
    expectNothingFrom(projector, 'residual', seen.projector, 'stage 1 revealed, to the projector');
    const summary1 = await projector.until(() => (projector.projectorView.summary?.round === 1 ? projector.projectorView.summary : undefined), 'the stage 1 summary on the projector');
    // Ben's y went wrong at every dose where ReLU differs; x was right.
    expect(summary1.worstLink).toBe('y');
    expect(summary1.links.map((l) => l.link)).toEqual(['x', 'y', 'predicted']);

    // Stage 2, the shared term, on the same iteration: Ana right; Ben reverses the residual.
    seen = { ana: ana.raw.length, projector: projector.raw.length };
    expect(await instructor.send('session:configure', { questions: plan[1]!.questions })).toMatchObject({ ok: true });
    expect(await instructor.send('round:open', {})).toMatchObject({ ok: true });
    await ana.untilState((s) => s.session.phase === 'open' && s.session.round?.number === 2, 'stage 2 open');
    expect(ana.state.session.iteration).toBe(0);
    // The forward pass stays shown while the shared term is asked.
    expect(ana.state.session.round!.known!.points[1]!.predicted).toBe(exact.points[1]!.predicted);
    expect(ana.state.session.round!.known!.points[1]!.residual).toBeUndefined();
    const reversed = paperLinks({ residualReversed: true });
    const shared = (p: typeof right) => ({ residual: p.map((q) => q.residual), dssrDpredicted: p.map((q) => q.dssrDpredicted) });
    anaTyped.push(...typedBy(shared(right)));
    expect(await ana.send('answer:submit', { points: shared(right) })).toMatchObject({ ok: true });
    expect(await ben.send('answer:submit', { points: shared(reversed) })).toMatchObject({ ok: true });
    expect(await cem.send('answer:submit', { points: shared(relu) })).toMatchObject({ ok: true });
    // Asking for a link the round does not ask is refused, and changes nothing.
    expect(await ben.send('answer:submit', { points: { predicted: [0.1, 0.2, 0.3] } })).toMatchObject({ ok: false, error: { code: 'invalid-answer' } });
    expectNothingFrom(ana, 'residual', seen.ana, 'stage 2 open, to Ana', anaTyped);
    expectNothingFrom(projector, 'residual', seen.projector, 'stage 2 open, to the projector');
    seen = { ana: ana.raw.length, projector: projector.raw.length };
    expect(await instructor.send('round:reveal', {})).toMatchObject({ ok: true });
    await ben.until(() => ben.graded.find((g) => g.round === 2), 'stage 2 graded');
    await ana.until(() => ana.graded.find((g) => g.round === 2), 'stage 2 graded');
    // Cem's residuals come from his own wrong predictions of stage 1: credit carried across the stages.
    const c2 = (await cem.until(() => cem.graded.find((g) => g.round === 2), 'stage 2 graded')).fields;
    for (let i = 0; i < 3; i++) {
      expect(field(c2, 'residual', i)).toMatchObject({ correct: false, credit: 'follow-on', followOn: 'follows-from-own-prediction' });
      expect(field(c2, 'dssrDpredicted', i)).toMatchObject({ correct: false, credit: 'follow-on' });
    }
    for (const f of gradedOf(ana, 2)) {
      expect(f).toMatchObject({ correct: true, credit: 'full' });
      expect(f.exact).toBeCloseTo((exact.points[f.point!] as unknown as Record<string, number>)[f.quantity]!, 12);
    }
    const b2 = gradedOf(ben, 2);
    for (let i = 0; i < 3; i++) {
      expect(field(b2, 'residual', i)).toMatchObject({ correct: false, mistake: 'residual-reversed', credit: 'none' });
      expect(field(b2, 'dssrDpredicted', i)).toMatchObject({ correct: false, credit: 'follow-on', followOn: 'follows-from-own-residual' });
    }
    const revealed2 = (await ana.until(() => ana.revealed.find((r) => r.round === 2), 'stage 2 revealed')).session;
    expect(revealed2.reveal!.step.upTo).toBe('dssrDpredicted');
    expectNothingFrom(ana, 'terms', seen.ana, 'stage 2 revealed, to Ana', anaTyped);
    expectNothingFrom(projector, 'terms', seen.projector, 'stage 2 revealed, to the projector');

    // Stage 3: the terms, the derivatives and the new values. Ben leaves out the factor 2 in the
    // shared term of every term, and sums his own terms correctly.
    seen = { ana: ana.raw.length, projector: projector.raw.length };
    expect(await instructor.send('session:configure', { questions: plan[2]!.questions })).toMatchObject({ ok: true });
    expect(await instructor.send('round:open', {})).toMatchObject({ ok: true });
    await ana.untilState((s) => s.session.phase === 'open' && s.session.round?.number === 3, 'stage 3 open');
    const work = (p: typeof right) => {
      const terms = { w3: p.map((q) => q.terms.w3), w4: p.map((q) => q.terms.w4), b3: p.map((q) => q.terms.b3) };
      const derivatives = { w3: r3(terms.w3.reduce((s, t) => s + t, 0)), w4: r3(terms.w4.reduce((s, t) => s + t, 0)), b3: r3(terms.b3.reduce((s, t) => s + t, 0)) };
      const next = { w3: r3(START.w3 - r3(derivatives.w3 * LR)), w4: r3(START.w4 - r3(derivatives.w4 * LR)), b3: r3(START.b3 - r3(derivatives.b3 * LR)) };
      return { terms, derivatives, next };
    };
    const half = paperLinks({ shared: -1 });
    anaTyped.push(...typedBy(work(right)));
    expect(await ana.send('answer:submit', work(right))).toMatchObject({ ok: true });
    expect(await ben.send('answer:submit', work(half))).toMatchObject({ ok: true });
    expectNothingFrom(ana, 'terms', seen.ana, 'stage 3 open, to Ana', anaTyped);
    expectNothingFrom(projector, 'terms', seen.projector, 'stage 3 open, to the projector');
    expect(await instructor.send('round:reveal', {})).toMatchObject({ ok: true });
    await ben.until(() => ben.graded.find((g) => g.round === 3), 'stage 3 graded');
    await ana.until(() => ana.graded.find((g) => g.round === 3), 'stage 3 graded');
    const a3 = gradedOf(ana, 3);
    expect(a3).toHaveLength(9 + 3 + 3);
    for (const f of a3) {
      expect(f, `${f.quantity} ${f.param} ${f.point ?? ''}`).toMatchObject({ correct: true, credit: 'full' });
      const want = f.quantity === 'terms' ? exact.points[f.point!]!.terms[f.param as 'w3'] : exact[f.quantity as 'derivatives' | 'next'][f.param as 'w3'];
      expect(f.exact).toBeCloseTo(want, 12);
    }
    const b3 = gradedOf(ben, 3);
    const term = (param: string, point: number) => b3.find((f) => f.quantity === 'terms' && f.param === param && f.point === point)!;
    expect(term('w3', 0)).toMatchObject({ correct: false, mistake: 'missing-factor-2', credit: 'none' });
    expect(term('b3', 2)).toMatchObject({ correct: false, mistake: 'missing-factor-2', credit: 'none' });
    // At dose 0.5, SoftPlus taken as max(0, x) happens to give nearly the same term of w3 (-0.4385
    // against -0.441): both are named, the closer fit first.
    const both = term('w3', 1);
    expect([both.mistake, ...(both.alsoFits ?? [])]).toEqual(expect.arrayContaining(['missing-factor-2', 'softplus-as-relu']));
    for (const p of ['w3', 'w4', 'b3']) {
      expect(field(b3, 'derivatives', p)).toMatchObject({ correct: false, credit: 'follow-on', followOn: 'follows-from-own-terms' });
      expect(field(b3, 'next', p)).toMatchObject({ correct: false, credit: 'follow-on', followOn: 'follows-from-own-derivative' });
    }
    const step = (await ana.until(() => ana.revealed.find((r) => r.round === 3), 'stage 3 revealed')).session.reveal!.step;
    expect(step.upTo).toBe('next');
    expect(step.next!.w3).toBeCloseTo(exact.next.w3, 12);

    // Only now do the parameters move.
    expect(await instructor.send('round:advance', { open: false })).toMatchObject({ ok: true });
    const moved = await ana.untilState((s) => s.session.iteration === 1, 'advanced');
    expect(moved.session.params.w3).toBeCloseTo(exact.next.w3, 12);
    // Three rounds on iteration 0, scored each: Ana has 15 + 6 + 15 fields right.
    expect(ana.graded.find((g) => g.round === 3)!.total).toBe(100 * (15 + 6 + 15));
  });
});
