/**
 * The catalogue of what students can be asked to predict: every link of the lesson's chain rule.
 *
 * A field is `{ quantity, param?, point? }`:
 * - per data point i (`point`, 0-based in data order): the hidden nodes `x1`, `y1`, `x2`, `y2`, ...
 *   (x_k,i = w_k · Input_i + b_k, y_k,i = f(x_k,i); a layer of width H has x1..xH, y1..yH),
 *   `predicted` (Predicted_i), `residual` (Observed_i − Predicted_i) and `dssrDpredicted` (the
 *   shared term dSSR/dPredicted_i = −2 · (Observed_i − Predicted_i));
 * - per trainable parameter and data point: `terms`, the parameter's chain-rule term at point i
 *   (dSSR/dPredicted_i · y_1,i for w3; · w_out · f'(x) · Input for a hidden weight);
 * - per trainable parameter: `derivatives` (dSSR/dparam, the sum of its terms), `steps` (step size
 *   = derivative · learning rate) and `next` (new value = old − step).
 *
 * Links are ordered as the chain is worked out (`LINK_ORDER`): a reveal shows what a round asked
 * and everything upstream of it, never what lies downstream.
 */

/** Per trainable parameter. */
export const PARAM_QUANTITIES = ['derivatives', 'steps', 'next'] as const;
export type ParamQuantity = (typeof PARAM_QUANTITIES)[number];

/** Per data point, beside the hidden nodes x_k and y_k. */
export const OUTPUT_POINT_QUANTITIES = ['predicted', 'residual', 'dssrDpredicted'] as const;
export type HiddenQuantity = `x${number}` | `y${number}`;
export type PointQuantity = HiddenQuantity | (typeof OUTPUT_POINT_QUANTITIES)[number];

export type Quantity = ParamQuantity | 'terms' | PointQuantity;

export interface FieldRef {
  readonly quantity: Quantity;
  /** The trainable parameter, for `derivatives`, `steps`, `next` and `terms`. */
  readonly param?: string;
  /** The data point (0-based, data order), for `terms` and the per-point quantities. */
  readonly point?: number;
}

/** The links of the chain in the order they are worked out (a hidden node's x before its y). */
export const LINK_ORDER = ['x', 'y', 'predicted', 'residual', 'dssrDpredicted', 'terms', 'derivatives', 'steps', 'next'] as const;
export type Link = (typeof LINK_ORDER)[number];

const HIDDEN = /^([xy])([1-9]\d{0,3})$/;

/** The hidden node (0-based) and whether it is x or y, for `x1`, `y2`, ...; null for any other quantity. */
export function hiddenOf(quantity: string): { readonly kind: 'x' | 'y'; readonly node: number } | null {
  const m = HIDDEN.exec(quantity);
  return m ? { kind: m[1] as 'x' | 'y', node: Number(m[2]) - 1 } : null;
}

export function isParamQuantity(q: string): q is ParamQuantity {
  return (PARAM_QUANTITIES as readonly string[]).includes(q);
}

/** The per-point quantities of a hidden layer of `width` nodes, in chain order: x1, y1, x2, y2, ..., predicted, residual, dssrDpredicted. */
export function pointQuantities(width: number): PointQuantity[] {
  const out: PointQuantity[] = [];
  for (let k = 1; k <= width; k++) out.push(`x${k}`, `y${k}`);
  return [...out, ...OUTPUT_POINT_QUANTITIES];
}

export function isPointQuantity(q: string, width: number): q is PointQuantity {
  const h = hiddenOf(q);
  if (h) return h.node < width;
  return (OUTPUT_POINT_QUANTITIES as readonly string[]).includes(q);
}

/** The link a quantity belongs to. */
export function linkOf(quantity: Quantity): Link {
  const h = hiddenOf(quantity);
  return h ? h.kind : (quantity as Exclude<Quantity, HiddenQuantity>);
}

/** Position in the chain: a smaller rank is upstream. */
export function linkRank(quantity: Quantity): number {
  return LINK_ORDER.indexOf(linkOf(quantity));
}

/** Words for a quantity, for students and instructors. */
export function quantityLabel(quantity: Quantity): string {
  const h = hiddenOf(quantity);
  if (h) return `${h.kind}${h.node + 1}`;
  return QUANTITY_LABELS[quantity as keyof typeof QUANTITY_LABELS];
}

export const QUANTITY_LABELS: Readonly<Record<ParamQuantity | 'terms' | (typeof OUTPUT_POINT_QUANTITIES)[number], string>> = {
  derivatives: 'derivative',
  steps: 'step size',
  next: 'new value',
  terms: 'chain-rule term',
  predicted: 'prediction',
  residual: 'residual',
  dssrDpredicted: 'dSSR/dPredicted',
};

