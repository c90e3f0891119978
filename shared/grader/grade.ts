/** Grades a student's predictions against the exact step. Pure: same inputs, same grades. */
import type { StepRecord } from '../engine/step-record.js';
import { answerOf, askedFields, type AnswerSet, type FieldRef, type Quantity, type Questions } from './fields.js';
import { candidatesFor, type MistakeId } from './mistakes.js';
import { allowedError, withinTolerance, type Tolerance } from './tolerance.js';

export type Credit = 'full' | 'follow-on' | 'none';

export interface FieldGrade extends FieldRef {
  /** The student's number, or null when the field was left empty. */
  readonly answer: number | null;
  readonly exact: number;
  readonly correct: boolean;
  /** For a wrong answer, the mistake that explains it, when one does. */
  readonly mistake?: MistakeId;
  readonly credit: Credit;
}

function exactValue(record: StepRecord, quantity: Quantity, param: string): number {
  switch (quantity) {
    case 'derivatives':
      return record.derivatives[param]!;
    case 'steps':
      return record.steps[param]!;
    case 'next':
      return record.next[param]!;
  }
}

/**
 * The student's own derivative for a parameter, if they gave one (directly, or through a step
 * size divided by the learning rate). Used to recognise follow-on work.
 */
function ownDerivative(record: StepRecord, answers: AnswerSet, param: string, quantity: Quantity): number | undefined {
  const lr = record.learningRate;
  const d = answers.derivatives?.[param];
  if (quantity === 'steps') return d;
  // For a new value, the student's step is the closest link in their own chain.
  const s = answers.steps?.[param];
  if (s !== undefined && lr !== 0) return s / lr;
  return d;
}

function followsFromOwnWork(record: StepRecord, answers: AnswerSet, field: FieldRef, answer: number, tolerance: Tolerance): boolean {
  if (field.quantity === 'derivatives') return false;
  const own = ownDerivative(record, answers, field.param, field.quantity);
  if (own === undefined || !Number.isFinite(own)) return false;
  const exactD = record.derivatives[field.param]!;
  // Follow-on credit is for carrying a wrong derivative through correctly.
  if (withinTolerance(own, exactD, allowedError('derivatives', exactD, record.learningRate, tolerance))) return false;
  const lr = record.learningRate;
  // A derivative of (about) zero makes "step 0, new value = old value" trivially consistent: no credit for that.
  if (withinTolerance(own, 0, allowedError('derivatives', 0, lr, tolerance))) return false;
  const expected = field.quantity === 'steps' ? own * lr : record.params[field.param]! - own * lr;
  return withinTolerance(answer, expected, allowedError(field.quantity, own, lr, tolerance));
}

/** The explained mistake closest to the answer, if any is within tolerance of it. */
export function diagnose(record: StepRecord, field: FieldRef, answer: number, tolerance: Tolerance): MistakeId | undefined {
  const exact = exactValue(record, field.quantity, field.param);
  const d = record.derivatives[field.param]!;
  const lr = record.learningRate;
  const allowed = allowedError(field.quantity, d, lr, tolerance);
  let best: { mistake: MistakeId; closeness: number } | undefined;
  for (const c of candidatesFor(record, field.quantity, field.param)) {
    // A "mistake" that lands on the exact value explains nothing.
    if (withinTolerance(c.value, exact, allowed)) continue;
    const reach = allowedError(c.scale === 'derivative' ? 'derivatives' : 'steps', d, lr, tolerance);
    // Closeness relative to each candidate's own reach, so both scales compare fairly.
    const distance = Math.abs(answer - c.value);
    const closeness = reach > 0 ? distance / reach : distance === 0 ? 0 : Infinity;
    if (closeness <= 1 && (!best || closeness < best.closeness)) best = { mistake: c.mistake, closeness };
  }
  return best?.mistake;
}

export function gradeField(record: StepRecord, answers: AnswerSet, field: FieldRef, tolerance: Tolerance): FieldGrade {
  const exact = exactValue(record, field.quantity, field.param);
  const given = answerOf(answers, field);
  if (given === undefined || !Number.isFinite(given)) {
    return { ...field, answer: null, exact, correct: false, credit: 'none' };
  }
  const allowed = allowedError(field.quantity, record.derivatives[field.param]!, record.learningRate, tolerance);
  if (withinTolerance(given, exact, allowed)) return { ...field, answer: given, exact, correct: true, credit: 'full' };
  if (followsFromOwnWork(record, answers, field, given, tolerance)) {
    return { ...field, answer: given, exact, correct: false, mistake: 'follows-from-own-derivative', credit: 'follow-on' };
  }
  const mistake = diagnose(record, field, given, tolerance);
  return mistake ? { ...field, answer: given, exact, correct: false, mistake, credit: 'none' } : { ...field, answer: given, exact, correct: false, credit: 'none' };
}

/** Grades every asked field (an empty field is graded as unanswered). */
export function gradeAnswers(record: StepRecord, answers: AnswerSet, questions: Questions, tolerance: Tolerance): FieldGrade[] {
  return askedFields(questions)
    .filter((f) => record.derivatives[f.param] !== undefined)
    .map((f) => gradeField(record, answers, f, tolerance));
}
