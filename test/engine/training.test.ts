import { describe, expect, it } from 'vitest';
import { PRESET_IDS, PRESETS, resolvePreset, seededNormal } from '../../shared/engine/index.js';
import { runPreset } from './run-preset.js';

describe('training from each preset', () => {
  for (const id of PRESET_IDS) {
    it(`${id}: lowers the SSR and stops by the documented rule`, () => {
      const { run } = runPreset(id);
      const first = run.steps[0]!.ssr;
      const last = run.steps.at(-1)!;
      expect(last.ssr).toBeLessThan(first);
      expect(['step-size', 'max-steps']).toContain(run.stopReason);
      if (run.stopReason === 'step-size') {
        expect([...last.stepSizes].every((s) => Math.abs(s) < 0.001)).toBe(true);
        // No earlier step met the rule, or it would have stopped there.
        for (const step of run.steps.slice(0, -1)) expect([...step.stepSizes].some((s) => Math.abs(s) >= 0.001)).toBe(true);
      } else {
        expect(run.steps.length).toBe(1000);
        for (const step of run.steps) expect([...step.stepSizes].some((s) => Math.abs(s) >= 0.001)).toBe(true);
      }
    });
  }

  it('bias-only converges to the b3 that minimises the SSR with w3, w4 fixed', () => {
    const { run } = runPreset('bias-only');
    expect(run.stopReason).toBe('step-size');
    // d SSR / d b3 = 0  <=>  b3 = mean(Observed_i - w3 y1,i - w4 y2,i): computed here by hand.
    const sp = (x: number) => Math.log(1 + Math.exp(x));
    const rest = [0, 0.5, 1].map((input, i) => [0, 1, 0][i]! - (-1.22 * sp(3.34 * input - 1.43) + -2.3 * sp(-3.53 * input + 0.57)));
    const best = rest.reduce((a, b) => a + b, 0) / 3;
    expect(best).toBeCloseTo(2.61, 2); // the lesson's fitted bias
    expect(run.final[6]).toBeCloseTo(best, 3);
  });

  it('all-parameters starts from seeded normal weights and zero biases, replayably', () => {
    const a = resolvePreset('all-parameters', { seed: 5 });
    const b = resolvePreset('all-parameters', { seed: 5 });
    const c = resolvePreset('all-parameters', { seed: 6 });
    expect(a.params).toEqual(b.params);
    expect(a.params).not.toEqual(c.params);
    expect([a.params.b1, a.params.b2, a.params.b3]).toEqual([0, 0, 0]);
    expect(PRESETS['all-parameters'].trainable).toHaveLength(7);
    const { run } = runPreset('all-parameters');
    expect(run.steps.at(-1)!.ssr).toBeLessThan(0.1 * run.steps[0]!.ssr);
  });

  it('draws from a standard normal', () => {
    const normal = seededNormal(123);
    const xs = Array.from({ length: 20_000 }, () => normal.next());
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
    expect(() => seededNormal(1.5)).toThrow(/integer/);
  });
});

describe('the stop rule', () => {
  it('is configurable: a larger threshold stops earlier by step size', () => {
    const { run } = runPreset('three-parameters', { rule: { stepThreshold: 0.01 } });
    expect(run.stopReason).toBe('step-size');
    expect(run.steps.length).toBeLessThan(1000);
    expect([...run.steps.at(-1)!.stepSizes].every((s) => Math.abs(s) < 0.01)).toBe(true);
  });

  it('is configurable: fewer maximum steps', () => {
    const { run } = runPreset('three-parameters', { rule: { maxSteps: 25 } });
    expect(run.stopReason).toBe('max-steps');
    expect(run.steps).toHaveLength(25);
  });

  it('takes a requested number of steps, each from the previous one', () => {
    const { run } = runPreset('three-parameters', {}, 4);
    expect(run.stopReason).toBe('steps-requested');
    expect(run.steps).toHaveLength(4);
    for (let i = 1; i < 4; i++) expect(Array.from(run.steps[i]!.params)).toEqual(Array.from(run.steps[i - 1]!.next));
  });

  it('reports divergence when the learning rate is far too large', () => {
    const { run } = runPreset('three-parameters', { learningRate: 50 });
    expect(run.stopReason).toBe('diverged');
  });
});
