/**
 * What `round:revealed` carries, sent once to every student of a class: each value once, and of
 * the shared state only what changed. The public state after a reveal differs from the one before
 * in a few fields (the phase, the round, the reveal, the leaderboard); the rest (settings, data,
 * parameters, hints) the client already holds. Inside the reveal, the step leaves out what the
 * session carries (activation, width, learning rate, the parameters, the trainable ones, each
 * point's dose and observed value) and the sheet leaves out what the step and the round carry (the
 * asked fields, each field's exact value).
 *
 * `revealPatch(before, after)` builds it on the server; `applyRevealPatch(previous, patch)` gives
 * back, on the client, exactly the public state the server holds (test/protocol/reveal-wire.test.ts).
 * A client without the state before (it connected after the reveal) gets a full session:state on
 * attach instead, so a patch always has a base.
 */
import type { Precision } from '../grader/precision.js';
import type { ScoredField } from '../grader/scoring.js';
import type { AnswerGradedPayload, AnswerGradedWire } from './events.js';
import { exactOf, type FieldBand, type RevealedSheet } from '../grader/sheet.js';
import type { MistakeId } from '../grader/mistakes.js';
import type { Tolerance } from '../grader/tolerance.js';
import { fieldKey } from '../grader/fields.js';
import type { StepRecord } from '../engine/step-record.js';
import type { RevealedPoint, RevealedStep } from '../session/stages.js';
import type { PublicReveal, PublicRound, PublicSession } from '../session/views.js';

/** A graded field as sent: `correct` is `credit === 'full'`, an empty `cannotTell` is left out. */
export type WireField = Omit<ScoredField, 'correct' | 'cannotTell'> & { readonly cannotTell?: ScoredField['cannotTell'] };

export function fieldToWire(f: ScoredField): WireField {
  const { correct: _c, cannotTell, ...rest } = f;
  return cannotTell.length > 0 ? { ...rest, cannotTell } : rest;
}

/** A grade as the client reads it (every field whole again). */
export function gradedFromWire(wire: AnswerGradedWire): AnswerGradedPayload {
  return { ...wire, fields: wire.fields.map((f) => ({ ...f, correct: f.credit === 'full', cannotTell: f.cannotTell ?? [] })) };
}

/** A revealed step without what the session carries. */
export type WireStep = Omit<RevealedStep, 'activation' | 'width' | 'learningRate' | 'params' | 'trainable' | 'points'> & {
  readonly points: ReadonlyArray<Omit<RevealedPoint, 'input' | 'observed'>>;
};

/** A revealed sheet without what the round and the step carry: per asked field (by `fieldKey`) its band, and `cannotTell` unless empty. */
export interface WireSheet {
  readonly precision: Precision;
  readonly tolerance: Tolerance | null;
  readonly fields: Readonly<Record<string, { readonly allowed: number; readonly cannotTell?: readonly MistakeId[] }>>;
}

/**
 * A reveal without what the round carries (its number and iteration are the round's), `stopReason`
 * only when there is one, and the step's `upTo` only when it stops before the new values.
 */
export type WireReveal = { readonly stopReason?: PublicReveal['stopReason']; readonly step: Omit<WireStep, 'upTo'> & { readonly upTo?: WireStep['upTo'] }; readonly sheet: WireSheet };

/**
 * The public state's fields that changed with the reveal (`version` always); `reveal` in its wire
 * form; for the round that was open, only what changed of it (`roundChange`: when it closed, why).
 */
export type RevealPatch = { readonly version: number } & Partial<Omit<PublicSession, 'reveal' | 'version'>> & {
  readonly reveal?: WireReveal | null;
  readonly roundChange?: Partial<PublicRound>;
};

/** The output bias's terms are the shared term itself: sent once, as dSSR/dPredicted (the bias's entry is left empty). */
const outputBias = (width: number) => `b${width + 1}`;

