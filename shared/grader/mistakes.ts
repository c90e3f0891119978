/**
 * The mistakes the grader can recognise, and the wrong value and band each one produces.
 * Every candidate is the lesson's hand computation with one link done wrong (hand-chain.ts), at
 * the precision the round asks for, so a diagnosis is a statement about the math ("this is what
 * you get if you drop the factor 2, keeping 3 significant digits"), not a guess.
 */
import { layoutFor } from '../engine/layout.js';
import type { StepRecord } from '../engine/step-record.js';
import type { Quantity } from './fields.js';
import { handChain, type HandChain, type Interval, type Slip } from './hand-chain.js';
import type { Precision } from './precision.js';

export const MISTAKE_IDS = [
  'sign-flipped',
  'missing-factor-2',
  'missing-minus-2',
  'missing-chain-factor',
  'swapped-inputs',
  'swapped-nodes',
  'single-data-point',
  'learning-rate-not-applied',
  'learning-rate-misread',
  'step-added',
  'wrong-quantity',
  'previous-values',
  'decimal-shifted',
  'rounded-too-coarsely',
] as const;
export type MistakeId = (typeof MISTAKE_IDS)[number];

/** Why a wrong value still earns follow-on credit: it is computed correctly from the student's own wrong link. */
export const FOLLOW_ON_KINDS = ['follows-from-own-derivative', 'follows-from-own-step'] as const;
export type FollowOnKind = (typeof FOLLOW_ON_KINDS)[number];

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
  'missing-minus-2': {
    title: '−2 missing',
    explanation: 'This uses Observed − Predicted itself as dSSR/dPredicted: both the factor 2 and the minus sign of −2 × (Observed − Predicted) are missing.',
  },
  'missing-chain-factor': {
    title: 'Chain factor missing',
    explanation: 'A factor of the chain rule was left out (for an output weight: the hidden-node output y it multiplies, which gives the bias derivative instead).',
  },
  'swapped-inputs': {
    title: 'y1 and y2 swapped',
    explanation: 'This is the value for the other output weight: w3 multiplies y1 (top node) and w4 multiplies y2 (bottom node).',
  },
  'swapped-nodes': {
    title: 'Hidden nodes swapped',
    explanation: 'This is the value for the same parameter of the other hidden node: w1 and b1 reach the output through the top node (its slope and w3), w2 and b2 through the bottom node (its slope and w4).',
  },
  'single-data-point': {
    title: 'One data point only',
    explanation: 'This is the term of a single data point. The SSR sums over all data points, so the derivative is the sum of one term per point.',
  },
  'learning-rate-not-applied': {
    title: 'Learning rate not applied',
    explanation: 'The derivative was used as the step. Step size = derivative × learning rate.',
  },
  'learning-rate-misread': {
    title: 'Learning rate misread',
    explanation: 'The step is ten times too large or too small: check the number of zeros in the learning rate (0.01 is one hundredth).',
  },
  'step-added': {
    title: 'Step added instead of subtracted',
    explanation: 'Gradient descent moves against the slope: new value = old value − step size.',
  },
  'wrong-quantity': {
    title: 'Wrong quantity',
    explanation: 'This is a different quantity of the same parameter (its derivative, step size or new value) entered in this field.',
  },
  'previous-values': {
    title: "Last round's value",
    explanation: "This is the value of the previous iteration. The parameters have moved since: compute again from the current ones.",
  },
  'decimal-shifted': {
    title: 'Decimal point shifted',
    explanation: 'The digits are right but the decimal point is one place off (ten times too large or too small).',
  },
  'rounded-too-coarsely': {
    title: 'Rounded too coarsely',
    explanation: 'This is the exact value rounded to fewer digits than the round asks for. Keep the stated precision in every number you write.',
  },
};

export const FOLLOW_ON_TEXT: Readonly<Record<FollowOnKind, { title: string; explanation: string }>> = {
  'follows-from-own-derivative': {
    title: 'Follows from your own derivative',
    explanation: 'Your derivative was off, but this value is computed correctly from it: the method is right.',
  },
  'follows-from-own-step': {
    title: 'Follows from your own step',
    explanation: 'Your step size was off, but this new value is computed correctly from it (old value − your step): the update is right.',
  },
};

