/**
 * The worked chain-rule computation of one parameter, as KaTeX source built only from numbers
 * and fixed symbols (never from anything a user typed). For each data point:
 *   dSSR/dPredicted_i × chain factor = term;  the derivative is the sum of the terms;
 *   step size = derivative × learning rate;  new value = old value − step size.
 */
import { activationFunctions } from '../../shared/engine/activations.js';
import { layoutFor, type ParamInfo } from '../../shared/engine/layout.js';
import type { PointRecord, StepRecord } from '../../shared/engine/step-record.js';
import { hiddenOf, type FieldRef, type Link, type PointQuantity } from '../../shared/grader/fields.js';
import type { RevealedPoint, RevealedStep } from '../../shared/session/stages.js';
import { smart } from './format.js';

/** A number for TeX: "-0.2345" (TeX typesets the minus), with enough decimals. */
export function texNum(value: number, format: (v: number) => string = smart): string {
  return format(value).replace('\u2212', '-');
}

/** Data values as given (0, 0.5, 1), not padded to 4 decimals. */
export function texData(value: number): string {
  return String(value).replace('\u2212', '-');
}

/** A number as a factor: negatives in parentheses. */
export function texFactor(value: number, format?: (v: number) => string): string {
  const t = texNum(value, format);
  return t.startsWith('-') ? `(${t})` : t;
}

/** "w3" -> "w_{3}" */
export function texParam(param: string): string {
  return `${param.slice(0, 1)}_{${param.slice(1)}}`;
}

/**
 * A field in running text: the words, and the symbol typeset (∂SSR/∂w3, w3, y_{1,2}). Per-point
 * fields carry the data point's number (from 1) as their second index.
 */
export function fieldParts(field: FieldRef): { words: string; tex: string } {
  const param = field.param ?? '';
  const i = field.point === undefined ? 'i' : String(field.point + 1);
  const h = hiddenOf(field.quantity);
  if (h) return { words: h.kind === 'x' ? 'Input to hidden node' : 'Output of hidden node', tex: `${h.kind}_{${h.node + 1},${i}}` };
  switch (field.quantity) {
    case 'derivatives':
      return { words: 'Derivative', tex: `\\partial\\,\\mathrm{SSR}/\\partial ${texParam(param)}` };
    case 'steps':
      return { words: 'Step size of', tex: texParam(param) };
    case 'next':
      return { words: 'New value of', tex: texParam(param) };
    case 'terms':
      return { words: `Term of ${param} at point ${i}:`, tex: `\\frac{\\partial\\,\\mathrm{SSR}}{\\partial\\,\\mathrm{Predicted}_{${i}}} \\cdot \\frac{\\partial\\,\\mathrm{Predicted}_{${i}}}{\\partial ${texParam(param)}}` };
    case 'predicted':
      return { words: 'Prediction', tex: `\\mathrm{Predicted}_{${i}}` };
    case 'residual':
      return { words: 'Residual', tex: `\\mathrm{Observed}_{${i}} - \\mathrm{Predicted}_{${i}}` };
    default:
      return { words: 'Shared term', tex: `\\partial\\,\\mathrm{SSR}/\\partial\\,\\mathrm{Predicted}_{${i}}` };
  }
}

/**
 * A per-point link's symbol in a row header (by dose, the point is the column): x_{1,i},
 * Predicted_i, Residual_i, ∂SSR/∂Pred._i, Term_{w3,i}; other fields as fieldParts gives them.
 */
export function shortTex(field: FieldRef): string {
  switch (field.quantity) {
    case 'residual':
      return '\\mathrm{Residual}_i';
    case 'dssrDpredicted':
      return '\\partial\\,\\mathrm{SSR}/\\partial\\,\\mathrm{Pred.}_i';
    case 'terms':
      return `\\mathrm{Term}_{${texParam(field.param ?? '')},i}`;
    default:
      return fieldParts({ quantity: field.quantity, ...(field.param !== undefined && { param: field.param }) }).tex;
  }
}

export function texDerivative(param: string): string {
  return `\\frac{\\partial\\,\\mathrm{SSR}}{\\partial ${texParam(param)}}`;
}

/** The learning rate as typed by the instructor (0.01, not 0.0100). */
export function texRate(rate: number): string {
  return String(Number(rate.toPrecision(6))).replace(/e([+-]?\d+)$/, '\\times 10^{$1}');
}

export interface ChainFactor {
  /** The symbolic factor at point i, e.g. y_{1,i}. */
  readonly symbol: string;
  /** What the factor says in words. */
  readonly words: string;
  /** Each numeric factor at a point (multiplied together they give the chain factor). */
  values(point: PointRecord | RevealedPoint): number[];
}

