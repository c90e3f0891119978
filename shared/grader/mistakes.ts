/**
 * The mistakes the grader can recognise, and the wrong value and band each one produces.
 * Every candidate is the lesson's hand computation with one link done wrong (hand-chain.ts), at
 * the precision the round asks for, so a diagnosis is a statement about the math ("this is what
 * you get if you drop the factor 2, keeping 3 significant digits"), not a guess.
 */
import { layoutFor } from '../engine/layout.js';
import type { StepRecord } from '../engine/step-record.js';
import { linkRank, type FieldRef, type Link, type ParamQuantity } from './fields.js';
import { chainLinks, handChain, linkValue, type HandChain, type Interval, type Slip } from './hand-chain.js';
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
  'softplus-as-relu',
  'softplus-as-exp',
  'softplus-log10',
  'bias-left-out',
  'bias-sign-flipped',
  'wrong-input',
  'residual-reversed',
] as const;
export type MistakeId = (typeof MISTAKE_IDS)[number];

/** Why a wrong value still earns follow-on credit: it is computed correctly from the student's own wrong link. */
export const FOLLOW_ON_KINDS = [
  'follows-from-own-derivative',
  'follows-from-own-step',
  'follows-from-own-x',
  'follows-from-own-y',
  'follows-from-own-prediction',
  'follows-from-own-residual',
  'follows-from-own-shared-term',
  'follows-from-own-terms',
] as const;
export type FollowOnKind = (typeof FOLLOW_ON_KINDS)[number];

