/**
 * When an answer counts as correct.
 *
 * A derivative is correct when |answer - exact| <= max(absolute, relative * |exact|).
 * A step size or new value is checked on the same scale, multiplied by the learning rate:
 * a step is the derivative times the learning rate, and the new value moves by exactly the
 * step, so a derivative that is good enough gives a step and new value that are good enough.
 * For a step this is again |answer - exact| <= max(absolute * lr, relative * |exact|).
 * (Taking the new value's own size instead would let a missing factor 2 pass: at the lesson's
 * learning rate the new value of w4 differs from the old one by only 0.013.)
 *
 * Defaults: a careful hand computation that reads the parameters to 4 decimals and rounds every
 * intermediate value (x, y, predicted, residual, each chain-rule term, the derivative) to 2
 * decimals stays within 0.049 of the exact derivative, and its new values within 0.00052,
 * over the whole 1000-step lesson run; every diagnosed mistake on the first step is more than
 * 0.2 away (test/grader/grader.test.ts).
 */
import type { Quantity } from './fields.js';

export interface Tolerance {
  /** Absolute tolerance, in derivative units. */
  readonly absolute: number;
  /** Relative tolerance, as a fraction of the exact value. */
  readonly relative: number;
}

export const DEFAULT_TOLERANCE: Tolerance = Object.freeze({ absolute: 0.06, relative: 0.02 });

/**
 * The largest accepted |answer - exact| for a field. `reference` is the value the field is
 * measured against: for a derivative, step or new value the parameter's derivative; for a
 * per-point link or a term, the field's own exact value.
 */
export function allowedError(quantity: Quantity, reference: number, learningRate: number, tolerance: Tolerance): number {
  const inDerivativeUnits = Math.max(tolerance.absolute, tolerance.relative * Math.abs(reference));
  // Steps and new values move by the derivative times the learning rate; every other field is on its own scale.
  return quantity === 'steps' || quantity === 'next' ? inDerivativeUnits * Math.abs(learningRate) : inDerivativeUnits;
}

export function withinTolerance(answer: number, target: number, allowed: number): boolean {
  return Math.abs(answer - target) <= allowed;
}