/** A catalogued wrong value of one field: what the mistaken hand computation gives, and its band at the precision. */
export interface Candidate {
  readonly mistake: MistakeId;
  readonly value: number;
  /** Largest distance of a hand computation with this mistake from `value`, at the round's precision. */
  readonly band: number;
}

interface NamedSlip {
  readonly mistake: MistakeId;
  readonly slip: Slip;
}

/** The derivative-level slips that apply to a parameter, in order of preference. */
function slipsFor(record: StepRecord, param: string): NamedSlip[] {
  const width = record.width;
  const info = layoutFor(width).params.find((p) => p.name === param)!;
  const out: NamedSlip[] = [
    { mistake: 'sign-flipped', slip: { kind: 'shared', factor: 2 } },
    { mistake: 'missing-factor-2', slip: { kind: 'shared', factor: -1 } },
    { mistake: 'missing-minus-2', slip: { kind: 'shared', factor: 1 } },
  ];
  const others = Array.from({ length: width }, (_, k) => k).filter((k) => k !== info.node);
  if (info.kind === 'output-weight') {
    out.push({ mistake: 'missing-chain-factor', slip: { kind: 'drop', factor: 'y' } });
    for (const node of others) out.push({ mistake: 'swapped-inputs', slip: { kind: 'swap', node } });
  } else if (info.kind === 'hidden-weight' || info.kind === 'hidden-bias') {
    out.push({ mistake: 'missing-chain-factor', slip: { kind: 'drop', factor: 'w-out' } });
    out.push({ mistake: 'missing-chain-factor', slip: { kind: 'drop', factor: 'slope' } });
    if (info.kind === 'hidden-weight') out.push({ mistake: 'missing-chain-factor', slip: { kind: 'drop', factor: 'input' } });
    for (const node of others) out.push({ mistake: 'swapped-nodes', slip: { kind: 'swap', node } });
  }
  if (record.points.length > 1) record.points.forEach((_, point) => out.push({ mistake: 'single-data-point', slip: { kind: 'single', point } }));
  return out;
}

const at = (mistake: MistakeId, i: Interval): Candidate => ({ mistake, value: i.m, band: i.r });

/**
 * Every wrong value we can explain for each quantity of one parameter, in order of preference
 * when two explain an answer equally well. `exact` is the parameter's own hand chain; `previous`
 * its chain at the last revealed iteration, when there was one. Each mistaken chain is computed
 * once and read for all three quantities.
 */
export function candidatesFor(record: StepRecord, param: string, precision: Precision, exact: HandChain, previous: HandChain | null): Record<Quantity, Candidate[]> {
  const slips = slipsFor(record, param).map((s) => ({ mistake: s.mistake, chain: handChain(record, param, precision, s.slip) }))
    // A data point whose term is exactly zero (an input of 0 for a hidden weight) gives 0, which explains nothing.
    .filter((s) => !(s.mistake === 'single-data-point' && s.chain.derivative.m === 0 && s.chain.derivative.r === 0));
  const misread = [10, 0.1].map((f) => handChain(record, param, precision, null, f));
  const notApplied = handChain(record, param, precision, null, null);
  const shifted = (i: Interval): Candidate[] => [at('decimal-shifted', { m: i.m * 10, r: i.r * 10 }), at('decimal-shifted', { m: i.m / 10, r: i.r / 10 })];
  return {
    derivatives: [
      ...slips.map((s) => at(s.mistake, s.chain.derivative)),
      at('wrong-quantity', exact.step),
      at('wrong-quantity', exact.next),
      ...(previous ? [at('previous-values', previous.derivative)] : []),
      ...shifted(exact.derivative),
    ],
    steps: [
      at('learning-rate-not-applied', notApplied.step),
      ...misread.map((c) => at('learning-rate-misread', c.step)),
      ...slips.map((s) => at(s.mistake, s.chain.step)),
      at('wrong-quantity', exact.next),
      ...(previous ? [at('previous-values', previous.step)] : []),
      ...shifted(exact.step),
    ],
    next: [
      at('step-added', handChain(record, param, precision, null, 1, -1).next),
      at('learning-rate-not-applied', notApplied.next),
      ...misread.map((c) => at('learning-rate-misread', c.next)),
      ...slips.map((s) => at(s.mistake, s.chain.next)),
      at('wrong-quantity', exact.step),
      at('wrong-quantity', exact.derivative),
      ...(previous ? [at('previous-values', previous.next)] : []),
      ...shifted(exact.next),
    ],
  };
}
