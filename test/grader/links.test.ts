// Every link of the chain rule on the lesson's first step, graded against a student's work on
// paper written here, independently of the engine and the grader: the forward pass, the residual,
// the shared term dSSR/dPredicted, each parameter's term at each dose; each slip students make at
// a link diagnosed as itself; and follow-on credit carried down the chain from a wrong link.
import { describe, expect, it } from 'vitest';
import { resolvePreset, stepFrom, toStepRecord } from '../../shared/engine/index.js';
import { answerSetOf, buildSheet, gradeAnswers, gradeField, type FieldRef, type MistakeId, type QuestionSheet } from '../../shared/grader/index.js';
import { fixed, inputs, keeper, observed, paperLinks as paper, START, type LinkSlip } from './hand-work.js';

const lesson = resolvePreset('three-parameters');
const step = toStepRecord(stepFrom(lesson.setup, lesson.params));
const POINTS = inputs.length;
const TRAINABLE = ['w3', 'w4', 'b3'] as const;

const everything = { derivatives: [...TRAINABLE], steps: [...TRAINABLE], next: [...TRAINABLE], points: ['x1', 'y1', 'x2', 'y2', 'predicted', 'residual', 'dssrDpredicted'], terms: [...TRAINABLE] };
const sheet: QuestionSheet = buildSheet(step, null, { asked: [], precision: { significant: 3 }, tolerance: null });

const at = (quantity: FieldRef['quantity'], point: number, param?: string): FieldRef => ({ quantity, point, ...(param !== undefined && { param }) });
const valueOn = (p: ReturnType<typeof paper>, f: FieldRef): number => (f.quantity === 'terms' ? p[f.point!]!.terms[f.param as 'w3']! : (p[f.point!] as unknown as Record<string, number>)[f.quantity]!);
const gradeOne = (f: FieldRef, value: number) => gradeField(sheet, answerSetOf([[f, value]], POINTS), f);

describe('the exact values of every link, against the lesson worked by hand', () => {
  it('x, y, the prediction, the residual, dSSR/dPredicted and each term at every dose', () => {
    const exact = inputs.map((input, i) => {
      const x1 = fixed.w1 * input + fixed.b1;
      const x2 = fixed.w2 * input + fixed.b2;
      const y1 = Math.log(1 + Math.exp(x1));
      const y2 = Math.log(1 + Math.exp(x2));
      const predicted = START.w3 * y1 + START.w4 * y2 + START.b3;
      const shared = -2 * (observed[i]! - predicted);
      return { x1, y1, x2, y2, predicted, residual: observed[i]! - predicted, dssrDpredicted: shared, terms: { w3: shared * y1, w4: shared * y2, b3: shared } };
    });
    // Worked on a calculator: y1 at dose 0 = ln(1 + e^-1.43) = 0.2146; at dose 0.5, x1 = 0.24,
    // x2 = -1.195, y1 = 0.8203, y2 = 0.2644 and the prediction 0.36 x 0.8203 + 0.63 x 0.2644 = 0.4619.
    expect(exact[0]!.y1).toBeCloseTo(0.2146, 4);
    expect(exact[1]!.predicted).toBeCloseTo(0.4619, 4);
    for (let i = 0; i < POINTS; i++) {
      for (const q of ['x1', 'y1', 'x2', 'y2', 'predicted', 'residual', 'dssrDpredicted'] as const) expect(sheet.fields[`${q}:${i}`]!.exact).toBeCloseTo(exact[i]![q], 12);
      for (const p of TRAINABLE) expect(sheet.fields[`terms:${p}:${i}`]!.exact).toBeCloseTo(exact[i]!.terms[p], 12);
    }
  });

  it('grades the careful hand computation right in every link at every dose', () => {
    const right = paper();
    for (const f of Object.values(sheet.fields)) {
      if (f.point === undefined) continue;
      const g = gradeOne(f, valueOn(right, f));
      expect(g, `${f.quantity} ${f.param ?? ''} at ${f.point}`).toMatchObject({ correct: true, credit: 'full' });
    }
  });
});

