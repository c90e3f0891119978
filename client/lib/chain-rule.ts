/**
 * The worked chain-rule computation of one parameter, as KaTeX source built only from numbers
 * and fixed symbols (never from anything a user typed). For each data point:
 *   dSSR/dPredicted_i × chain factor = term;  the derivative is the sum of the terms;
 *   step size = derivative × learning rate;  new value = old value − step size.
 */
import { activationFunctions } from '../../shared/engine/activations.js';
import { layoutFor, type ParamInfo } from '../../shared/engine/layout.js';
import type { StepRecord } from '../../shared/engine/step-record.js';
import type { RevealedPoint, RevealedStep } from '../../shared/session/stages.js';
import { hiddenOf, type FieldRef } from '../../shared/grader/fields.js';
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
  values(point: RevealedPoint): number[];
}

export function chainFactor(record: Pick<StepRecord, 'width' | 'activation' | 'params'>, param: string): ChainFactor {
  const layout = layoutFor(record.width);
  const info: ParamInfo | undefined = layout.params.find((p) => p.name === param);
  if (!info) throw new RangeError(`unknown parameter ${param}`);
  const k = info.node;
  const f = activationFunctions[record.activation].tex;
  switch (info.kind) {
    case 'output-weight':
      return { symbol: `y_{${k + 1},i}`, words: `the output y${k + 1} of hidden node ${k + 1}, which ${param} multiplies`, values: (p) => [p.hidden[k]!.y!] };
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
        values: (p) => (input ? [w, p.hidden[k]!.slope!, p.input] : [w, p.hidden[k]!.slope!]),
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
 * The worked computation of one parameter from a revealed step that reaches its derivative. A
 * reveal that stops at the derivative (`upTo`) has no step size or new value yet: `step` and
 * `next` are then empty.
 */
export function workedParam(record: RevealedStep | StepRecord, param: string): WorkedParam {
  const factor = chainFactor(record, param);
  const d = record.derivatives![param]!;
  const s = record.steps?.[param];
  const old = record.params[param]!;
  const next = record.next?.[param];
  const terms = record.terms?.[param] ?? [];
  const n = record.points.length;
  const rule =
    `\\begin{aligned}${texDerivative(param)} &= \\sum_{i=1}^{${n}} -2\\,(\\mathrm{Observed}_i - \\mathrm{Predicted}_i)` +
    `\\\\ &\\qquad \\times ${factor.symbol}\\end{aligned}`;
  const parts = record.points.map((p, i) => ({
    shared: `-2\\,(${texData(p.observed)} - ${texFactor(p.predicted!)})`,
    factor: `{}\\times ${factor.values(p).map((v) => texFactor(v)).join(' \\times ')}`,
    term: `{}= ${texNum(terms[i] ?? 0)}`,
  }));
  const added = terms.map((t, i) => (i === 0 ? texNum(t) : texFactor(t))).join(' + ');
  const sum = `\\begin{aligned}${texDerivative(param)} &= ${added} \\\\ &= ${texNum(d)}\\end{aligned}`;
  const sumLine = `${texDerivative(param)} = ${added} = ${texNum(d)}`;
  const board =
    `\\begin{aligned}${texDerivative(param)} &= \\sum_{i=1}^{${n}} \\frac{\\partial\\,\\mathrm{SSR}}{\\partial\\,\\mathrm{Predicted}_i} \\times ${factor.symbol}` +
    `\\\\ &= ${added} = ${texNum(d)}\\end{aligned}`;
  const step = s === undefined ? '' : `\\text{Step size} = ${texFactor(d)} \\times ${texRate(record.learningRate)} = ${texNum(s)}`;
  const nextTex = s === undefined || next === undefined ? '' : `${texParam(param)}^{\\text{new}} = ${texNum(old)} - ${texFactor(s)} = ${texNum(next)}`;
  return { param, rule, parts, sum, sumLine, board, step, next: nextTex };
}

/** The shared first factor at every point on one line: dSSR/dPredicted_i = −2(O_i − P_i): values. */
export function sharedTermLine(record: RevealedStep | StepRecord): string {
  const values = record.points.map((p) => texNum(p.dSSRdPredicted!)).join(',\\ ');
  return `\\begin{aligned}\\frac{\\partial\\,\\mathrm{SSR}}{\\partial\\,\\mathrm{Predicted}_i} &= -2\\,(\\mathrm{Observed}_i - \\mathrm{Predicted}_i) \\\\ &= ${values}\\end{aligned}`;
}
