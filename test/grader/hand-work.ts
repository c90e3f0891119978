// A student's work on paper for the lesson's network (two softplus hidden nodes), written
// independently of the engine and the grader: every number written is kept at a precision
// (or left exact), and the classic mistakes made on purpose.
export const inputs = [0, 0.5, 1];
export const observed = [0, 1, 0];
export const fixed = { w1: 3.34, b1: -1.43, w2: -3.53, b2: 0.57 };
const softplus = (x: number) => Math.log(1 + Math.exp(x));
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
export const round2 = (v: number) => Math.round(v * 100) / 100;

/** Rounding as a student keeping `significant` digits or `decimals` places writes a number. */
export function keeper(precision: { significant: number } | { decimals: number } | null): (v: number) => number {
  if (precision === null) return (v) => v;
  if ('significant' in precision) return (v) => (v === 0 ? 0 : Number(v.toPrecision(precision.significant)));
  return (v) => Number(v.toFixed(precision.decimals));
}

export interface Slip {
  round?: boolean;
  /** 2 (O - P) instead of -2 (O - P) */
  flipSign?: boolean;
  /** -(O - P) instead of -2 (O - P) */
  dropTwo?: boolean;
  /** (O - P) instead of -2 (O - P) */
  dropMinusTwo?: boolean;
  /** forget to multiply by y */
  dropY?: boolean;
  /** use y2 for w3 and y1 for w4 */
  swapY?: boolean;
  /** only this data point's term */
  onlyPoint?: number;
}

export function handDerivatives(p: { w3: number; w4: number; b3: number }, slip: Slip = {}) {
  const r = slip.round ? round2 : (v: number) => v;
  const d = { w3: 0, w4: 0, b3: 0 };
  inputs.forEach((input, i) => {
    if (slip.onlyPoint !== undefined && slip.onlyPoint !== i) return;
    let y1 = r(softplus(r(fixed.w1 * input + fixed.b1)));
    let y2 = r(softplus(r(fixed.w2 * input + fixed.b2)));
    const predicted = r(p.w3 * y1 + p.w4 * y2 + p.b3);
    const residual = r(observed[i]! - predicted);
    const shared = r((slip.flipSign ? 2 : -2) * residual / (slip.dropTwo ? 2 : 1));
    if (slip.swapY) [y1, y2] = [y2, y1];
    d.w3 += r(shared * (slip.dropY ? 1 : y1));
    d.w4 += r(shared * (slip.dropY ? 1 : y2));
    d.b3 += shared;
  });
  return { w3: r(d.w3), w4: r(d.w4), b3: r(d.b3) };
}

/** A mistake made on paper in the general seven-parameter computation. */
export interface PaperSlip {
  /** dSSR/dPredicted written as factor × (O − P): −2 right, +2 sign flipped, −1 factor 2 missing, +1 −2 missing. */
  shared?: number;
  /** leave out y (output weight), w_out, f'(x) or the input (hidden parameters) */
  drop?: 'y' | 'w-out' | 'slope' | 'input';
  /** use the other hidden node's chain */
  swap?: boolean;
  onlyPoint?: number;
  /** step = derivative (null), or the learning rate misread ×10 / ÷10 */
  rate?: null | 10 | 0.1;
  /** new = old + step */
  addStep?: boolean;
}

export type Seven = Record<'w1' | 'b1' | 'w2' | 'b2' | 'w3' | 'w4' | 'b3', number>;

/**
 * One gradient step worked by hand on the lesson's network, writing every intermediate with
 * `keep`: x = w·Input + b, y = SoftPlus(x), f'(x) = sigmoid(x), each w·y, the prediction, the
 * residual, dSSR/dPredicted, each factor of each term, the derivative, the step, the new value.
 */
