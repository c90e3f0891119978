// A run whose SSR explodes is reported as diverged as soon as the SSR passes DIVERGENCE_FACTOR
// times its start, not only once the numbers overflow.
import { describe, expect, it } from 'vitest';
import { DEFAULT_STOP_RULE, DIVERGENCE_FACTOR, gradientStep, layoutFor, resolvePreset, stepFrom, stopReasonAfter, toVector, train, type GradientStep } from '../../shared/engine/index.js';

// The lesson's SSR computed by hand (softplus hidden nodes, three data points), independent of the engine.
const softplus = (x: number) => Math.log(1 + Math.exp(x));
const DATA = [
  [0, 0],
  [0.5, 1],
  [1, 0],
] as const;
function ssrByHand(p: ArrayLike<number>): number {
  const [w1, b1, w2, b2, w3, w4, b3] = Array.from(p) as [number, number, number, number, number, number, number];
  return DATA.reduce((s, [input, obs]) => s + (obs - (w3 * softplus(w1 * input + b1) + w4 * softplus(w2 * input + b2) + b3)) ** 2, 0);
}

function lessonRun(learningRate: number) {
  const start = resolvePreset('three-parameters', { learningRate });
  const layout = layoutFor(start.setup.width);
  return train({
    shape: { activation: start.setup.activation, width: start.setup.width },
    data: start.setup.data,
    params: toVector(layout, start.params),
    trainable: start.setup.trainable.map((n) => layout.indexOf(n)!),
    learningRate,
    rule: start.setup.rule,
  });
}

describe('divergence of the lesson (three-parameters)', () => {
  it('DIVERGENCE_FACTOR is a million', () => {
    expect(DIVERGENCE_FACTOR).toBe(1e6);
  });

  it('at learning rate 1 stops as diverged within the first 15 steps, at the first SSR past a million times the start', () => {
    const run = lessonRun(1);
    expect(run.stopReason).toBe('diverged');
    expect(run.steps.length).toBeLessThanOrEqual(15);
    const start = ssrByHand(run.steps[0]!.params);
    expect(start).toBeCloseTo(1.3977, 4); // the lesson's starting SSR
    const ssrs = run.steps.map((s) => ssrByHand(s.params));
    // Finite numbers still: the new rule, not an overflow, stopped it.
    expect(ssrs.every(Number.isFinite)).toBe(true);
    expect(ssrs.at(-1)!).toBeGreaterThan(1e6 * start);
    for (const ssr of ssrs.slice(0, -1)) expect(ssr).toBeLessThanOrEqual(1e6 * start);
  });

  it('the same when the steps are taken one at a time with stepFrom and gradientStep', () => {
    const lesson = resolvePreset('three-parameters', { learningRate: 1 });
    let step: GradientStep = stepFrom(lesson.setup, lesson.params);
    const startSsr = step.ssr;
    let reason = stopReasonAfter(step, 1, lesson.setup.rule, undefined, startSsr);
    let taken = 1;
    while (!reason && taken < 1000) {
      step = gradientStep({ ...step, params: step.next });
      taken++;
      reason = stopReasonAfter(step, taken, lesson.setup.rule, undefined, startSsr);
    }
    expect(reason).toBe('diverged');
    expect(taken).toBeLessThanOrEqual(15);
  });

  it('at learning rate 0.01 (the lesson) it does not diverge', () => {
    const run = lessonRun(0.01);
    expect(run.stopReason).not.toBe('diverged');
    expect(run.steps.at(-1)!.ssr).toBeLessThan(run.steps[0]!.ssr);
  });
});

describe('stopReasonAfter', () => {
  const lesson = resolvePreset('three-parameters');
  const real = stepFrom(lesson.setup, lesson.params);
  const still = new Float64Array(real.stepSizes.length); // every step size 0: the step-size rule is met
  const rule = DEFAULT_STOP_RULE;

  it('reports diverged, not step-size, when the SSR is past the factor even if the steps are tiny', () => {
    const exploded = { ...real, ssr: 2e6, stepSizes: still };
    expect(stopReasonAfter(exploded, 3, rule, undefined, 1)).toBe('diverged');
    expect(stopReasonAfter({ ...real, ssr: Infinity, stepSizes: still }, 3, rule)).toBe('diverged');
    expect(stopReasonAfter({ ...real, ssr: Number.NaN, stepSizes: still }, 3, rule)).toBe('diverged');
  });

  it('uses the threshold DIVERGENCE_FACTOR * max(startSsr, 1e-9)', () => {
    const at = (ssr: number, startSsr: number) => stopReasonAfter({ ...real, ssr }, 5, rule, undefined, startSsr);
    expect(at(1.9e6, 2)).toBeNull();
    expect(at(2e6, 2)).toBeNull(); // not strictly greater
    expect(at(2.1e6, 2)).toBe('diverged');
    // A start on an exact fit still has a bound: 1e6 * 1e-9 = 1e-3.
    expect(at(0.9e-3, 0)).toBeNull();
    expect(at(1.1e-3, 0)).toBe('diverged');
  });

  it('without startSsr only non-finite numbers count, and the other rules are unchanged', () => {
    expect(stopReasonAfter({ ...real, ssr: 1e300 }, 5, rule)).toBeNull();
    expect(stopReasonAfter({ ...real, stepSizes: still }, 5, rule, undefined, real.ssr)).toBe('step-size');
    expect(stopReasonAfter(real, rule.maxSteps, rule, undefined, real.ssr)).toBe('max-steps');
    expect(stopReasonAfter(real, 4, rule, 4, real.ssr)).toBe('steps-requested');
    expect(stopReasonAfter(real, 3, rule, 4, real.ssr)).toBeNull();
  });
});
