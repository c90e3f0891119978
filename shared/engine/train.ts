/** Repeated gradient-descent steps with the lesson's stop rule. */
import { gradientStep, type GradientStep, type StepInput } from './gradient-step.js';

export const DEFAULT_STEP_THRESHOLD = 0.001;
export const DEFAULT_MAX_STEPS = 1000;

/**
 * Why a run stopped:
 * - `step-size`: every step size of the last step was below the threshold (converged);
 * - `max-steps`: the maximum number of steps was reached;
 * - `steps-requested`: the caller asked for a fixed number of steps and they were taken;
 * - `diverged`: the learning rate is too large: the SSR or a parameter stopped being a finite
 *   number, or the SSR grew to more than `DIVERGENCE_FACTOR` times the SSR at the start.
 */
export type StopReason = 'step-size' | 'max-steps' | 'steps-requested' | 'diverged';

export interface StopRule {
  /** Stop once every |step size| is below this (default 0.001). */
  readonly stepThreshold: number;
  /** Stop after this many steps (default 1000). */
  readonly maxSteps: number;
}

/**
 * A run whose SSR grows past this multiple of its starting SSR has diverged. Gradient descent
 * with a workable learning rate never gets anywhere near it; without it a run at learning rate 1
 * on the lesson reached an SSR of 2.6e22 by step 10 but was only stopped at step 137, when the
 * numbers overflowed.
 */
export const DIVERGENCE_FACTOR = 1e6;
/** Floor for the starting SSR in the divergence test, so a start on an exact fit still has a bound. */
const MIN_START_SSR = 1e-9;

export const DEFAULT_STOP_RULE: StopRule = Object.freeze({ stepThreshold: DEFAULT_STEP_THRESHOLD, maxSteps: DEFAULT_MAX_STEPS });

/**
 * The stop rule, applied after a step has been taken (the step itself is applied).
 * `stepsTaken` counts steps including this one; `stepsRequested` caps a partial run.
 * `startSsr` is the SSR before the first step of the run (the first step's `ssr`).
 *
 * Checks, in order:
 * 1. `diverged` if the SSR or a new parameter value is not finite, or, when `startSsr` is given,
 *    the SSR exceeds `DIVERGENCE_FACTOR * max(startSsr, 1e-9)`. This comes first, so a diverged
 *    run never reports `step-size` (or a step or step count limit).
 * 2. `step-size` if every |step size| is below the threshold.
 * 3. `max-steps`, then 4. `steps-requested`.
 */
export function stopReasonAfter(step: GradientStep, stepsTaken: number, rule: StopRule, stepsRequested?: number, startSsr?: number): StopReason | null {
  if (!Number.isFinite(step.ssr) || step.next.some((v) => !Number.isFinite(v))) return 'diverged';
  if (startSsr !== undefined && step.ssr > DIVERGENCE_FACTOR * Math.max(startSsr, MIN_START_SSR)) return 'diverged';
  let converged = true;
  for (const s of step.stepSizes) {
    if (!(Math.abs(s) < rule.stepThreshold)) {
      converged = false;
      break;
    }
  }
  if (converged) return 'step-size';
  if (stepsTaken >= rule.maxSteps) return 'max-steps';
  if (stepsRequested !== undefined && stepsTaken >= stepsRequested) return 'steps-requested';
  return null;
}

export interface TrainOptions extends StepInput {
  readonly rule?: Partial<StopRule>;
  /** Take at most this many steps (the stop rule still applies first). */
  readonly steps?: number;
}

export interface TrainingRun {
  readonly steps: GradientStep[];
  readonly stopReason: StopReason;
  /** Parameters after the last step. */
  readonly final: Float64Array;
}

export function train(options: TrainOptions): TrainingRun {
  const rule: StopRule = { ...DEFAULT_STOP_RULE, ...options.rule };
  if (options.steps !== undefined && (!Number.isInteger(options.steps) || options.steps < 1)) {
    throw new RangeError(`steps must be a positive integer, got ${options.steps}`);
  }
  const steps: GradientStep[] = [];
  let params = options.params;
  for (;;) {
    const step = gradientStep({ ...options, params });
    steps.push(step);
    params = step.next;
    const reason = stopReasonAfter(step, steps.length, rule, options.steps, steps[0]!.ssr);
    if (reason) return { steps, stopReason: reason, final: params };
  }
}
