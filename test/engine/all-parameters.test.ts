// The all-parameters preset must train stably from its default start: the SSR falls at every step,
// and the learning rate stays below 2 / (largest curvature of the SSR) along the whole run.
// The SSR and its Hessian are computed here by hand, independent of the engine.
import { describe, expect, it } from 'vitest';
import { runPreset } from './run-preset.js';

const softplus = (x: number) => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)));
const DATA = [
  [0, 0],
  [0.5, 1],
  [1, 0],
] as const;
/** SSR of the lesson network, parameters in the order w1, b1, w2, b2, w3, w4, b3. */
function ssr(p: readonly number[]): number {
  const [w1, b1, w2, b2, w3, w4, b3] = p as [number, number, number, number, number, number, number];
  return DATA.reduce((s, [input, obs]) => s + (obs - (w3 * softplus(w1 * input + b1) + w4 * softplus(w2 * input + b2) + b3)) ** 2, 0);
}

/** Hessian of the SSR by central second differences. */
function hessian(p: readonly number[], h = 1e-4): number[][] {
  const at = (di: number, si: number, dj = -1, sj = 0) => ssr(p.map((v, k) => v + (k === di ? si * h : 0) + (k === dj ? sj * h : 0)));
  const n = p.length;
  const f0 = ssr(p);
  const H = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    H[i]![i] = (at(i, 1) - 2 * f0 + at(i, -1)) / (h * h);
    for (let j = i + 1; j < n; j++) {
      const v = (at(i, 1, j, 1) - at(i, 1, j, -1) - at(i, -1, j, 1) + at(i, -1, j, -1)) / (4 * h * h);
      H[i]![j] = v;
      H[j]![i] = v;
    }
  }
  return H;
}

/** Eigenvalues of a symmetric matrix by cyclic Jacobi rotations. */
function eigenvalues(M: number[][]): number[] {
  const n = M.length;
  const A = M.map((row) => [...row]);
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) off += A[i]![j]! ** 2;
    if (off < 1e-20) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = A[p]![q]!;
        if (apq === 0) continue;
        const theta = (A[q]![q]! - A[p]![p]!) / (2 * apq);
        const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = A[k]![p]!;
          const akq = A[k]![q]!;
          A[k]![p] = c * akp - s * akq;
          A[k]![q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = A[p]![k]!;
          const aqk = A[q]![k]!;
          A[p]![k] = c * apk - s * aqk;
          A[q]![k] = s * apk + c * aqk;
        }
      }
    }
  }
  return A.map((row, i) => row[i]!);
}

describe('eigenvalues (the helper itself)', () => {
  it('finds the eigenvalues of a known symmetric matrix', () => {
    // [[2, 1], [1, 2]] has eigenvalues 1 and 3.
    expect(eigenvalues([[2, 1], [1, 2]]).sort((a, b) => a - b).map((v) => +v.toFixed(12))).toEqual([1, 3]);
  });
});

describe('the all-parameters preset trains stably from its default start', () => {
  const { start, run } = runPreset('all-parameters');
  const ssrs = run.steps.map((s) => ssr(Array.from(s.params)));

  it('starts from moderate weights, zero biases and a clearly poor fit', () => {
    for (const w of [start.params.w1, start.params.w2, start.params.w3, start.params.w4]) expect(Math.abs(w!)).toBeLessThan(2.5);
    expect([start.params.b1, start.params.b2, start.params.b3]).toEqual([0, 0, 0]);
    expect(ssrs[0]!).toBeGreaterThan(1);
    expect(ssrs[0]!).toBeCloseTo(run.steps[0]!.ssr, 12);
  });

  it('never raises the SSR from one step to the next until the stop rule, and does not diverge', () => {
    const all = [...ssrs, ssr(Array.from(run.final))];
    for (let i = 1; i < all.length; i++) expect(all[i]!, `step ${i}`).toBeLessThanOrEqual(all[i - 1]! * (1 + 1e-12));
    expect(run.stopReason).not.toBe('diverged');
  });

  it('ends by the step-size rule with a good fit of all three points', () => {
    expect(run.stopReason).toBe('step-size');
    const final = ssrs.at(-1)!;
    expect(final).toBeLessThan(0.01);
    expect(final).toBeLessThan(ssrs[0]! / 100);
  });

  it('keeps learning rate x largest curvature (Hessian eigenvalue) below 2 at every point of the run', () => {
    const points = [...run.steps.map((s) => Array.from(s.params)), Array.from(run.final)];
    let worst = 0;
    for (const p of points) worst = Math.max(worst, ...eigenvalues(hessian(p)));
    expect(start.setup.learningRate * worst).toBeLessThan(2);
  });
});
