/**
 * Grades a student's predictions against a round's question sheet. Pure: same inputs, same grades.
 *
 * Acceptance: an answer is correct when |answer − exact| <= the field's band (sheet.ts), the
 * distance a hand computation keeping the round's precision can drift (hand-chain.ts).
 * Diagnosis: a wrong answer is named after a catalogued mistake only when it lies within that
 * mistake's own band and nearer the mistake's value than the exact value; every mistake that
 * fits is kept (`mistake` the best fit, `alsoFits` the others). An answer written with fewer
 * digits than asked that the exact value explains at its own precision is "rounded too coarsely"
 * (with the mistakes that fit equally well at that precision in `alsoFits`). Otherwise: wrong, no name.
 */
import { answerOf, fieldKey, LINK_ORDER, linkRank, type AnswerSet, type FieldRef } from './fields.js';
import { chainLinks, followOnFromDerivative, followOnFromStep, linkValue, type OwnValues } from './hand-chain.js';
import { FOLLOW_ON_BY_LINK, type FollowOnKind, type MistakeId } from './mistakes.js';
import { digitsOf, halfUnit, precisionDigits, withDigits } from './precision.js';
import { sheetField, type FieldSheet, type QuestionSheet } from './sheet.js';

export type Credit = 'full' | 'follow-on' | 'none';

export interface FieldGrade extends FieldRef {
  /** The student's number, or null when the field was left empty. */
  readonly answer: number | null;
  readonly exact: number;
  readonly correct: boolean;
  /** For a wrong answer (not follow-on), the mistake that explains it best, when one does. */
  readonly mistake?: MistakeId;
  /** Other mistakes that explain the answer as well (only with `mistake`). */
  readonly alsoFits?: readonly MistakeId[];
  readonly credit: Credit;
  /** With credit 'follow-on': the student's own wrong link this value is computed correctly from. */
  readonly followOn?: FollowOnKind;
  /** Catalogued mistakes this field's band cannot tell apart from a right answer (empty: all are told apart). */
  readonly cannotTell: readonly MistakeId[];
}

export interface Diagnosis {
  readonly mistake: MistakeId;
  readonly alsoFits: readonly MistakeId[];
}

/** The mistakes explaining a wrong answer, best fit first; undefined when none fits better than the exact value. */
export function diagnose(sheet: QuestionSheet, field: FieldRef, answer: number): Diagnosis | undefined {
  const f = sheetField(sheet, field);
  const p = sheet.precision;
  const off = Math.abs(answer - f.exact);
  const kept = digitsOf(p, answer);
  if (kept < precisionDigits(p)) {
    // Judged at the answer's own precision, the exact value fits: no mistake fits better.
    const coarse = halfUnit(withDigits(p, kept), Math.abs(answer));
    if (off <= f.allowed + coarse) {
      const also = unique(f.candidates.filter((c) => Math.abs(answer - c.value) <= c.band + coarse).map((c) => c.mistake));
      return { mistake: 'rounded-too-coarsely', alsoFits: also };
    }
  }
  const fits = f.candidates
    .map((c, order) => ({ c, order, distance: Math.abs(answer - c.value) }))
    .filter(({ c, distance }) => distance <= c.band && distance < off)
    .sort((a, b) => closeness(a.distance, a.c.band) - closeness(b.distance, b.c.band) || a.order - b.order);
  if (fits.length === 0) return undefined;
  const [best, ...rest] = unique(fits.map((x) => x.c.mistake));
  return { mistake: best!, alsoFits: rest };
}

const closeness = (distance: number, band: number) => (band > 0 ? distance / band : 0);

function unique<T>(xs: readonly T[]): T[] {
  return [...new Set(xs)];
}

/** A student's own wrong link that a follow-on value may be built on: wrong, not about zero, not absurd. */
function usable(own: number | undefined, f: FieldSheet): own is number {
  if (own === undefined || !Number.isFinite(own)) return false;
  if (Math.abs(own - f.exact) <= f.allowed || Math.abs(own) > f.plausible) return false;
  // About zero builds nothing (zeros typed everywhere must not earn credit down the chain), unless a
  // catalogued slip gives it (SoftPlus taken as max(0, x) at a negative x).
  return Math.abs(own) > f.allowed || f.candidates.some((c) => Math.abs(own - c.value) <= c.band);
}

/**
 * Whether a wrong value is computed correctly from the student's own wrong upstream link: a step
 * or new value from their own derivative or step; any other link (y, the prediction, the
 * residual, the shared term, a term, the derivative) from their own numbers further up the chain,
 * each carried at the round's precision from what they typed.
 */