/** The follow-on kind of a value built on the student's own number for a link (by `LINK_ORDER`). */
export const FOLLOW_ON_BY_LINK: Readonly<Partial<Record<Link, FollowOnKind>>> = {
  x: 'follows-from-own-x',
  y: 'follows-from-own-y',
  predicted: 'follows-from-own-prediction',
  residual: 'follows-from-own-residual',
  dssrDpredicted: 'follows-from-own-shared-term',
  terms: 'follows-from-own-terms',
  derivatives: 'follows-from-own-derivative',
  steps: 'follows-from-own-step',
};

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
  'softplus-as-relu': {
    title: 'SoftPlus taken as max(0, x)',
    explanation: 'SoftPlus is ln(1 + eˣ), not ReLU: it is never exactly 0, and for x near 0 it is about 0.69 (ln 2).',
  },
  'softplus-as-exp': {
    title: 'SoftPlus taken as eˣ',
    explanation: 'SoftPlus is ln(1 + eˣ): add 1 to eˣ and take the natural logarithm.',
  },
  'softplus-log10': {
    title: 'log base 10 in SoftPlus',
    explanation: 'SoftPlus uses the natural logarithm: ln(1 + eˣ), not log₁₀(1 + eˣ) (that is ln 10 ≈ 2.30 times too small).',
  },
  'bias-left-out': {
    title: 'Bias left out',
    explanation: "A hidden node's input is x = weight × Input + bias: the bias was left out.",
  },
  'bias-sign-flipped': {
    title: "Bias's sign flipped",
    explanation: "A hidden node's input is x = weight × Input + bias: the bias was subtracted (check its sign, e.g. b1 = −1.43).",
  },
  'wrong-input': {
    title: 'Another dose used',
    explanation: "This uses another data point's input dose: each data point's hidden values come from its own Input.",
  },
  'residual-reversed': {
    title: 'Residual reversed',
    explanation: 'The residual is Observed − Predicted; this is Predicted − Observed.',
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
  'follows-from-own-x': {
    title: 'Follows from your own x',
    explanation: "Your hidden node's x was off, but this value is computed correctly from it: the method is right.",
  },
  'follows-from-own-y': {
    title: 'Follows from your own y',
    explanation: "Your hidden node's output y was off, but this value is computed correctly from it: the method is right.",
  },
  'follows-from-own-prediction': {
    title: 'Follows from your own prediction',
    explanation: 'Your prediction was off, but this value is computed correctly from it: the method is right.',
  },
  'follows-from-own-residual': {
    title: 'Follows from your own residual',
    explanation: 'Your residual was off, but this value is computed correctly from it: the method is right.',
  },
  'follows-from-own-shared-term': {
    title: 'Follows from your own dSSR/dPredicted',
    explanation: 'Your shared term dSSR/dPredicted was off, but this value is computed correctly from it: the method is right.',
  },
  'follows-from-own-terms': {
    title: 'Follows from your own terms',
    explanation: 'Your chain-rule terms were off, but this derivative is their sum: the method is right.',
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
export function candidatesFor(record: StepRecord, param: string, precision: Precision, exact: HandChain, previous: HandChain | null): Record<ParamQuantity, Candidate[]> {
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

/** The link a slip changes (its first wrong number), by `LINK_ORDER` rank. */
function slipRank(slip: Slip): number {
  switch (slip.kind) {
    case 'bias':
    case 'input':
      return linkRank('x1');
    case 'activation':
      return linkRank('y1');
    case 'residual-reversed':
      return linkRank('residual');
    case 'shared':
      return linkRank('dssrDpredicted');
    case 'drop':
    case 'swap':
      return linkRank('terms');
    case 'single':
      return linkRank('derivatives');
  }
}

/** The slips of the forward pass, the residual and the shared term, each named. */
function linkSlips(record: StepRecord, point: number): NamedSlip[] {
  const out: NamedSlip[] = [
    { mistake: 'softplus-as-relu', slip: { kind: 'activation', as: 'relu' } },
    { mistake: 'softplus-as-exp', slip: { kind: 'activation', as: 'exp' } },
    { mistake: 'softplus-log10', slip: { kind: 'activation', as: 'log10' } },
    { mistake: 'bias-left-out', slip: { kind: 'bias', as: 'omitted' } },
    { mistake: 'bias-sign-flipped', slip: { kind: 'bias', as: 'negated' } },
  ];
  record.points.forEach((p, from) => {
    if (from !== point && p.input !== record.points[point]!.input) out.push({ mistake: 'wrong-input', slip: { kind: 'input', point, from } });
  });
  out.push({ mistake: 'residual-reversed', slip: { kind: 'residual-reversed' } });
  out.push(
    { mistake: 'sign-flipped', slip: { kind: 'shared', factor: 2 } },
    { mistake: 'missing-factor-2', slip: { kind: 'shared', factor: -1 } },
    { mistake: 'missing-minus-2', slip: { kind: 'shared', factor: 1 } },
  );
  // The activation slips name SoftPlus: with another activation they are not this lesson's mistakes.
  return record.activation === 'softplus' ? out : out.filter((s) => s.slip.kind !== 'activation');
}

/**
 * Every wrong value we can explain for one per-point field (a hidden node's x or y, the
 * prediction, the residual, the shared term, or a parameter's term at a data point): each slip
 * at or upstream of the field's link, carried down to it, then the decimal point shifted and
 * the previous iteration's value. In order of preference when two explain an answer equally well.
 */
export function pointCandidates(record: StepRecord, field: FieldRef, precision: Precision, previous: StepRecord | null): Candidate[] {
  const rank = linkRank(field.quantity);
  const slips = [...linkSlips(record, field.point!), ...(field.quantity === 'terms' ? slipsFor(record, field.param!).filter((s) => s.slip.kind !== 'single') : [])];
  const exact = linkValue(chainLinks(record, precision), field);
  const out: Candidate[] = [];
  // The slips at the field's own link first: a value two slips explain alike is named after the nearer one.
  slips.sort((a, b) => slipRank(b.slip) - slipRank(a.slip));
  for (const s of slips) {
    if (slipRank(s.slip) > rank) continue;
    // A wrong dose changes only the point it is used at; a node's x and y only through its own inputs.
    const value = linkValue(chainLinks(record, precision, s.slip), field);
    if (value.m !== exact.m) out.push(at(s.mistake, value));
  }
  out.push(at('decimal-shifted', { m: exact.m * 10, r: exact.r * 10 }), at('decimal-shifted', { m: exact.m / 10, r: exact.r / 10 }));
  if (previous && (field.quantity !== 'terms' || previous.trainable.includes(field.param!))) out.push(at('previous-values', linkValue(chainLinks(previous, precision), field)));
  return out;
}
