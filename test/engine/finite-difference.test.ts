// Every derivative the engine returns agrees with a central finite difference of the SSR,
// over random networks, widths, activations, data and trainable subsets.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACTIVATIONS, gradientStep, layoutFor, sumOfSquaredResiduals, type Activation } from '../../shared/engine/index.js';

const finite = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true });

const network = fc
  .record({
    activation: fc.constantFrom<Activation>(...ACTIVATIONS),
    width: fc.integer({ min: 1, max: 5 }),
    points: fc.array(fc.record({ input: finite(-2, 2), observed: finite(-2, 2) }), { minLength: 1, maxLength: 6 }),
    learningRate: finite(0.001, 1),
  })
  .chain((base) => {
    const size = layoutFor(base.width).size;
    return fc.record({
      base: fc.constant(base),
      params: fc.array(finite(-3, 3), { minLength: size, maxLength: size }),
      trainableMask: fc.array(fc.boolean(), { minLength: size, maxLength: size }),
    });
  });

describe('derivatives against central finite differences', () => {
  it('match for every trainable parameter', () => {
    fc.assert(
      fc.property(network, ({ base, params, trainableMask }) => {
        const shape = { activation: base.activation, width: base.width };
        const vector = Float64Array.from(params);
        const trainable = trainableMask.flatMap((on, i) => (on ? [i] : []));
        const h = 1e-6;
        if (base.activation === 'relu') {
          // ReLU has a kink at 0 where a finite difference straddles two slopes; stay clear of it.
          for (const p of base.points) for (let k = 0; k < base.width; k++) {
            fc.pre(Math.abs(vector[2 * k]! * p.input + vector[2 * k + 1]!) > 1e-3);
          }
        }
        const step = gradientStep({ shape, data: base.points, params: vector, trainable, learningRate: base.learningRate });
        trainable.forEach((index, j) => {
          const plus = Float64Array.from(vector);
          const minus = Float64Array.from(vector);
          plus[index] = plus[index]! + h;
          minus[index] = minus[index]! - h;
          const numeric = (sumOfSquaredResiduals(shape, base.points, plus) - sumOfSquaredResiduals(shape, base.points, minus)) / (2 * h);
          const analytic = step.derivatives[j]!;
          expect(Math.abs(analytic - numeric)).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(numeric)));
          expect(step.stepSizes[j]).toBeCloseTo(analytic * base.learningRate, 12);
          expect(step.next[index]).toBeCloseTo(vector[index]! - analytic * base.learningRate, 12);
        });
        // Fixed parameters never move.
        for (let i = 0; i < vector.length; i++) if (!trainable.includes(i)) expect(step.next[i]).toBe(vector[i]);
        expect(step.ssr).toBeCloseTo(sumOfSquaredResiduals(shape, base.points, vector), 10);
      }),
      { numRuns: 400 },
    );
  });
});
