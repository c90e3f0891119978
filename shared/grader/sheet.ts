/**
 * The question sheet of a round, fixed when the round opens: which fields it asks, the precision
 * students are asked to keep, and for every field its exact value, its acceptance band, the
 * catalogued mistakes with their own bands, and the mistakes the band cannot tell apart from a
 * right answer. Grading, the reveal, the class summary and the dashboard's warning all read the
 * band from here through `allowance`, so they never disagree.
 */
import type { StepRecord } from '../engine/step-record.js';
import { fieldKey, hiddenOf, PARAM_QUANTITIES, pointQuantities, type FieldRef, type ParamQuantity } from './fields.js';
import { chainLinks, handChain, linkValue, type HandChain } from './hand-chain.js';
import { candidatesFor, pointCandidates, type Candidate, type MistakeId } from './mistakes.js';
import { precisionDigits, withDigits, PRECISION_LIMITS, type Precision } from './precision.js';
import { allowedError, type Tolerance } from './tolerance.js';

/** What the instructor chose for a round: public from the moment it opens. */
export interface SheetPolicy {
  readonly asked: readonly FieldRef[];
  readonly precision: Precision;
  /** A fixed tolerance that overrides the band from precision; null: the band comes from the precision. */
  readonly tolerance: Tolerance | null;
}

/** What a field's band is, as everyone may see it once the round is revealed. */
export interface FieldBand extends FieldRef {
  readonly exact: number;
  /** The largest |answer − exact| graded correct. */
  readonly allowed: number;
  /** Catalogued mistakes an answer within `allowed` cannot be told apart from, at this precision. */
  readonly cannotTell: readonly MistakeId[];
}

export interface FieldSheet extends FieldBand {
  /** The band a hand computation at the precision stays within (before any tolerance override). */
  readonly propagated: number;
  readonly candidates: readonly Candidate[];
  /** An own value beyond this size is absurd for this field: no follow-on credit is built on it. */
  readonly plausible: number;
}

export interface QuestionSheet extends SheetPolicy {
  readonly step: StepRecord;
  /** The step of the iteration before, that "last round's values" were read from (null: none). */
  readonly previous: StepRecord | null;
  /** Every quantity of every trainable parameter, keyed by `fieldKey` (follow-on checks read unasked ones too). */
  readonly fields: Readonly<Record<string, FieldSheet>>;
}

/** The part of a sheet shown with the reveal: the policy and the asked fields' bands. */
export interface RevealedSheet extends SheetPolicy {
  readonly fields: Readonly<Record<string, FieldBand>>;
}

/** A field's entry on a sheet (full or revealed). Throws RangeError for a field the sheet does not hold. */
export function sheetField<F>(sheet: { readonly fields: Readonly<Record<string, F>> }, field: FieldRef): F {
  const f = sheet.fields[fieldKey(field)];
  if (!f) throw new RangeError(`the sheet has no field ${fieldKey(field)}`);
  return f;
}

/**
 * The acceptance band of a field: the largest |answer − exact| graded correct.
 * Throws RangeError for a field the sheet does not hold.
 */
export function allowance(sheet: { readonly fields: Readonly<Record<string, { readonly allowed: number }>> }, field: FieldRef): number {
  return sheetField(sheet, field).allowed;
}

/** A field's exact value, as the engine computed it. Throws RangeError for a field the step does not have. */
export function exactOf(record: StepRecord, field: FieldRef): number {
  const v = exactOrUndefined(record, field);
  if (v === undefined) throw new RangeError(`the step has no field ${fieldKey(field)}`);
  return v;
}

function exactOrUndefined(record: StepRecord, field: FieldRef): number | undefined {
  const param = field.param ?? '';
  switch (field.quantity) {
    case 'derivatives':
      return record.derivatives[param];
    case 'steps':
      return record.steps[param];
    case 'next':
      return record.next[param];
    case 'terms':
      return record.terms[param]?.[field.point ?? -1];
  }
  const point = record.points[field.point ?? -1];
  if (!point) return undefined;
  const h = hiddenOf(field.quantity);
  if (h) return h.kind === 'x' ? point.hidden[h.node]?.x : point.hidden[h.node]?.y;
  return field.quantity === 'predicted' ? point.predicted : field.quantity === 'residual' ? point.residual : field.quantity === 'dssrDpredicted' ? point.dSSRdPredicted : undefined;
}

const chainOf = (c: HandChain, q: ParamQuantity) => (q === 'derivatives' ? c.derivative : q === 'steps' ? c.step : c.next);

/**
 * A mistake cannot be told apart when some answer a hand computation with that mistake gives
 * (within its band of its value) would be accepted, or would be nearer the exact value than the
 * mistake's: |value − exact| <= max(allowed + band, 2 · band).
 */
