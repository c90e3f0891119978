/**
 * Parameter names and their positions in a parameter vector.
 *
 * The lesson names its seven parameters w1, b1, w2, b2 (hidden nodes), w3, w4 (output weights)
 * and b3 (output bias). A hidden layer of width H generalises this numbering:
 *   hidden node k (1..H): weight `w{k}`, bias `b{k}`;
 *   output weight from hidden node k: `w{H+k}`;
 *   output bias: `b{H+1}`.
 * For H = 2 this gives exactly the lesson's names.
 *
 * Vector layout (what the engine computes on): [w1, b1, w2, b2, ..., wH, bH, w{H+1}, ..., w{2H}, b{H+1}].
 */

export type ParamKind = 'hidden-weight' | 'hidden-bias' | 'output-weight' | 'output-bias';

export interface ParamInfo {
  readonly name: string;
  readonly index: number;
  readonly kind: ParamKind;
  /** Hidden node (0-based) the parameter belongs to or reads from; -1 for the output bias. */
  readonly node: number;
}

export interface Layout {
  readonly width: number;
  readonly size: number;
  readonly params: readonly ParamInfo[];
  readonly names: readonly string[];
  indexOf(name: string): number | undefined;
}

export const hiddenWeightIndex = (node: number): number => 2 * node;
export const hiddenBiasIndex = (node: number): number => 2 * node + 1;
export const outputWeightIndex = (width: number, node: number): number => 2 * width + node;
export const outputBiasIndex = (width: number): number => 3 * width;

const layouts = new Map<number, Layout>();

export function layoutFor(width: number): Layout {
  if (!Number.isInteger(width) || width < 1) throw new RangeError(`hidden layer width must be a positive integer, got ${width}`);
  const cached = layouts.get(width);
  if (cached) return cached;
  const params: ParamInfo[] = [];
  for (let k = 0; k < width; k++) {
    params.push({ name: `w${k + 1}`, index: hiddenWeightIndex(k), kind: 'hidden-weight', node: k });
    params.push({ name: `b${k + 1}`, index: hiddenBiasIndex(k), kind: 'hidden-bias', node: k });
  }
  for (let k = 0; k < width; k++) {
    params.push({ name: `w${width + k + 1}`, index: outputWeightIndex(width, k), kind: 'output-weight', node: k });
  }
  params.push({ name: `b${width + 1}`, index: outputBiasIndex(width), kind: 'output-bias', node: -1 });
  const byName = new Map(params.map((p) => [p.name, p.index]));
  const layout: Layout = {
    width,
    size: params.length,
    params,
    names: params.map((p) => p.name),
    indexOf: (name) => byName.get(name),
  };
  // Small layouts are reused constantly (every step of every session); wide ones are rare.
  if (width <= 64) layouts.set(width, layout);
  return layout;
}

export type ParamValues = Record<string, number>;

/** Named values -> vector. Every parameter of the layout must be present. */
export function toVector(layout: Layout, values: ParamValues): Float64Array {
  const vector = new Float64Array(layout.size);
  for (const p of layout.params) {
    const v = values[p.name];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new RangeError(`parameter ${p.name} must be a finite number, got ${String(v)}`);
    vector[p.index] = v;
  }
  return vector;
}

/** Vector -> named values, in the layout's order. */
export function toValues(layout: Layout, vector: ArrayLike<number>, only?: readonly number[]): ParamValues {
  const out: ParamValues = {};
  if (only) {
    for (const i of only) out[layout.params[i]!.name] = vector[i]!;
  } else {
    for (const p of layout.params) out[p.name] = vector[p.index]!;
  }
  return out;
}
