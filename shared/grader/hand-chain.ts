/**
 * How far a hand computation can drift from the exact step when it keeps a given precision in
 * every number it writes, computed in midpoint-radius interval arithmetic: each value is carried
 * as (m, r), its exact value m and a bound r on how far a student's number can be from it.
 *
 *   reading a given number v:  (v, 0) if v is written exactly at the precision, else (v, h(|v|))
 *   a + b:                     (a.m + b.m, a.r + b.r)
 *   a · b:                     (a.m·b.m, |a.m|·b.r + a.r·|b.m| + a.r·b.r)
 *   f(a):                      (f(a.m), L·a.r), L = sup |f'| over [a.m − a.r, a.m + a.r]
 *   writing it down (rounding): (m, r + h(|m| + r))
 * where h(x) is half a unit in the last kept place of a number of size x (precision.ts).
 * These are the rules of midpoint-radius interval arithmetic (S. M. Rump, "Fast and parallel
 * interval arithmetic", BIT 39 (1999) 534-554; R. E. Moore, R. B. Kearfott, M. J. Cloud,
 * "Introduction to Interval Analysis", SIAM 2009, ch. 2-3). They are not a first-order estimate:
 * the product keeps its second-order term and f is bounded by its largest slope over the whole
 * interval, so every hand computation that rounds any of its intermediates to the precision (or
 * keeps them exact) lands within r of m.
 *
 * The computation is the lesson's, written the way it is done on paper, rounding after every
 * operation: x = w·Input + b, y = f(x), f'(x), each w·y of the prediction and their sum, the
 * residual, dSSR/dPredicted = −2·residual, each factor of each chain-rule term, their sum (the
 * derivative), step = derivative · learning rate, new = old − step. A `Slip` changes one link
 * of that computation the way a student's mistake does, so a mistake's value and its own band
 * come from the same arithmetic.
 */
import { activationFunctions, type Activation } from '../engine/activations.js';
import { layoutFor, type ParamInfo } from '../engine/layout.js';
import type { StepRecord } from '../engine/step-record.js';
import { halfUnit, roundTo, type Precision } from './precision.js';

/** A value and the largest distance a hand computation's number can have from it. */
export interface Interval {
  readonly m: number;
  readonly r: number;
}

/** One link of the chain done the way a catalogued mistake does it. */
export type Slip =
  /** dSSR/dPredicted = factor × (Observed − Predicted): exact −2; +2 sign flipped; −1 factor 2 missing; +1 both. */
  | { readonly kind: 'shared'; readonly factor: number }
  /** A factor of the chain-rule term left out. */
  | { readonly kind: 'drop'; readonly factor: 'y' | 'w-out' | 'slope' | 'input' }
  /** The chain of hidden node `node` used instead of the parameter's own. */
  | { readonly kind: 'swap'; readonly node: number }
  /** Only data point `point`'s term, not the sum. */
  | { readonly kind: 'single'; readonly point: number };

export interface HandChain {
  readonly derivative: Interval;
  readonly step: Interval;
  readonly next: Interval;
}

const EXACT_SHARED = -2;

class Arithmetic {
  constructor(readonly precision: Precision) {}
  /** A given number as a student copies it at the precision. */
  read(v: number): Interval {
    return { m: v, r: roundTo(this.precision, v) === v ? 0 : halfUnit(this.precision, Math.abs(v)) };
  }
  /** A number the student typed: it may have been rounded from what they computed. */
  typed(v: number): Interval {
    return { m: v, r: halfUnit(this.precision, Math.abs(v)) };
  }
  write(a: Interval): Interval {
    return { m: a.m, r: a.r + halfUnit(this.precision, Math.abs(a.m) + a.r) };
  }
  add(a: Interval, b: Interval): Interval {
    return { m: a.m + b.m, r: a.r + b.r };
  }
  sub(a: Interval, b: Interval): Interval {
    return { m: a.m - b.m, r: a.r + b.r };
  }
  mul(a: Interval, b: Interval): Interval {
    return { m: a.m * b.m, r: Math.abs(a.m) * b.r + a.r * Math.abs(b.m) + a.r * b.r };
  }
  /** Product written down; multiplying by an exact 0 or ±1 writes nothing new. */
  times(a: Interval, b: Interval): Interval {
    const exactUnit = (x: Interval) => x.r === 0 && (x.m === 0 || Math.abs(x.m) === 1);
    const p = this.mul(a, b);
    return exactUnit(a) || exactUnit(b) ? p : this.write(p);
  }
}

/** sup |f'| and sup |f''| over [lo, hi], for the value and the slope of each activation. */
function lipschitz(activation: Activation, lo: number, hi: number): { value: number; slope: number; slopeJump: number } {
  const sigmoid = activationFunctions.sigmoid.value;
  const nearestZero = lo > 0 ? lo : hi < 0 ? hi : 0;
  const dSigmoid = (x: number) => sigmoid(x) * (1 - sigmoid(x));
  switch (activation) {
    case 'softplus':
      // softplus' = sigmoid (increasing); softplus'' = sigmoid' (largest nearest 0).
      return { value: sigmoid(hi), slope: dSigmoid(nearestZero), slopeJump: 0 };
    case 'sigmoid':
      // |sigmoid''| <= 1/(6√3) < 0.0963 everywhere.
      return { value: dSigmoid(nearestZero), slope: 0.0963, slopeJump: 0 };
    case 'relu':
      // The slope jumps from 0 to 1 at 0.
      return { value: hi > 0 ? 1 : 0, slope: 0, slopeJump: lo <= 0 && hi > 0 ? 1 : 0 };
    case 'identity':
      return { value: 1, slope: 0, slopeJump: 0 };
  }
}