export function separable(candidate: Candidate, exact: number, allowed: number): boolean {
  const gap = Math.abs(candidate.value - exact);
  return gap > allowed + candidate.band && gap > 2 * candidate.band;
}

/**
 * Builds the sheet of a round from its exact step. `previous` is the step of the iteration
 * before (for "last round's values"), null at the start or after a reset.
 */
export function buildSheet(step: StepRecord, previous: StepRecord | null, policy: SheetPolicy): QuestionSheet {
  const fields: Record<string, FieldSheet> = {};
  const add = (field: FieldRef, exact: number, propagated: number, reference: number, candidates: readonly Candidate[]) => {
    const allowed = policy.tolerance ? allowedError(field.quantity, reference, step.learningRate, policy.tolerance) : propagated;
    const cannotTell: MistakeId[] = [];
    for (const c of candidates) if (!separable(c, exact, allowed) && !cannotTell.includes(c.mistake)) cannotTell.push(c.mistake);
    const plausible = 10 * Math.max(Math.abs(exact), allowed, ...candidates.map((c) => Math.abs(c.value)));
    fields[fieldKey(field)] = { ...field, exact, allowed, propagated, candidates, cannotTell, plausible };
  };
  for (const param of step.trainable) {
    const chain = handChain(step, param, policy.precision);
    const before = previous && previous.derivatives[param] !== undefined ? handChain(previous, param, policy.precision) : null;
    const byQuantity = candidatesFor(step, param, policy.precision, chain, before);
    for (const quantity of PARAM_QUANTITIES) {
      add({ quantity, param }, exactOf(step, { quantity, param }), chainOf(chain, quantity).r, step.derivatives[param]!, byQuantity[quantity]);
    }
  }
  // Every link of every data point (follow-on credit reads unasked ones too); terms of trainable parameters.
  const links = chainLinks(step, policy.precision);
  const samePoints = previous !== null && previous.points.length === step.points.length && previous.width === step.width;
  step.points.forEach((_, point) => {
    const perPoint: FieldRef[] = [...pointQuantities(step.width).map((quantity) => ({ quantity, point })), ...step.trainable.map((param) => ({ quantity: 'terms' as const, param, point }))];
    for (const field of perPoint) {
      const exact = exactOf(step, field);
      add(field, exact, linkValue(links, field).r, exact, pointCandidates(step, field, policy.precision, samePoints ? previous : null));
    }
  });
  return { ...policy, step, previous, fields };
}

export function revealedSheet(sheet: QuestionSheet): RevealedSheet {
  const fields: Record<string, FieldBand> = {};
  for (const f of sheet.asked) {
    const s = sheet.fields[fieldKey(f)];
    if (s) fields[fieldKey(f)] = { quantity: s.quantity, ...(s.param !== undefined && { param: s.param }), ...(s.point !== undefined && { point: s.point }), exact: s.exact, allowed: s.allowed, cannotTell: s.cannotTell };
  }
  return { asked: sheet.asked, precision: sheet.precision, tolerance: sheet.tolerance, fields };
}

export interface PrecisionAdvice {
  /** The asked fields where some catalogued mistake would be accepted, with those mistakes. */
  readonly unclear: ReadonlyArray<{ readonly field: FieldRef; readonly cannotTell: readonly MistakeId[] }>;
  /** The fewest digits, in the same mode, that separate every asked field's mistakes; null if none up to the limit does. */
  readonly separating: Precision | null;
}

/**
 * Before a round opens: which mistakes its band could not tell apart, and the precision that
 * would. A fixed tolerance override is advised on as it is (more digits do not change it).
 */
export function advise(step: StepRecord, previous: StepRecord | null, policy: SheetPolicy): PrecisionAdvice {
  const unclearAt = (p: SheetPolicy) => {
    const sheet = buildSheet(step, previous, p);
    return p.asked.flatMap((field) => {
      const f = sheet.fields[fieldKey(field)];
      return f && f.cannotTell.length > 0 ? [{ field, cannotTell: f.cannotTell }] : [];
    });
  };
  const unclear = unclearAt(policy);
  if (unclear.length === 0 || policy.tolerance) return { unclear, separating: null };
  const mode = 'decimals' in policy.precision ? 'decimals' : 'significant';
  for (let d = precisionDigits(policy.precision) + 1; d <= PRECISION_LIMITS[mode].max; d++) {
    const p = withDigits(policy.precision, d);
    if (unclearAt({ ...policy, precision: p }).length === 0) return { unclear, separating: p };
  }
  return { unclear, separating: null };
}