export function chainFactor(record: StepRecord | RevealedStep, param: string): ChainFactor {
  const layout = layoutFor(record.width);
  const info: ParamInfo | undefined = layout.params.find((p) => p.name === param);
  if (!info) throw new RangeError(`unknown parameter ${param}`);
  const k = info.node;
  const f = activationFunctions[record.activation].tex;
  switch (info.kind) {
    case 'output-weight':
      return { symbol: `y_{${k + 1},i}`, words: `the output y${k + 1} of hidden node ${k + 1}, which ${param} multiplies`, values: (p) => [p.hidden[k]!.y ?? NaN] };
    case 'output-bias':
      return { symbol: '1', words: `1, since the bias ${param} is added as it is`, values: () => [1] };
    case 'hidden-weight':
    case 'hidden-bias': {
      const wOut = layout.params[2 * record.width + k]!.name;
      const w = record.params[wOut]!;
      const input = info.kind === 'hidden-weight';
      return {
        symbol: `${texParam(wOut)} \\cdot ${f}'(x_{${k + 1},i})${input ? ' \\cdot \\mathrm{Input}_i' : ''}`,
        words: `the output weight ${wOut} times the activation's slope at x${k + 1}${input ? ' times the input' : ''}`,
        values: (p) => (input ? [w, p.hidden[k]!.slope ?? NaN, p.input] : [w, p.hidden[k]!.slope ?? NaN]),
      };
    }
  }
}

export interface WorkedPoint {
  /** −2 (Observed_i − Predicted_i) with the numbers */
  readonly shared: string;
  /** × the chain factor's numbers */
  readonly factor: string;
  /** = the term */
  readonly term: string;
}

export interface WorkedParam {
  readonly param: string;
  /** dSSR/dp = Σ −2(Observed_i − Predicted_i) × factor (two aligned lines) */
  readonly rule: string;
  /** One row per data point: −2(O − P), × factor, = term. */
  readonly parts: readonly WorkedPoint[];
  /** dSSR/dp = t1 + t2 + ... = derivative (two aligned lines) */
  readonly sum: string;
  /** The same on one line. */
  readonly sumLine: string;
  /** For the board: the chain rule with the symbolic factor, then the terms and their sum. */
  readonly board: string;
  /** Step size = derivative × learning rate = step */
  readonly step: string;
  /** new p = old − step = new */
  readonly next: string;
}

/**
 * `record`: a whole step, or a revealed one holding at least the terms (a round that asked up to
 * the derivatives or the step sizes); lines past what it holds are built from NaN: show only those
 * it holds (`record.derivatives`, `record.steps`, `record.next`).
 */
export function workedParam(record: StepRecord | RevealedStep, param: string): WorkedParam {
  const factor = chainFactor(record, param);
  const d = record.derivatives?.[param] ?? NaN;
  const s = record.steps?.[param] ?? NaN;
  const old = record.params[param]!;
  const next = record.next?.[param] ?? NaN;
  const terms = record.terms?.[param] ?? [];
  const n = record.points.length;
  const rule =
    `\\begin{aligned}${texDerivative(param)} &= \\sum_{i=1}^{${n}} -2\\,(\\mathrm{Observed}_i - \\mathrm{Predicted}_i)` +
    `\\\\ &\\qquad \\times ${factor.symbol}\\end{aligned}`;
  const parts = record.points.map((p, i) => ({
    shared: `-2\\,(${texData(p.observed)} - ${texFactor(p.predicted ?? NaN)})`,
    factor: `{}\\times ${factor.values(p).map((v) => texFactor(v)).join(' \\times ')}`,
    term: `{}= ${texNum(terms[i] ?? 0)}`,
  }));
  const added = terms.map((t, i) => (i === 0 ? texNum(t) : texFactor(t))).join(' + ');
  const sum = `\\begin{aligned}${texDerivative(param)} &= ${added} \\\\ &= ${texNum(d)}\\end{aligned}`;
  const sumLine = `${texDerivative(param)} = ${added} = ${texNum(d)}`;
  const board =
    `\\begin{aligned}${texDerivative(param)} &= \\sum_{i=1}^{${n}} \\frac{\\partial\\,\\mathrm{SSR}}{\\partial\\,\\mathrm{Predicted}_i} \\times ${factor.symbol}` +
    `\\\\ &= ${added} = ${texNum(d)}\\end{aligned}`;
  const step = `\\text{Step size} = ${texFactor(d)} \\times ${texRate(record.learningRate)} = ${texNum(s)}`;
  const nextTex = `${texParam(param)}^{\\text{new}} = ${texNum(old)} - ${texFactor(s)} = ${texNum(next)}`;
  return { param, rule, parts, sum, sumLine, board, step, next: nextTex };
}

