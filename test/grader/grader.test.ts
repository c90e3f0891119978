import { describe, expect, it } from 'vitest';
import { resolvePreset, stepFrom, toStepRecord } from '../../shared/engine/index.js';
import {
  allowance,
  allowedError,
  askedFields,
  buildSheet,
  DEFAULT_PRECISION,
  gradeAnswers as gradeSheet,
  gradeField as gradeSheetField,
  MISTAKE_IDS,
  roundPoints,
  type AnswerSet,
  type FieldRef,
  type MistakeId,
  type Quantity,
  type Questions,
  type Tolerance,
} from '../../shared/grader/index.js';
import { handDerivatives, round2 } from './hand-work.js';

const lesson = resolvePreset('three-parameters');
const setup = lesson.setup;
const first = toStepRecord(stepFrom(setup, lesson.params));
const all = { derivatives: ['w3', 'w4', 'b3'], steps: ['w3', 'w4', 'b3'], next: ['w3', 'w4', 'b3'] };
const lr = 0.01;
const start = { w3: 0.36, w4: 0.63, b3: 0 };
// The first step's sheet at the default precision (or with a tolerance override).
const sheetOf = (questions: Questions, tolerance: Tolerance | null = null) => buildSheet(first, null, { asked: askedFields(questions, 3), precision: DEFAULT_PRECISION, tolerance });
const gradeAnswers = (_record: unknown, answers: AnswerSet, questions: Questions, tolerance: Tolerance | null = null) => gradeSheet(sheetOf(questions, tolerance), answers);
const gradeField = (_record: unknown, answers: AnswerSet, field: FieldRef, tolerance: Tolerance | null = null) =>
  gradeSheetField(sheetOf({ derivatives: [], steps: [], next: [], [field.quantity]: [field.param] }, tolerance), answers, field);
const DEFAULT_TOLERANCE = null;

function handAnswers(params: { w3: number; w4: number; b3: number }, d: { w3: number; w4: number; b3: number }): AnswerSet {
  const steps = { w3: d.w3 * lr, w4: d.w4 * lr, b3: d.b3 * lr };
  return {
    derivatives: d,
    steps,
    next: { w3: params.w3 - steps.w3, w4: params.w4 - steps.w4, b3: params.b3 - steps.b3 },
  };
}

describe('a fixed tolerance override', () => {
  it('is |answer - exact| <= max(absolute, relative * |exact|), scaled by the learning rate for steps and new values', () => {
    const tol = { absolute: 0.1, relative: 0.01 };
    const d = first.derivatives.w3!; // 2.58: relative part 0.0258 < absolute part 0.1
    const at = (quantity: Quantity, answer: number) => gradeField(first, { [quantity]: { w3: answer } }, { quantity, param: 'w3' }, tol).correct;
    expect(at('derivatives', d + 0.099)).toBe(true);
    expect(at('derivatives', d - 0.101)).toBe(false);
    expect(at('steps', first.steps.w3! + 0.00099)).toBe(true);
    expect(at('steps', first.steps.w3! - 0.00101)).toBe(false);
    expect(at('next', first.next.w3! - 0.00099)).toBe(true);
    expect(at('next', first.next.w3! + 0.00101)).toBe(false);
    const big = { absolute: 0.001, relative: 0.1 }; // now relative dominates: 0.258
    expect(gradeField(first, { derivatives: { w3: d * 1.09 } }, { quantity: 'derivatives', param: 'w3' }, big).correct).toBe(true);
    expect(gradeField(first, { derivatives: { w3: d * 1.11 } }, { quantity: 'derivatives', param: 'w3' }, big).correct).toBe(false);
    expect(allowedError('steps', 2, 0.5, { absolute: 0.1, relative: 0 })).toBeCloseTo(0.05, 12);
    expect(allowance(sheetOf({ derivatives: ['w3'], steps: [], next: [] }, tol), { quantity: 'derivatives', param: 'w3' })).toBeCloseTo(0.1, 12);
  });
});