/** A field's one key (`next:w3`, `terms:w3:0`, `y1:2`): sheets, answers and counts are keyed by it. */
export function fieldKey(field: FieldRef): string {
  return [field.quantity, ...(field.param !== undefined ? [field.param] : []), ...(field.point !== undefined ? [String(field.point)] : [])].join(':');
}

/** "new value of w3", "y1 at point 2", "term of w3 at point 1". Points are numbered from 1 for people. */
export function fieldLabel(field: FieldRef): string {
  const at = field.point !== undefined ? ` at point ${field.point + 1}` : '';
  if (field.quantity === 'terms') return `term of ${field.param}${at}`;
  if (field.param !== undefined) return `${quantityLabel(field.quantity)} of ${field.param}`;
  return `${quantityLabel(field.quantity)}${at}`;
}

/**
 * A student's predictions, as they travel: per quantity the parameters' values, and per data
 * point (arrays indexed by point in data order; null or missing: left empty) the per-point
 * quantities and each parameter's terms.
 */
export type AnswerSet = {
  readonly [Q in ParamQuantity]?: Readonly<Record<string, number>>;
} & {
  readonly points?: Readonly<Record<string, Array<number | null>>>;
  readonly terms?: Readonly<Record<string, Array<number | null>>>;
};

/** Which fields the instructor asks: per parameter quantity the parameters (in layout order); the per-point quantities; whose terms. */
export type Questions = { readonly [Q in ParamQuantity]: readonly string[] } & {
  /** Per-point quantities (x1, y1, ..., predicted, residual, dssrDpredicted), asked at every data point (absent: none). */
  readonly points?: readonly string[];
  /** Parameters whose chain-rule term is asked at every data point (absent: none). */
  readonly terms?: readonly string[];
};

/**
 * The asked fields in chain order (the forward pass, the residual, the shared term, the terms, then
 * derivatives, steps and new values), each per-point quantity at every one of `pointCount` points.
 */
export function askedFields(questions: Questions, pointCount: number): FieldRef[] {
  const out: FieldRef[] = [];
  const points = [...(questions.points ?? [])].sort((a, b) => linkRank(a as Quantity) - linkRank(b as Quantity) || a.localeCompare(b, 'en', { numeric: true }));
  // Per point first within the forward pass (a table by dose), then the terms, then the parameters.
  for (const quantity of points) for (let point = 0; point < pointCount; point++) out.push({ quantity: quantity as PointQuantity, point });
  for (const param of questions.terms ?? []) for (let point = 0; point < pointCount; point++) out.push({ quantity: 'terms', param, point });
  for (const quantity of PARAM_QUANTITIES) for (const param of questions[quantity]) out.push({ quantity, param });
  return out;
}

/** The student's number for a field, or undefined when left empty. */
export function answerOf(answers: AnswerSet, field: FieldRef): number | undefined {
  if (field.quantity === 'terms') return valueAt(answers.terms?.[field.param!], field.point!);
  if (isParamQuantity(field.quantity)) return answers[field.quantity]?.[field.param!];
  return valueAt(answers.points?.[field.quantity], field.point!);
}

function valueAt(values: ReadonlyArray<number | null> | undefined, point: number): number | undefined {
  const v = values?.[point];
  return v === null || v === undefined ? undefined : v;
}

/** The answer set holding each field's value (per-point arrays have `pointCount` entries, null where empty). */
export function answerSetOf(values: Iterable<readonly [FieldRef, number]>, pointCount: number): AnswerSet {
  const out: { [Q in ParamQuantity]?: Record<string, number> } & { points?: Record<string, Array<number | null>>; terms?: Record<string, Array<number | null>> } = {};
  for (const [f, value] of values) {
    if (isParamQuantity(f.quantity)) (out[f.quantity] ??= {})[f.param!] = value;
    else {
      const [group, name] = f.quantity === 'terms' ? [(out.terms ??= {}), f.param!] : [(out.points ??= {}), f.quantity];
      (group[name] ??= Array.from({ length: pointCount }, () => null))[f.point!] = value;
    }
  }
  return out;
}

/** The default the product asks for: the new value of every trainable parameter. */
export function defaultQuestions(trainable: readonly string[]): Questions {
  return { derivatives: [], steps: [], next: [...trainable], points: [], terms: [] };
}

/** Whether two references name the same field. */
export function sameField(a: FieldRef, b: FieldRef): boolean {
  return a.quantity === b.quantity && a.param === b.param && a.point === b.point;
}
