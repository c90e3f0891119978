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
import { hiddenOf, linkRank, type FieldRef } from './fields.js';
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
  | { readonly kind: 'single'; readonly point: number }
  /** The hidden nodes' activation computed as max(0, x), as e^x, or as log10(1 + e^x) (softplus with the wrong logarithm). */
  | { readonly kind: 'activation'; readonly as: ActivationSlip }
  /** x = w · Input without its bias, or with the bias's sign flipped. */
  | { readonly kind: 'bias'; readonly as: 'omitted' | 'negated' }
  /** At data point `point`, the input dose of data point `from` used. */
  | { readonly kind: 'input'; readonly point: number; readonly from: number }
  /** The residual taken as Predicted − Observed. */
  | { readonly kind: 'residual-reversed' };

export type ActivationSlip = 'relu' | 'exp' | 'log10';

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

/** A slipped activation and sup |g'| over [lo, hi]. */
const SLIPPED: Readonly<Record<ActivationSlip, { value: (x: number) => number; lipschitz: (lo: number, hi: number) => number }>> = {
  relu: { value: (x) => Math.max(0, x), lipschitz: (_lo, hi) => (hi > 0 ? 1 : 0) },
  exp: { value: Math.exp, lipschitz: (_lo, hi) => Math.exp(hi) },
  // log10(1 + e^x) = softplus(x) / ln 10: its slope is sigmoid(x) / ln 10, increasing.
  log10: { value: (x) => activationFunctions.softplus.value(x) / Math.LN10, lipschitz: (_lo, hi) => activationFunctions.sigmoid.value(hi) / Math.LN10 },
};

/**
 * The links of the chain at one data point, as written by hand. `own` on a link: it was built on
 * the student's own number for an upstream link of that rank (`linkRank`), -1 when on none.
 */
export interface PointLinks {
  readonly input: Interval;
  readonly x: readonly Tracked[];
  readonly y: readonly Tracked[];
  readonly slope: readonly Tracked[];
  readonly predicted: Tracked;
  readonly residual: Tracked;
  /** dSSR/dPredicted at the point. */
  readonly shared: Tracked;
}

/** An interval and the deepest link of the student's own it was built on (-1: none). */
export type Tracked = Interval & { readonly own: number };

export interface Links {
  readonly points: readonly PointLinks[];
  /** Per trainable parameter, its chain-rule term at each point. */
  readonly terms: Readonly<Record<string, readonly Tracked[]>>;
  readonly derivative: Readonly<Record<string, Tracked>>;
}

/**
 * A student's own numbers to build on: `value(field)` gives the student's number for a link (only
 * one worth building on: wrong, not about zero, not absurd), read for links of rank below `cut`.
 */
export interface OwnValues {
  readonly cut: number;
  value(field: FieldRef): number | undefined;
}

const NOT_OWN = -1;
const tracked = (i: Interval, ...from: ReadonlyArray<{ readonly own: number }>): Tracked => ({ m: i.m, r: i.r, own: Math.max(NOT_OWN, ...from.map((f) => f.own)) });

const linksMemo = new WeakMap<StepRecord, Map<string, Links>>();

/**
 * Every link of the hand computation at `precision`: per point x, y, f'(x), the prediction, the
 * residual and the shared term; per trainable parameter its terms and derivative. With `slip`,
 * one link done the way a mistake does it; with `own`, the student's own numbers used for the
 * links upstream of `own.cut` (follow-on credit).
 */