describe('each slip at a link, on the lesson\'s first step, is diagnosed as itself', () => {
  const cases: Array<{ mistake: MistakeId; slip: LinkSlip; fields: FieldRef[] }> = [
    { mistake: 'softplus-as-relu', slip: { activation: 'relu' }, fields: [at('y1', 0), at('y1', 1), at('y2', 1), at('y2', 2)] },
    { mistake: 'softplus-as-exp', slip: { activation: 'exp' }, fields: [at('y1', 0), at('y1', 2), at('y2', 0), at('y2', 1)] },
    { mistake: 'softplus-log10', slip: { activation: 'log10' }, fields: [at('y1', 0), at('y1', 1), at('y1', 2), at('y2', 0)] },
    { mistake: 'bias-left-out', slip: { bias: 'omitted' }, fields: [at('x1', 0), at('x1', 1), at('x2', 2)] },
    { mistake: 'bias-sign-flipped', slip: { bias: 'negated' }, fields: [at('x1', 0), at('x2', 1), at('x1', 2)] },
    { mistake: 'wrong-input', slip: { input: { point: 1, from: 2 } }, fields: [at('x1', 1), at('x2', 1)] },
    { mistake: 'wrong-input', slip: { input: { point: 2, from: 0 } }, fields: [at('x1', 2), at('x2', 2)] },
    { mistake: 'residual-reversed', slip: { residualReversed: true }, fields: [at('residual', 0), at('residual', 1), at('residual', 2)] },
    { mistake: 'missing-minus-2', slip: { shared: 1 }, fields: [at('dssrDpredicted', 0), at('dssrDpredicted', 1), at('dssrDpredicted', 2)] },
    { mistake: 'sign-flipped', slip: { shared: 2 }, fields: [at('dssrDpredicted', 0), at('dssrDpredicted', 1), at('dssrDpredicted', 2)] },
    { mistake: 'missing-factor-2', slip: { shared: -1 }, fields: [at('dssrDpredicted', 0), at('dssrDpredicted', 1), at('dssrDpredicted', 2)] },
    { mistake: 'swapped-inputs', slip: { swapY: true }, fields: [at('terms', 0, 'w3'), at('terms', 1, 'w4'), at('terms', 2, 'w3')] },
  ];
  for (const c of cases) {
    it(`${c.mistake} (${JSON.stringify(c.slip)}) at ${c.fields.map((f) => `${f.quantity}${f.param ? ` ${f.param}` : ''} at dose ${inputs[f.point!]}`).join(', ')}`, () => {
      const wrong = paper(c.slip);
      for (const f of c.fields) {
        const g = gradeOne(f, valueOn(wrong, f));
        expect(g, `${f.quantity} at ${f.point}: ${valueOn(wrong, f)} (exact ${g.exact})`).toMatchObject({ correct: false, credit: 'none', mistake: c.mistake });
      }
    });
  }

  it('the residual reversed, carried to dSSR/dPredicted, is the sign flipped there (and says it cannot tell which)', () => {
    const wrong = paper({ residualReversed: true });
    const g = gradeOne(at('dssrDpredicted', 1), valueOn(wrong, at('dssrDpredicted', 1)));
    expect(g.correct).toBe(false);
    expect([g.mistake, ...(g.alsoFits ?? [])]).toEqual(expect.arrayContaining(['sign-flipped', 'residual-reversed']));
  });
});