interface PointIntervals {
  readonly input: Interval;
  readonly y: readonly Interval[];
  readonly slope: readonly Interval[];
  readonly residual: Interval;
}

interface Forward {
  readonly points: readonly PointIntervals[];
  readonly read: (name: string) => Interval;
}

const forwardMemo = new WeakMap<StepRecord, Map<string, Forward>>();

/** The forward pass as written by hand: x, y, f'(x), the prediction and the residual of each point. */
function forward(record: StepRecord, precision: Precision): Forward {
  const key = JSON.stringify(precision);
  let byPrecision = forwardMemo.get(record);
  if (!byPrecision) forwardMemo.set(record, (byPrecision = new Map()));
  const found = byPrecision.get(key);
  if (found) return found;
  const A = new Arithmetic(precision);
  const width = record.width;
  const layout = layoutFor(width);
  const f = activationFunctions[record.activation];
  const params = new Map<string, Interval>(layout.names.map((n) => [n, A.read(record.params[n]!)]));
  const read = (name: string) => params.get(name)!;
  const points = record.points.map((point) => {
    const input = A.read(point.input);
    const y: Interval[] = [];
    const slope: Interval[] = [];
    let predicted = read(`b${width + 1}`);
    for (let k = 0; k < width; k++) {
      const x = A.write(A.add(A.times(read(`w${k + 1}`), input), read(`b${k + 1}`)));
      const L = lipschitz(record.activation, x.m - x.r, x.m + x.r);
      const yk = A.write({ m: f.value(x.m), r: L.value * x.r });
      y.push(yk);
      slope.push(A.write({ m: f.slope(x.m), r: L.slope * x.r + L.slopeJump }));
      predicted = A.add(predicted, A.times(read(`w${width + k + 1}`), yk));
    }
    predicted = A.write(predicted);
    const residual = A.write(A.sub(A.read(point.observed), predicted));
    return { input, y, slope, residual };
  });
  const out = { points, read };
  byPrecision.set(key, out);
  return out;
}

/** The chain-rule term of one data point, with the slip applied. */
function term(A: Arithmetic, info: ParamInfo, width: number, point: PointIntervals, shared: Interval, slip: Slip | null, read: (name: string) => Interval): Interval {
  const drop = slip?.kind === 'drop' ? slip.factor : null;
  const node = slip?.kind === 'swap' ? slip.node : info.node;
  switch (info.kind) {
    case 'output-bias':
      return shared;
    case 'output-weight':
      return drop === 'y' ? shared : A.times(shared, point.y[node]!);
    case 'hidden-weight':
    case 'hidden-bias': {
      let t = shared;
      if (drop !== 'w-out') t = A.times(t, read(`w${width + node + 1}`));
      if (drop !== 'slope') t = A.times(t, point.slope[node]!);
      if (info.kind === 'hidden-weight' && drop !== 'input') t = A.times(t, point.input);
      return t;
    }
  }
}

/**
 * A parameter's derivative, step and new value as kept at `precision`, with an optional slip in
 * the derivative's chain and a factor on the learning rate (1: as given; 10 or 0.1: misread;
 * null: not applied, the derivative used as the step).
 */
export function handChain(record: StepRecord, param: string, precision: Precision, slip: Slip | null = null, rateFactor: number | null = 1, stepSign: 1 | -1 = 1): HandChain {
  const layout = layoutFor(record.width);
  const info = layout.params.find((p) => p.name === param);
  if (!info) throw new RangeError(`unknown parameter ${param}`);
  const A = new Arithmetic(precision);
  const { points, read } = forward(record, precision);
  const factor = slip?.kind === 'shared' ? slip.factor : EXACT_SHARED;
  const terms = points.map((p) => term(A, info, record.width, p, A.times(p.residual, { m: factor, r: 0 }), slip, read));
  let derivative: Interval;
  if (slip?.kind === 'single') derivative = terms[slip.point]!;
  else derivative = A.write(terms.reduce((s, t) => A.add(s, t), { m: 0, r: 0 }));
  const step = rateFactor === null ? derivative : A.times(derivative, { m: record.learningRate * rateFactor, r: 0 });
  const old = read(param);
  const next = A.write(stepSign === 1 ? A.sub(old, step) : A.add(old, step));
  return { derivative, step, next };
}

/** The step a student gets from their own typed derivative, and the new value from it. */
export function followOnFromDerivative(record: StepRecord, param: string, precision: Precision, ownDerivative: number): { step: Interval; next: Interval } {
  const A = new Arithmetic(precision);
  const step = A.times(A.typed(ownDerivative), { m: record.learningRate, r: 0 });
  return { step, next: A.write(A.sub(A.read(record.params[param]!), step)) };
}

/** The new value a student gets from their own typed step. */
export function followOnFromStep(record: StepRecord, param: string, precision: Precision, ownStep: number): Interval {
  const A = new Arithmetic(precision);
  return A.write(A.sub(A.read(record.params[param]!), A.typed(ownStep)));
}