export function paperStep(params: Seven, trainable: readonly string[], rate: number, keep: (v: number) => number, slip: PaperSlip = {}, data = { inputs, observed }) {
  const p = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, keep(v)])) as Seven;
  const derivatives: Record<string, number> = {};
  const steps: Record<string, number> = {};
  const next: Record<string, number> = {};
  const terms: Record<string, number[]> = {};
  for (const name of trainable) terms[name] = [];
  data.inputs.forEach((input, i) => {
    const x1 = keep(keep(p.w1 * input) + p.b1);
    const x2 = keep(keep(p.w2 * input) + p.b2);
    const y = [keep(softplus(x1)), keep(softplus(x2))];
    const s = [keep(sigmoid(x1)), keep(sigmoid(x2))];
    const predicted = keep(keep(p.w3 * y[0]!) + keep(p.w4 * y[1]!) + p.b3);
    const residual = keep(data.observed[i]! - predicted);
    const shared = keep((slip.shared ?? -2) * residual);
    const outOf = [p.w3, p.w4];
    for (const name of trainable) {
      let t: number;
      if (name === 'b3') t = shared;
      else if (name === 'w3' || name === 'w4') {
        const node = (name === 'w3' ? 0 : 1) ^ (slip.swap ? 1 : 0);
        t = slip.drop === 'y' ? shared : keep(shared * y[node]!);
      } else {
        const own = name.endsWith('1') ? 0 : 1;
        const node = own ^ (slip.swap ? 1 : 0);
        t = shared;
        if (slip.drop !== 'w-out') t = keep(t * outOf[node]!);
        if (slip.drop !== 'slope') t = keep(t * s[node]!);
        if (name.startsWith('w') && slip.drop !== 'input') t = keep(t * input);
      }
      terms[name]!.push(t);
    }
  });
  for (const name of trainable) {
    const d = slip.onlyPoint !== undefined ? terms[name]![slip.onlyPoint]! : keep(terms[name]!.reduce((a, b) => a + b, 0));
    derivatives[name] = d;
    const step = slip.rate === null ? d : keep(d * rate * (slip.rate ?? 1));
    steps[name] = step;
    next[name] = keep(slip.addStep ? p[name as keyof Seven] + step : p[name as keyof Seven] - step);
  }
  return { derivatives, steps, next };
}

/** The lesson's starting output layer. */
export const START = { w3: 0.36, w4: 0.63, b3: 0 };

/** What a student can do wrong on paper at one link. */
export interface LinkSlip {
  activation?: 'relu' | 'exp' | 'log10';
  bias?: 'omitted' | 'negated';
  /** At point `point`, the dose of point `from`. */
  input?: { point: number; from: number };
  residualReversed?: boolean;
  /** dSSR/dPredicted = factor × residual (right: −2). */
  shared?: number;
  /** Each output weight's term with the other hidden node's y. */
  swapY?: boolean;
}

/** The links of the lesson's first step on paper, every number kept at 3 significant digits (the default precision). */
export function paperLinks(slip: LinkSlip = {}) {
  const r = keeper({ significant: 3 });
  const f = (x: number) => (slip.activation === 'relu' ? Math.max(0, x) : slip.activation === 'exp' ? Math.exp(x) : slip.activation === 'log10' ? Math.log10(1 + Math.exp(x)) : Math.log(1 + Math.exp(x)));
  const hidden = (w: number, b: number, input: number) => r(slip.bias === 'omitted' ? r(w * input) : slip.bias === 'negated' ? r(w * input) - b : r(w * input) + b);
  return inputs.map((dose, i) => {
    const input = slip.input && slip.input.point === i ? inputs[slip.input.from]! : dose;
    const x1 = hidden(fixed.w1, fixed.b1, input);
    const x2 = hidden(fixed.w2, fixed.b2, input);
    const y1 = r(f(x1));
    const y2 = r(f(x2));
    const predicted = r(r(START.w3 * y1) + r(START.w4 * y2) + START.b3);
    const residual = r(slip.residualReversed ? predicted - observed[i]! : observed[i]! - predicted);
    const shared = r((slip.shared ?? -2) * residual);
    const terms = { w3: r(shared * (slip.swapY ? y2 : y1)), w4: r(shared * (slip.swapY ? y1 : y2)), b3: shared };
    return { x1, y1, x2, y2, predicted, residual, dssrDpredicted: shared, terms };
  });
}