describe('diagnosis on the lesson\'s first step', () => {
  const exact = { w3: first.derivatives.w3!, w4: first.derivatives.w4!, b3: first.derivatives.b3! };
  const wrong = (field: 'derivatives' | 'steps' | 'next', param: 'w3' | 'w4' | 'b3', value: number): AnswerSet => ({ [field]: { [param]: value } });

  // Each mistake made on paper (independently of the grader's own candidates), rounded as a student writes it.
  const cases: Array<{ mistake: MistakeId; quantity: Quantity; param: 'w3' | 'w4' | 'b3'; answers: AnswerSet }> = [];
  for (const param of ['w3', 'w4', 'b3'] as const) {
    const flipped = handDerivatives(start, { flipSign: true })[param];
    const half = handDerivatives(start, { dropTwo: true })[param];
    cases.push({ mistake: 'sign-flipped', quantity: 'derivatives', param, answers: wrong('derivatives', param, round2(flipped)) });
    cases.push({ mistake: 'sign-flipped', quantity: 'steps', param, answers: wrong('steps', param, flipped * lr) });
    cases.push({ mistake: 'missing-factor-2', quantity: 'derivatives', param, answers: wrong('derivatives', param, round2(half)) });
    cases.push({ mistake: 'missing-factor-2', quantity: 'steps', param, answers: wrong('steps', param, half * lr) });
    cases.push({ mistake: 'missing-factor-2', quantity: 'next', param, answers: wrong('next', param, start[param] - half * lr) });
    cases.push({ mistake: 'learning-rate-not-applied', quantity: 'next', param, answers: wrong('next', param, start[param] - round2(exact[param])) });
    cases.push({ mistake: 'learning-rate-not-applied', quantity: 'steps', param, answers: wrong('steps', param, round2(exact[param])) });
    cases.push({ mistake: 'step-added', quantity: 'next', param, answers: wrong('next', param, start[param] + exact[param] * lr) });
    // b3 starts at 0, where "old + step" and "the step itself" are the same number (see below).
    if (param !== 'b3') cases.push({ mistake: 'wrong-quantity', quantity: 'next', param, answers: wrong('next', param, exact[param] * lr) });
    cases.push({ mistake: 'wrong-quantity', quantity: 'derivatives', param, answers: wrong('derivatives', param, start[param] - exact[param] * lr) });
  }
  for (const param of ['w3', 'w4'] as const) {
    const noY = handDerivatives(start, { dropY: true })[param];
    const swapped = handDerivatives(start, { swapY: true })[param];
    cases.push({ mistake: 'missing-chain-factor', quantity: 'derivatives', param, answers: wrong('derivatives', param, round2(noY)) });
    cases.push({ mistake: 'missing-chain-factor', quantity: 'next', param, answers: wrong('next', param, start[param] - noY * lr) });
    cases.push({ mistake: 'swapped-inputs', quantity: 'derivatives', param, answers: wrong('derivatives', param, round2(swapped)) });
    cases.push({ mistake: 'swapped-inputs', quantity: 'steps', param, answers: wrong('steps', param, swapped * lr) });
  }
  for (const param of ['w3', 'w4', 'b3'] as const) {
    for (const point of [0, 1, 2]) {
      const single = handDerivatives(start, { onlyPoint: point })[param];
      // Kept to the default 3 significant digits (0.08 for 0.0777 is coarser than the round asks).
      cases.push({ mistake: 'single-data-point', quantity: 'derivatives', param, answers: wrong('derivatives', param, Number(single.toPrecision(3))) });
    }
  }

  it.each(cases.map((c) => [c.mistake, c.quantity, c.param, c] as const))('%s in the %s of %s is wrong and diagnosed', (_m, _q, _p, c) => {
    const [grade] = gradeAnswers(first, c.answers, { derivatives: [], steps: [], next: [], [c.quantity]: [c.param] }, DEFAULT_TOLERANCE);
    expect(grade).toMatchObject({ quantity: c.quantity, param: c.param, correct: false, credit: 'none' });
    // b3 starts at 0, so a flipped step is also the new value entered as the step: both are named.
    expect([grade!.mistake, ...(grade!.alsoFits ?? [])]).toContain(c.mistake);
  });

  it('names the update rule when a new value is both "old + step" and "the step" (old value 0)', () => {
    const [grade] = gradeAnswers(first, wrong('next', 'b3', exact.b3 * lr), { derivatives: [], steps: [], next: ['b3'] }, DEFAULT_TOLERANCE);
    expect(grade).toMatchObject({ correct: false, mistake: 'step-added' });
  });

  it('covers every mistake id', () => {
    // The mistakes added with the precision rules are covered in cases.test.ts and acceptance.test.ts;
    // the slips of the forward pass and the residual in links.test.ts.
    const later: MistakeId[] = ['missing-minus-2', 'swapped-nodes', 'learning-rate-misread', 'previous-values', 'decimal-shifted', 'rounded-too-coarsely'];
    const links: MistakeId[] = ['softplus-as-relu', 'softplus-as-exp', 'softplus-log10', 'bias-left-out', 'bias-sign-flipped', 'wrong-input', 'residual-reversed'];
    later.push(...links);
    const covered = new Set<MistakeId>([...cases.map((c) => c.mistake), ...later]);
    expect([...covered].sort()).toEqual([...MISTAKE_IDS].sort());
  });

  it('gives follow-on credit for steps and new values computed from a wrong derivative', () => {
    const half = handDerivatives(start, { dropTwo: true, round: true });
    const answers = handAnswers(start, half);
    const grades = gradeAnswers(first, answers, all, DEFAULT_TOLERANCE);
    for (const g of grades) {
      if (g.quantity === 'derivatives') expect(g).toMatchObject({ correct: false, mistake: 'missing-factor-2', credit: 'none' });
      else expect(g).toMatchObject({ correct: false, credit: 'follow-on', followOn: g.quantity === 'steps' ? 'follows-from-own-derivative' : 'follows-from-own-step' });
    }
    // Without the derivative on record, the same new value is diagnosed from the math instead.
    const [alone] = gradeAnswers(first, { next: { w3: answers.next!.w3! } }, { derivatives: [], steps: [], next: ['w3'] }, DEFAULT_TOLERANCE);
    expect(alone).toMatchObject({ correct: false, mistake: 'missing-factor-2' });
    // A step consistent with a correct derivative but wrong itself is not follow-on work.
    const [notFollow] = gradeAnswers(first, { derivatives: { w3: 2.58 }, steps: { w3: -0.0258 } }, { derivatives: [], steps: ['w3'], next: [] }, DEFAULT_TOLERANCE);
    expect(notFollow).toMatchObject({ correct: false, mistake: 'sign-flipped' });
    // Derivatives of zero with zero steps and unchanged values are consistent, but no work at all.
    const idle = { derivatives: { w3: 0, w4: 0, b3: 0 }, steps: { w3: 0, w4: 0, b3: 0 }, next: { w3: 0.36, w4: 0.63, b3: 0 } };
    const idleGrades = gradeAnswers(first, idle, all, DEFAULT_TOLERANCE);
    expect(idleGrades).toHaveLength(9);
    for (const g of idleGrades) expect(g).toMatchObject({ correct: false, credit: 'none' });
    expect(roundPoints(idleGrades, { speedBonus: true }, { elapsedMs: 0, windowMs: 1000 })).toBe(0);
  });

  it('grades an empty field as unanswered and leaves unexplained answers undiagnosed', () => {
    const grades = gradeAnswers(first, { next: { w3: 7.5 } }, { derivatives: [], steps: [], next: ['w3', 'w4'] }, DEFAULT_TOLERANCE);
    expect(grades[0]).toMatchObject({ param: 'w3', answer: 7.5, correct: false, credit: 'none' });
    expect(grades[0]!.mistake).toBeUndefined();
    expect(grades[1]).toMatchObject({ param: 'w4', answer: null, correct: false, credit: 'none' });
    expect(grades[1]!.exact).toBeCloseTo(0.63 - 0.012567, 5);
  });
});

