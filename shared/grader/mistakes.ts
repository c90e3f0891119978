/**
 * The mistakes the grader can recognise, and the wrong value each one produces.
 * Every candidate is computed from the exact step's own intermediates, so a diagnosis is a
 * statement about the math ("this is what you get if you drop the factor 2"), not a guess.
 */
import { layoutFor, type ParamInfo } from '../engine/layout.js';
import type { StepRecord } from '../engine/step-record.js';
import type { Quantity } from './fields.js';

export const MISTAKE_IDS = [
  'sign-flipped',
  'missing-factor-2',
  'missing-chain-factor',
  'swapped-inputs',
  'single-data-point',
  'learning-rate-not-applied',
  'step-added',
  'wrong-quantity',
  'follows-from-own-derivative',
] as const;
export type MistakeId = (typeof MISTAKE_IDS)[number];

/** Plain words for students and instructors. */
export const MISTAKE_TEXT: Readonly<Record<MistakeId, { title: string; explanation: string }>> = {
  'sign-flipped': {
    title: 'Sign flipped',
    explanation: 'The size is right but the sign is wrong. dSSR/dPredicted is −2 × (Observed − Predicted): keep the minus sign and the order Observed − Predicted.',
  },
  'missing-factor-2': {
    title: 'Factor 2 missing',
    explanation: 'This is half the exact value. The derivative of (Observed − Predicted)² brings down a factor 2: dSSR/dPredicted = −2 × (Observed − Predicted).',
  },
  'missing-chain-factor': {
    title: 'Chain factor missing',
    explanation: 'A factor of the chain rule was left out (for an output weight: the hidden-node output y it multiplies, which gives the bias derivative instead).',
  },
  'swapped-inputs': {
    title: 'y1 and y2 swapped',
    explanation: 'This is the value for the other output weight: w3 multiplies y1 (top node) and w4 multiplies y2 (bottom node).',
  },
  'single-data-point': {
    title: 'One data point only',
    explanation: 'This is the term of a single data point. The SSR sums over all data points, so the derivative is the sum of one term per point.',
  },
  'learning-rate-not-applied': {
    title: 'Learning rate not applied',
    explanation: 'The derivative was used as the step. Step size = derivative × learning rate.',
  },
  'step-added': {
    title: 'Step added instead of subtracted',
    explanation: 'Gradient descent moves against the slope: new value = old value − step size.',
  },
  'wrong-quantity': {
    title: 'Wrong quantity',
    explanation: 'This is a different quantity of the same parameter (its derivative, step size or new value) entered in this field.',
  },
  'follows-from-own-derivative': {
    title: 'Follows from your own derivative',
    explanation: 'Your derivative was off, but this value is computed correctly from it: the method is right.',
  },
};

export interface Candidate {
  readonly mistake: MistakeId;
  readonly value: number;
  /**
   * The scale of the student's slip: a value that went through the learning rate carries a
   * step-sized error, one that did not (a derivative entered as a step, old - derivative)
   * carries a derivative-sized error, and is matched with the derivative's tolerance.
   */
  readonly scale: 'derivative' | 'step';
}

const atScale = (scale: Candidate['scale']) => (c: Omit<Candidate, 'scale'>): Candidate => ({ ...c, scale });

/** Wrong derivatives of one parameter, each from one mistake in its chain rule. */
function wrongDerivatives(record: StepRecord, info: ParamInfo, exact: number): Omit<Candidate, 'scale'>[] {
  const width = record.width;
  const layout = layoutFor(width);
  const out: Omit<Candidate, 'scale'>[] = [
    { mistake: 'sign-flipped', value: -exact },
    { mistake: 'missing-factor-2', value: exact / 2 },
  ];
  const sumOver = (term: (point: StepRecord['points'][number]) => number): number =>
    record.points.reduce((sum, point) => sum + term(point), 0);

  if (info.kind === 'output-weight') {
    // Dropping y_k leaves the output bias's derivative.
    out.push({ mistake: 'missing-chain-factor', value: sumOver((p) => p.dSSRdPredicted) });
    for (let other = 0; other < width; other++) {
      if (other !== info.node) out.push({ mistake: 'swapped-inputs', value: sumOver((p) => p.dSSRdPredicted * p.hidden[other]!.y) });
    }
  } else if (info.kind === 'hidden-weight' || info.kind === 'hidden-bias') {
    const k = info.node;
    const wOut = record.params[layout.params[2 * width + k]!.name]!;
    const input = (p: StepRecord['points'][number]): number => (info.kind === 'hidden-weight' ? p.input : 1);
    out.push({ mistake: 'missing-chain-factor', value: sumOver((p) => p.dSSRdPredicted * p.hidden[k]!.slope * input(p)) }); // no w_out
    out.push({ mistake: 'missing-chain-factor', value: sumOver((p) => p.dSSRdPredicted * wOut * input(p)) }); // no f'(x)
    if (info.kind === 'hidden-weight') out.push({ mistake: 'missing-chain-factor', value: sumOver((p) => p.dSSRdPredicted * wOut * p.hidden[k]!.slope) }); // no input
  }
  const terms = record.terms[info.name] ?? [];
  if (terms.length > 1) for (const t of terms) out.push({ mistake: 'single-data-point', value: t });
  return out;
}

const candidateMemo = new WeakMap<StepRecord, Map<string, readonly Candidate[]>>();

/**
 * Every wrong value we can explain for one field, in order of preference when two explain an
 * answer equally well. They depend only on the step, so they are computed once per step and field
 * however many students are graded against it.
 */
export function candidatesFor(record: StepRecord, quantity: Quantity, param: string): readonly Candidate[] {
  let byField = candidateMemo.get(record);
  if (!byField) candidateMemo.set(record, (byField = new Map()));
  const key = `${quantity}:${param}`;
  let found = byField.get(key);
  if (!found) byField.set(key, (found = computeCandidates(record, quantity, param)));
  return found;
}

function computeCandidates(record: StepRecord, quantity: Quantity, param: string): Candidate[] {
  const info = layoutFor(record.width).params.find((p) => p.name === param);
  const d = record.derivatives[param];
  const s = record.steps[param];
  const old = record.params[param];
  if (!info || d === undefined || s === undefined || old === undefined) return [];
  const lr = record.learningRate;
  const next = old - s;
  const derivativeMistakes = wrongDerivatives(record, info, d);

  switch (quantity) {
    case 'derivatives':
      return [
        ...derivativeMistakes.map(atScale('derivative')),
        { mistake: 'wrong-quantity', value: s, scale: 'step' },
        { mistake: 'wrong-quantity', value: next, scale: 'step' },
      ];
    case 'steps':
      return [
        { mistake: 'learning-rate-not-applied', value: d, scale: 'derivative' },
        ...derivativeMistakes.map((c) => ({ mistake: c.mistake, value: c.value * lr, scale: 'step' as const })),
        { mistake: 'wrong-quantity', value: next, scale: 'step' },
      ];
    case 'next':
      return [
        // A flipped derivative would also land here; on a new value we name the update rule.
        { mistake: 'step-added', value: old + s, scale: 'step' },
        { mistake: 'learning-rate-not-applied', value: old - d, scale: 'derivative' },
        ...derivativeMistakes
          .filter((c) => c.mistake !== 'sign-flipped')
          .map((c) => ({ mistake: c.mistake, value: old - c.value * lr, scale: 'step' as const })),
        { mistake: 'wrong-quantity', value: s, scale: 'step' },
        { mistake: 'wrong-quantity', value: d, scale: 'derivative' },
        { mistake: 'sign-flipped', value: -next, scale: 'step' },
      ];
  }
}
