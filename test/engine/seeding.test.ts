// Seeded normal draws must be standard normal from the very first draw of each seed: a random
// start uses the first few draws of one seed, so those are what matter, not a long stream.
import { describe, expect, it } from 'vitest';
import { seededNormal } from '../../shared/engine/index.js';

/** erf by Abramowitz and Stegun 7.1.26 (absolute error below 1.5e-7). */
function erf(x: number): number {
  const sign = x < 0 ? -1 : 1;
  const a = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * a);
  const poly = ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t;
  return sign * (1 - poly * Math.exp(-a * a));
}
const normalCdf = (x: number) => 0.5 * (1 + erf(x / Math.SQRT2));

/** Kolmogorov-Smirnov statistic D = sup |F_n(x) - Phi(x)| of a sample against the standard normal. */
function ksStatistic(sample: readonly number[]): number {
  const sorted = [...sample].sort((a, b) => a - b);
  const n = sorted.length;
  let d = 0;
  sorted.forEach((x, i) => {
    const f = normalCdf(x);
    d = Math.max(d, f - i / n, (i + 1) / n - f);
  });
  return d;
}

const SEEDS = 10_000;
/** The k-th draw (0-based) of each seed 0 .. SEEDS-1. */
const drawOfEachSeed = (k: number) =>
  Array.from({ length: SEEDS }, (_, seed) => {
    const normal = seededNormal(seed);
    let z = NaN;
    for (let j = 0; j <= k; j++) z = normal.next();
    return z;
  });
/** Critical value of the one-sample KS test at significance 0.01 for large n. */
const KS_CRITICAL = 1.63 / Math.sqrt(SEEDS);

describe('seeded normal draws across seeds', () => {
  const first = drawOfEachSeed(0);
  const second = drawOfEachSeed(1);

  it('the first draw of seeds 0-9,999 passes a Kolmogorov-Smirnov test against N(0, 1) at alpha 0.01', () => {
    expect(ksStatistic(first)).toBeLessThan(KS_CRITICAL);
  });

  it('so does the second draw', () => {
    expect(ksStatistic(second)).toBeLessThan(KS_CRITICAL);
  });

  it('the first draw has mean near 0 and standard deviation near 1', () => {
    const mean = first.reduce((a, b) => a + b, 0) / SEEDS;
    const sd = Math.sqrt(first.reduce((a, b) => a + (b - mean) ** 2, 0) / SEEDS);
    // Standard errors for n = 10,000: 0.01 for the mean, about 0.007 for the sd; allow four of them.
    expect(Math.abs(mean)).toBeLessThan(0.04);
    expect(Math.abs(sd - 1)).toBeLessThan(0.03);
  });

  it('the first and second draws of a seed are uncorrelated', () => {
    const r = first.reduce((a, x, i) => a + x * second[i]!, 0) / SEEDS;
    expect(Math.abs(r)).toBeLessThan(0.04);
  });
});

describe('seeded normal replay', () => {
  it('the same seed gives the same sequence, another seed a different one', () => {
    const take = (seed: number) => {
      const normal = seededNormal(seed);
      return Array.from({ length: 9 }, () => normal.next());
    };
    expect(take(42)).toEqual(take(42));
    expect(take(0)).toEqual(take(0));
    expect(take(2 ** 31 - 1)).toEqual(take(2 ** 31 - 1));
    expect(take(42)).not.toEqual(take(43));
    // The whole safe-integer seed counts, not only its low 32 bits.
    expect(take(0)).not.toEqual(take(2 ** 32));
    expect(take(1)).not.toEqual(take(-1));
  });

  it('scales by mean and sd and refuses a non-integer seed', () => {
    const a = seededNormal(5);
    const b = seededNormal(5);
    for (let i = 0; i < 5; i++) expect(b.next(3, 2)).toBeCloseTo(3 + 2 * a.next(), 12);
    expect(() => seededNormal(0.5)).toThrow(/integer/);
    expect(() => seededNormal(Number.NaN)).toThrow(/integer/);
  });
});
