/**
 * Where "Run to the stop rule" would leave the fit, said before running it (issue 17, case 2):
 * the engine's own steps from the current parameters, under the session's learning rate and stop
 * rule, until the rule stops them. Pure; the dashboard calls it when the parameters, the learning
 * rate or the rule change.
 */
import { gradientStep } from '../engine/gradient-step.js';
import { layoutFor, toVector } from '../engine/layout.js';
import { stopReasonAfter } from '../engine/train.js';
import type { TrainingStopReason } from './events.js';
import type { PublicSession } from './views.js';

export interface RunForecast {
  /** Steps the run would take (0: it would stop before the first). */
  readonly steps: number;
  /** The iteration it would stop at. */
  readonly iteration: number;
  /** The SSR there. */
  readonly ssr: number;
  readonly reason: TrainingStopReason;
}

/**
 * The run from `session`'s parameters at its learning rate, until the stop rule (every |step size|
 * below `stepThreshold`, `maxSteps` iterations since the start) or a step that diverges. `startSsr`:
 * the SSR at iteration 0 (the divergence test compares with it). At most `maxSteps` steps are
 * computed (the rule's cap bounds the work: 100,000 steps of the lesson take a few ms).
 */
export function forecastRun(session: Pick<PublicSession, 'activation' | 'width' | 'data' | 'trainable' | 'params' | 'iteration' | 'settings'>, startSsr: number): RunForecast {
  const layout = layoutFor(session.width);
  const rule = session.settings.stopRule;
  const base = {
    shape: { activation: session.activation, width: session.width },
    data: session.data,
    trainable: session.trainable.map((n) => layout.indexOf(n)!),
    learningRate: session.settings.learningRate,
  };
  let iteration = session.iteration;
  let step = gradientStep({ ...base, params: toVector(layout, session.params) });
  for (let steps = 0; ; steps++) {
    if (iteration >= rule.maxSteps) return { steps, iteration, ssr: step.ssr, reason: 'max-steps' };
    const reason = stopReasonAfter(step, iteration + 1, rule, undefined, startSsr);
    // As the session does: a diverging step is not taken, nor a first step already below the threshold.
    if (reason === 'diverged' || (reason === 'step-size' && steps === 0)) return { steps, iteration, ssr: step.ssr, reason };
    iteration++;
    step = gradientStep({ ...base, params: step.next });
    if (reason === 'step-size' || reason === 'max-steps') return { steps: steps + 1, iteration, ssr: step.ssr, reason };
  }
}