export function followOnOf(sheet: QuestionSheet, answers: AnswerSet, field: FieldRef, answer: number, earlier: AnswerSet = {}): FollowOnKind | undefined {
  if (field.quantity !== 'steps' && field.quantity !== 'next') return followOnFromLinks(sheet, answers, field, answer, earlier);
  const param = field.param!;
  const p = sheet.precision;
  const step = sheet.step;
  if (field.quantity === 'next') {
    const ownStep = answers.steps?.[param];
    const stepSheet = sheetField(sheet, { quantity: 'steps', param });
    if (usable(ownStep, stepSheet)) {
      const target = followOnFromStep(step, param, p, ownStep);
      if (Math.abs(answer - target.m) <= target.r) return 'follows-from-own-step';
    }
    // A right step leaves nothing wrong to follow from.
    if (ownStep !== undefined && Number.isFinite(ownStep) && Math.abs(ownStep - stepSheet.exact) <= stepSheet.allowed) return undefined;
  }
  const ownDerivative = answers.derivatives?.[param];
  if (usable(ownDerivative, sheetField(sheet, { quantity: 'derivatives', param }))) {
    const from = followOnFromDerivative(step, param, p, ownDerivative);
    const target = field.quantity === 'steps' ? from.step : from.next;
    if (Math.abs(answer - target.m) <= target.r) return 'follows-from-own-derivative';
  }
  return undefined;
}

/**
 * A link built on the student's own upstream numbers. Only numbers worth building on count: wrong,
 * not about zero, not absurd (`usable`), and explained, by a catalogued slip at that link or as
 * follow-on from the student's own numbers further up (typed placeholders, the same 0.1 at every
 * dose, explain nothing and earn nothing downstream).
 */
function followOnFromLinks(sheet: QuestionSheet, answers: AnswerSet, field: FieldRef, answer: number, earlier: AnswerSet): FollowOnKind | undefined {
  const rank = linkRank(field.quantity);
  if (rank === 0) return undefined;
  const explained = new Map<string, number | undefined>();
  const ownValue = (f: FieldRef): number | undefined => {
    const key = fieldKey(f);
    if (explained.has(key)) return explained.get(key);
    // This answer's own number, else the one the student gave in an earlier stage of the iteration.
    const v = answerOf(answers, f) ?? answerOf(earlier, f);
    const s = sheet.fields[key];
    explained.set(key, undefined);
    const ok = s !== undefined && usable(v, s) && (diagnose(sheet, f, v) !== undefined || followOnOf(sheet, answers, f, v, earlier) !== undefined);
    explained.set(key, ok ? v : undefined);
    return ok ? v : undefined;
  };
  // Most answers hold no link above this one: nothing to build on, no chain to rebuild.
  const upstream = [...linkFields(answers), ...linkFields(earlier)].filter((f) => linkRank(f.quantity) < rank);
  if (!upstream.some((f) => ownValue(f) !== undefined)) return undefined;
  const own: OwnValues = { cut: rank, value: ownValue };
  const target = linkValue(chainLinks(sheet.step, sheet.precision, null, own), field);
  if (target.own < 0 || Math.abs(answer - target.m) > target.r) return undefined;
  return FOLLOW_ON_BY_LINK[LINK_ORDER[target.own]!];
}

/** Every field an answer set holds a number for (per-point links, terms, derivatives). */
function linkFields(answers: AnswerSet): FieldRef[] {
  const out: FieldRef[] = [];
  for (const [quantity, values] of Object.entries(answers.points ?? {})) values.forEach((v, point) => v !== null && out.push({ quantity: quantity as FieldRef['quantity'], point }));
  for (const [param, values] of Object.entries(answers.terms ?? {})) values.forEach((v, point) => v !== null && out.push({ quantity: 'terms', param, point }));
  for (const param of Object.keys(answers.derivatives ?? {})) out.push({ quantity: 'derivatives', param });
  return out;
}

/**
 * Grades one field of an answer. `earlier`: the student's answers to earlier stages of the same
 * iteration (the forward pass before the shared term, say), read only to build follow-on credit on.
 */
export function gradeField(sheet: QuestionSheet, answers: AnswerSet, field: FieldRef, earlier: AnswerSet = {}): FieldGrade {
  const f = sheetField(sheet, field);
  const base = { quantity: field.quantity, ...(field.param !== undefined && { param: field.param }), ...(field.point !== undefined && { point: field.point }), exact: f.exact, cannotTell: f.cannotTell };
  const given = answerOf(answers, field);
  if (given === undefined || !Number.isFinite(given)) return { ...base, answer: null, correct: false, credit: 'none' };
  if (Math.abs(given - f.exact) <= f.allowed) return { ...base, answer: given, correct: true, credit: 'full' };
  // A value carried correctly from the student's own wrong link is not a mistake of its own: the
  // link is named where it was made, and counted once.
  const followOn = followOnOf(sheet, answers, field, given, earlier);
  if (followOn) return { ...base, answer: given, correct: false, credit: 'follow-on', followOn };
  const diagnosis = diagnose(sheet, field, given);
  const named = diagnosis ? { mistake: diagnosis.mistake, alsoFits: diagnosis.alsoFits } : {};
  return { ...base, answer: given, correct: false, ...named, credit: 'none' };
}

/** Grades every asked field of the sheet (an empty field is graded as unanswered); `earlier` as for gradeField. */
export function gradeAnswers(sheet: QuestionSheet, answers: AnswerSet, earlier: AnswerSet = {}): FieldGrade[] {
  return sheet.asked.filter((f) => sheet.fields[fieldKey(f)] !== undefined).map((f) => gradeField(sheet, answers, f, earlier));
}
