/** The question sheet of a round, from the session's state: what it asks, at which precision, from which step. */
import { layoutFor, toVector, type ParamValues } from '../engine/layout.js';
import { gradientStep, type GradientStep } from '../engine/gradient-step.js';
import { toStepRecord, type StepRecord } from '../engine/step-record.js';
import { askedFields } from '../grader/fields.js';
import { DEFAULT_PRECISION } from '../grader/precision.js';
import { advise, buildSheet, type PrecisionAdvice, type QuestionSheet, type SheetPolicy } from '../grader/sheet.js';
import type { SessionSettings } from './settings.js';
import type { SessionState } from './state.js';

/** The policy today's settings give a round opened now. */
export function policyOf(settings: SessionSettings, trainable: readonly string[], pointCount: number): SheetPolicy {
  return {
    asked: askedFields(settings.questions, pointCount).filter((f) => f.param === undefined || trainable.includes(f.param)),
    precision: settings.precision,
    tolerance: settings.tolerance,
  };
}

/**
 * A round's policy as stored in its round-opened event. Logs written before the sheet existed
 * have none (the settings of the time give it); a partial one takes the defaults for the rest.
 */
export function storedPolicy(stored: Partial<SheetPolicy> | undefined, settings: SessionSettings, trainable: readonly string[], pointCount: number): SheetPolicy {
  const today = policyOf(settings, trainable, pointCount);
  if (!stored) return today;
  return { asked: stored.asked ?? today.asked, precision: stored.precision ?? DEFAULT_PRECISION, tolerance: stored.tolerance ?? null };
}

/** The exact step from `params` at the session's learning rate, as the engine computes it. */
export function gradientStepAt(state: SessionState, params: ParamValues): GradientStep {
  const layout = layoutFor(state.setup.width);
  return gradientStep({
    shape: { activation: state.setup.activation, width: state.setup.width },
    data: state.setup.data,
    params: toVector(layout, params),
    trainable: state.setup.trainable.map((n) => layout.indexOf(n)!),
    learningRate: state.settings.learningRate,
  });
}

/** The same step as named JSON. */
export function stepAt(state: SessionState, params: ParamValues): StepRecord {
  return toStepRecord(gradientStepAt(state, params));
}

/** The step the class last saw revealed before `iteration` (for "last round's values"), if any since the last reset. */
function lastRevealedBefore(state: SessionState, iteration: number): StepRecord | null {
  const r = state.round;
  // Another stage of the same iteration: the step its first stage looked back to.
  if (r && r.iteration === iteration) return r.sheet.previous;
  return r && r.step && r.iteration < iteration && state.history.some((h) => h.iteration === r.iteration) ? r.step : null;
}

/** The sheet of a round opening at `iteration` from `params` (the current ones, or those after an advance). */
export function sheetFor(state: SessionState, iteration: number, params: ParamValues, policy: SheetPolicy): QuestionSheet {
  return buildSheet(stepAt(state, params), lastRevealedBefore(state, iteration), policy);
}

const adviceMemo = new WeakMap<ParamValues, { settings: SessionSettings; round: SessionState['round']; advice: NextRoundAdvice | null }>();

export interface NextRoundAdvice extends PrecisionAdvice {
  /** The iteration the next round would ask about. */
  readonly iteration: number;
}

/**
 * For the instructor, before the next round opens: which catalogued mistakes its bands could not
 * tell apart at the current precision, and the precision that would. Null while a round is open,
 * training runs, or the session has finished.
 */
export function nextRoundAdvice(state: SessionState): NextRoundAdvice | null {
  if (state.phase !== 'lobby' && state.phase !== 'revealed') return null;
  const memo = adviceMemo.get(state.params);
  if (memo && memo.settings === state.settings && memo.round === state.round) return memo.advice;
  const revealed = state.phase === 'revealed' && state.round?.step ? state.round.step : null;
  const iteration = revealed ? state.iteration + 1 : state.iteration;
  const params = revealed ? { ...state.params, ...revealed.next } : state.params;
  const policy = policyOf(state.settings, state.setup.trainable, state.setup.data.length);
  const step = stepAt(state, params);
  const advice = { iteration, ...advise(step, revealed ?? lastRevealedBefore(state, iteration), policy) };
  adviceMemo.set(state.params, { settings: state.settings, round: state.round, advice });
  return advice;
}