export function chainLinks(record: StepRecord, precision: Precision, slip: Slip | null = null, own: OwnValues | null = null): Links {
  // Candidates read the same slipped chain for every parameter: computed once per step, precision and slip.
  const memoKey = own === null ? JSON.stringify([precision, slip]) : null;
  let byPrecision = linksMemo.get(record);
  if (memoKey) {
    if (!byPrecision) linksMemo.set(record, (byPrecision = new Map()));
    const found = byPrecision.get(memoKey);
    if (found) return found;
  }
  const A = new Arithmetic(precision);
  const width = record.width;
  const layout = layoutFor(width);
  const f = activationFunctions[record.activation];
  const params = new Map<string, Interval>(layout.names.map((n) => [n, A.read(record.params[n]!)]));
  const read = (name: string) => params.get(name)!;
  const ownOr = (field: FieldRef, computed: Tracked): Tracked => {
    if (!own || linkRank(field.quantity) >= own.cut) return computed;
    const v = own.value(field);
    return v === undefined ? computed : { ...A.typed(v), own: linkRank(field.quantity) };
  };
  const points = record.points.map((point, i): PointLinks => {
    const input = A.read(slip?.kind === 'input' && slip.point === i ? record.points[slip.from]!.input : point.input);
    const x: Tracked[] = [];
    const y: Tracked[] = [];
    const slope: Tracked[] = [];
    let sum: Tracked = tracked(read(`b${width + 1}`));
    for (let k = 0; k < width; k++) {
      const wx = A.times(read(`w${k + 1}`), input);
      const b = read(`b${k + 1}`);
      const pre = slip?.kind === 'bias' ? (slip.as === 'omitted' ? wx : A.sub(wx, b)) : A.add(wx, b);
      const xk = ownOr({ quantity: `x${k + 1}`, point: i }, tracked(A.write(pre)));
      const L = lipschitz(record.activation, xk.m - xk.r, xk.m + xk.r);
      const g = slip?.kind === 'activation' ? SLIPPED[slip.as] : null;
      const yValue = g ? { m: g.value(xk.m), r: g.lipschitz(xk.m - xk.r, xk.m + xk.r) * xk.r } : { m: f.value(xk.m), r: L.value * xk.r };
      const yk = ownOr({ quantity: `y${k + 1}`, point: i }, tracked(A.write(yValue), xk));
      x.push(xk);
      y.push(yk);
      slope.push(tracked(A.write({ m: f.slope(xk.m), r: L.slope * xk.r + L.slopeJump }), xk));
      sum = tracked(A.add(sum, A.times(read(`w${width + k + 1}`), yk)), sum, yk);
    }
    const predicted = ownOr({ quantity: 'predicted', point: i }, tracked(A.write(sum), sum));
    const observed = A.read(point.observed);
    const difference = slip?.kind === 'residual-reversed' ? A.sub(predicted, observed) : A.sub(observed, predicted);
    const residual = ownOr({ quantity: 'residual', point: i }, tracked(A.write(difference), predicted));
    const factor = slip?.kind === 'shared' ? slip.factor : EXACT_SHARED;
    const shared = ownOr({ quantity: 'dssrDpredicted', point: i }, tracked(A.times(residual, { m: factor, r: 0 }), residual));
    return { input, x, y, slope, predicted, residual, shared };
  });
  const terms: Record<string, Tracked[]> = {};
  const derivative: Record<string, Tracked> = {};
  for (const param of record.trainable) {
    const info = layout.params.find((p) => p.name === param)!;
    const own = points.map((p, i) => ownOr({ quantity: 'terms', param, point: i }, term(A, info, width, p, slip, read)));
    terms[param] = own;
    const total = slip?.kind === 'single' ? own[slip.point]! : tracked(A.write(own.reduce<Interval>((s, t) => A.add(s, t), { m: 0, r: 0 })), ...own);
    derivative[param] = ownOr({ quantity: 'derivatives', param }, total);
  }
  const out: Links = { points, terms, derivative };
  if (memoKey) byPrecision!.set(memoKey, out);
  return out;
}

/** The chain-rule term of one data point, with the slip applied. */
function term(A: Arithmetic, info: ParamInfo, width: number, point: PointLinks, slip: Slip | null, read: (name: string) => Interval): Tracked {
  const drop = slip?.kind === 'drop' ? slip.factor : null;
  const node = slip?.kind === 'swap' ? slip.node : info.node;
  const shared = point.shared;
  switch (info.kind) {
    case 'output-bias':
      return shared;
    case 'output-weight':
      return drop === 'y' ? shared : tracked(A.times(shared, point.y[node]!), shared, point.y[node]!);
    case 'hidden-weight':
    case 'hidden-bias': {
      let t: Interval = shared;
      if (drop !== 'w-out') t = A.times(t, read(`w${width + node + 1}`));
      if (drop !== 'slope') t = A.times(t, point.slope[node]!);
      if (info.kind === 'hidden-weight' && drop !== 'input') t = A.times(t, point.input);
      return tracked(t, shared, point.slope[node]!);
    }
  }
}

/**
 * A parameter's derivative, step and new value as kept at `precision`, with an optional slip in
 * the derivative's chain and a factor on the learning rate (1: as given; 10 or 0.1: misread;
 * null: not applied, the derivative used as the step).
 */
export function handChain(record: StepRecord, param: string, precision: Precision, slip: Slip | null = null, rateFactor: number | null = 1, stepSign: 1 | -1 = 1): HandChain {
  if (!layoutFor(record.width).names.includes(param)) throw new RangeError(`unknown parameter ${param}`);
  if (!record.trainable.includes(param)) throw new RangeError(`${param} is not trainable in this step`);
  const A = new Arithmetic(precision);
  const derivative = chainLinks(record, precision, slip).derivative[param]!;
  const step = rateFactor === null ? derivative : A.times(derivative, { m: record.learningRate * rateFactor, r: 0 });
  const old = A.read(record.params[param]!);
  const next = A.write(stepSign === 1 ? A.sub(old, step) : A.add(old, step));
  return { derivative: { m: derivative.m, r: derivative.r }, step, next };
}

/** A per-point link or a derivative read from the links (terms and derivatives of trainable parameters only). */
export function linkValue(links: Links, field: FieldRef): Tracked {
  if (field.quantity === 'derivatives') return links.derivative[field.param!]!;
  if (field.quantity === 'terms') return links.terms[field.param!]![field.point!]!;
  const p = links.points[field.point!]!;
  const h = hiddenOf(field.quantity);
  if (h) return (h.kind === 'x' ? p.x : p.y)[h.node]!;
  switch (field.quantity) {
    case 'predicted':
      return p.predicted;
    case 'residual':
      return p.residual;
    case 'dssrDpredicted':
      return p.shared;
    default:
      throw new RangeError(`no link ${field.quantity}`);
  }
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