/** The shared first factor at every point on one line: dSSR/dPredicted_i = −2(O_i − P_i): values. */
export function sharedTermLine(record: StepRecord | RevealedStep): string {
  const values = record.points.map((p) => texNum(p.dSSRdPredicted ?? NaN)).join(',\\ ');
  return `\\begin{aligned}\\frac{\\partial\\,\\mathrm{SSR}}{\\partial\\,\\mathrm{Predicted}_i} &= -2\\,(\\mathrm{Observed}_i - \\mathrm{Predicted}_i) \\\\ &= ${values}\\end{aligned}`;
}

/** One link of the chain at one data point, worked with the numbers. */
export interface WorkedLink {
  /** The per-point quantity (x1, y1, ..., predicted, residual, dssrDpredicted). */
  readonly quantity: PointQuantity;
  /** The symbol = the rule = the numbers = the value, as TeX. */
  readonly tex: string;
}

/**
 * The links of the chain a revealed step holds at data point `point`, upstream first: each hidden
 * node's x (w·Input + b) and y (f(x)), the prediction (Σ w·y + b), the residual and the shared
 * term; only what `step` holds (a staged reveal stops at `step.upTo`). `only`: just these links.
 */
export function workedLinks(step: Pick<RevealedStep, 'points' | 'width' | 'activation' | 'params'>, point: number, only?: ReadonlySet<Link>): WorkedLink[] {
  const p = step.points[point];
  if (!p) throw new RangeError(`no data point ${point}`);
  const layout = layoutFor(step.width);
  const f = activationFunctions[step.activation].tex;
  const i = String(point + 1);
  const out: WorkedLink[] = [];
  // Two lines (the rule, then the numbers and the value), three for the prediction: a phone's width.
  const lines = (lhs: string, rule: string, numbers: string, v: number, long = false) =>
    `\\begin{aligned}${lhs} &= ${rule} \\\\ &= ${numbers}${long ? ' \\\\ &' : ' '}= ${texNum(v)}\\end{aligned}`;
  const want = (l: Link) => !only || only.has(l);
  const value = (name: string) => step.params[name]!;
  p.hidden.forEach((h, k) => {
    // A node the reveal does not reach (only another node's x or y was asked): nothing to work out.
    if (h.x === undefined) return;
    const x = h.x;
    const w = layout.params[2 * k]!.name;
    const b = layout.params[2 * k + 1]!.name;
    if (want('x')) out.push({ quantity: `x${k + 1}`, tex: lines(`x_{${k + 1},${i}}`, `${texParam(w)} \\cdot \\mathrm{Input}_{${i}} + ${texParam(b)}`, `${texFactor(value(w))} \\times ${texData(p.input)} + ${texFactor(value(b))}`, x) });
    if (h.y !== undefined && want('y')) out.push({ quantity: `y${k + 1}`, tex: lines(`y_{${k + 1},${i}}`, `${f}(x_{${k + 1},${i}})`, `${f}(${texNum(x)})`, h.y) });
  });
  if (p.predicted !== undefined && want('predicted')) {
    const outW = layout.params.filter((q) => q.kind === 'output-weight');
    const bias = layout.params.find((q) => q.kind === 'output-bias')!.name;
    const symbolic = [...outW.map((q) => `${texParam(q.name)}\\,y_{${q.node + 1},${i}}`), texParam(bias)].join(' + ');
    // A term per line: the sum of a wide layer would run off a phone.
    const numbers = [...outW.map((q) => `${texFactor(value(q.name))} \\times ${texFactor(p.hidden[q.node]!.y ?? NaN)}`), texFactor(value(bias))].join(' \\\\ &\\quad + ');
    out.push({ quantity: 'predicted', tex: lines(`\\mathrm{Predicted}_{${i}}`, symbolic, numbers, p.predicted, true) });
  }
  if (p.residual !== undefined && p.predicted !== undefined && want('residual')) {
    out.push({ quantity: 'residual', tex: lines(`\\mathrm{Residual}_{${i}}`, `\\mathrm{Observed}_{${i}} - \\mathrm{Predicted}_{${i}}`, `${texData(p.observed)} - ${texFactor(p.predicted)}`, p.residual) });
  }
  if (p.dSSRdPredicted !== undefined && p.residual !== undefined && want('dssrDpredicted')) {
    out.push({ quantity: 'dssrDpredicted', tex: lines(`\\frac{\\partial\\,\\mathrm{SSR}}{\\partial\\,\\mathrm{Predicted}_{${i}}}`, `-2\\,(\\mathrm{Observed}_{${i}} - \\mathrm{Predicted}_{${i}})`, `-2 \\times ${texFactor(p.residual)}`, p.dSSRdPredicted) });
  }
  return out;
}