describe('scoring', () => {
  const grades = gradeAnswers(first, handAnswers(start, handDerivatives(start, { dropTwo: true, round: true })), all, DEFAULT_TOLERANCE);
  it('counts accuracy: 100 per correct field, 50 per follow-on field', () => {
    expect(roundPoints(grades, { speedBonus: false })).toBe(6 * 50);
    const right = gradeAnswers(first, handAnswers(start, handDerivatives(start, { round: true })), all, DEFAULT_TOLERANCE);
    expect(roundPoints(right, { speedBonus: false })).toBe(900);
  });
  it('adds a speed bonus only when asked, and only for correct fields', () => {
    const right = gradeAnswers(first, handAnswers(start, handDerivatives(start, { round: true })), all, DEFAULT_TOLERANCE);
    expect(roundPoints(right, { speedBonus: false }, { elapsedMs: 0, windowMs: 1000 })).toBe(900);
    expect(roundPoints(right, { speedBonus: true }, { elapsedMs: 0, windowMs: 1000 })).toBe(900 + 9 * 50);
    expect(roundPoints(right, { speedBonus: true }, { elapsedMs: 500, windowMs: 1000 })).toBe(900 + 9 * 25);
    expect(roundPoints(right, { speedBonus: true }, { elapsedMs: 5000, windowMs: 1000 })).toBe(900);
    // A clock that stepped back (negative elapsed time) earns no more than an instant answer.
    expect(roundPoints(right, { speedBonus: true }, { elapsedMs: -5000, windowMs: 1000 })).toBe(900 + 9 * 50);
    expect(roundPoints(grades, { speedBonus: true }, { elapsedMs: 0, windowMs: 1000 })).toBe(300);
  });
});