describe('follow-on credit down the chain', () => {
  it('from a wrong prediction to the shared term to the derivative, the step and the new value', () => {
    // SoftPlus taken as ReLU: every prediction is wrong; the rest is computed right from it.
    const own = paper({ activation: 'relu' });
    const r = keeper({ significant: 3 });
    const derivative = { w3: 0, w4: 0, b3: 0 };
    const exactY = paper();
    for (let i = 0; i < POINTS; i++) {
      // dSSR/dw3 from the student's own shared term and the (right) y from the lesson's hint.
      derivative.w3 += r(own[i]!.dssrDpredicted * exactY[i]!.y1);
      derivative.w4 += r(own[i]!.dssrDpredicted * exactY[i]!.y2);
      derivative.b3 += own[i]!.dssrDpredicted;
    }
    const values: Array<[FieldRef, number]> = [];
    for (let i = 0; i < POINTS; i++) values.push([at('predicted', i), own[i]!.predicted], [at('dssrDpredicted', i), own[i]!.dssrDpredicted]);
    const lr = step.learningRate;
    for (const p of TRAINABLE) {
      const d = r(derivative[p]);
      const s = r(d * lr);
      values.push([{ quantity: 'derivatives', param: p }, d], [{ quantity: 'steps', param: p }, s], [{ quantity: 'next', param: p }, r(START[p] - s)]);
    }
    const asked = values.map(([f]) => f);
    const grades = gradeAnswers({ ...sheet, asked }, answerSetOf(values, POINTS));
    const by = (q: string, x: number | string) => grades.find((g) => g.quantity === q && (g.point === x || g.param === x))!;
    for (let i = 0; i < POINTS; i++) {
      // The prediction at dose 0.5 is the one ReLU changes most; every dose's is wrong here.
      expect(by('predicted', i)).toMatchObject({ correct: false, credit: 'none', mistake: 'softplus-as-relu' });
      expect(by('dssrDpredicted', i)).toMatchObject({ correct: false, credit: 'follow-on', followOn: 'follows-from-own-prediction' });
    }
    for (const p of TRAINABLE) {
      expect(by('derivatives', p)).toMatchObject({ correct: false, credit: 'follow-on', followOn: 'follows-from-own-shared-term' });
      expect(by('steps', p)).toMatchObject({ correct: false, credit: 'follow-on', followOn: 'follows-from-own-derivative' });
      expect(by('next', p)).toMatchObject({ correct: false, credit: 'follow-on', followOn: 'follows-from-own-step' });
    }
  });

  it('from a wrong x to y, and from wrong terms to their sum; a made-up value downstream gets none', () => {
    const own = paper({ bias: 'negated' });
    const values: Array<[FieldRef, number]> = [[at('x1', 0), own[0]!.x1], [at('y1', 0), own[0]!.y1]];
    const [x, y] = gradeAnswers({ ...sheet, asked: values.map(([f]) => f) }, answerSetOf(values, POINTS));
    expect(x).toMatchObject({ credit: 'none', mistake: 'bias-sign-flipped' });
    expect(y).toMatchObject({ credit: 'follow-on', followOn: 'follows-from-own-x' });

    const swapped = paper({ swapY: true });
    const terms: Array<[FieldRef, number]> = swapped.map((p, i) => [at('terms', i, 'w3'), p.terms.w3]);
    const sum = keeper({ significant: 3 })(swapped.reduce((s, p) => s + p.terms.w3, 0));
    const withSum = [...terms, [{ quantity: 'derivatives', param: 'w3' }, sum] as [FieldRef, number]];
    const graded = gradeAnswers({ ...sheet, asked: withSum.map(([f]) => f) }, answerSetOf(withSum, POINTS));
    expect(graded.at(-1)).toMatchObject({ correct: false, credit: 'follow-on', followOn: 'follows-from-own-terms' });
    // The same wrong terms with a derivative that is not their sum: no credit.
    const off = [...terms, [{ quantity: 'derivatives', param: 'w3' }, sum + 1] as [FieldRef, number]];
    expect(gradeAnswers({ ...sheet, asked: off.map(([f]) => f) }, answerSetOf(off, POINTS)).at(-1)).toMatchObject({ correct: false, credit: 'none' });
  });
});

it('asks every link of the lesson: 30 per-point fields and 9 per parameter', () => {
  expect(Object.keys(buildSheet(step, null, { asked: [], precision: { significant: 3 }, tolerance: null }).fields)).toHaveLength(3 * 7 + 3 * 3 + 9);
  expect(everything.points).toHaveLength(7);
});