function wireReveal(reveal: PublicReveal): WireReveal {
  const { activation: _a, width, learningRate: _l, params: _p, trainable: _t, points, ...kept } = reveal.step;
  const rest = kept.terms ? { ...kept, terms: Object.fromEntries(Object.entries(kept.terms).map(([p, t]) => [p, p === outputBias(width) ? [] : t])) } : kept;
  const fields: Record<string, { allowed: number; cannotTell?: readonly MistakeId[] }> = {};
  for (const [key, f] of Object.entries(reveal.sheet.fields)) fields[key] = f.cannotTell.length > 0 ? { allowed: f.allowed, cannotTell: f.cannotTell } : { allowed: f.allowed };
  const { upTo, ...withoutUpTo } = rest;
  return {
    ...(reveal.stopReason !== null && { stopReason: reveal.stopReason }),
    step: { ...(upTo === 'next' ? withoutUpTo : rest), points: points.map(({ input: _i, observed: _o, ...p }) => p) },
    sheet: { precision: reveal.sheet.precision, tolerance: reveal.sheet.tolerance, fields },
  };
}

/**
 * Fields a client may hold out of date at a reveal (they change without a broadcast to students:
 * the leaderboard with a join) or that a reveal changes: always sent.
 */
const ALWAYS: ReadonlyArray<keyof PublicSession> = ['phase', 'leaderboard'];

/**
 * The patch from the public state before the reveal's events to the one after: the fields in
 * ALWAYS, and any other field whose value changed (compared as JSON); the reveal in wire form.
 */
export function revealPatch(before: PublicSession | null, after: PublicSession): RevealPatch {
  const patch: Record<string, unknown> = { version: after.version };
  // The same round, closed now: what changed of it, not the fields asked and its precision again.
  if (before?.round && after.round && before.round.number === after.round.number) {
    const change: Record<string, unknown> = {};
    for (const key of Object.keys(after.round) as Array<keyof PublicRound>) {
      if (JSON.stringify(before.round[key]) !== JSON.stringify(after.round[key])) change[key] = after.round[key];
    }
    patch.roundChange = change;
  } else patch.round = after.round;
  for (const key of Object.keys(after) as Array<keyof PublicSession>) {
    if (key === 'version' || key === 'reveal' || key === 'round') continue;
    if (before && !ALWAYS.includes(key) && JSON.stringify(before[key]) === JSON.stringify(after[key])) continue;
    patch[key] = after[key];
  }
  patch.reveal = after.reveal ? wireReveal(after.reveal) : null;
  return patch as RevealPatch;
}

/** The public state after the reveal, from the state before it and the patch. */
export function applyRevealPatch(previous: PublicSession, patch: RevealPatch): PublicSession {
  const { reveal, roundChange, ...changed } = patch;
  const merged = { ...previous, ...changed } as PublicSession;
  if (roundChange) (merged as { round: PublicRound | null }).round = { ...previous.round!, ...roundChange };
  return { ...merged, reveal: reveal ? fullReveal(merged, reveal) : null };
}

function fullReveal(session: PublicSession, wire: WireReveal): PublicReveal {
  const asked = session.round?.asked ?? [];
  const bias = outputBias(session.width);
  const shared = wire.step.points.map((p) => p.dSSRdPredicted!);
  const terms = wire.step.terms && Object.fromEntries(Object.entries(wire.step.terms).map(([p, t]) => [p, p === bias ? shared : t]));
  const step: RevealedStep = {
    ...wire.step,
    upTo: wire.step.upTo ?? 'next',
    ...(terms && { terms }),
    activation: session.activation,
    width: session.width,
    learningRate: session.settings.learningRate,
    params: session.params,
    trainable: session.trainable,
    points: wire.step.points.map((p, i) => ({ input: session.data[i]!.input, observed: session.data[i]!.observed, ...p })),
  };

  const fields: Record<string, FieldBand> = {};
  for (const f of asked) {
    const band = wire.sheet.fields[fieldKey(f)];
    if (band) fields[fieldKey(f)] = { ...f, exact: exactOf(step as unknown as StepRecord, f), allowed: band.allowed, cannotTell: band.cannotTell ?? [] };
  }
  const sheet: RevealedSheet = { asked, precision: wire.sheet.precision, tolerance: wire.sheet.tolerance, fields };
  return { round: session.round!.number, iteration: session.round!.iteration, stopReason: wire.stopReason ?? null, step, asked, sheet };
}
