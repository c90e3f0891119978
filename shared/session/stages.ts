/**
 * Stages within one iteration: the instructor may open several rounds on the same iteration (the
 * forward pass, then the shared term, then the terms, the derivatives and the update) before the
 * parameters move. A reveal shows what its round asked and everything upstream of it in the
 * chain (fields.ts `LINK_ORDER`), never what lies downstream, so a later stage is not spoiled.
 */
import type { ParamValues } from '../engine/layout.js';
import type { StepRecord } from '../engine/step-record.js';
import { askedFields, fieldKey, hiddenOf, LINK_ORDER, linkOf, linkRank, pointQuantities, type FieldRef, type Link, type Questions } from '../grader/fields.js';

/** A data point as a reveal may show it: the links up to the revealed one. */
export interface RevealedPoint {
  readonly input: number;
  readonly observed: number;
  /** Per hidden node: x from the forward pass (a node not asked yet: nothing); y once y is revealed; f'(x) with the terms. */
  readonly hidden: ReadonlyArray<{ readonly x?: number; readonly y?: number; readonly slope?: number }>;
  readonly predicted?: number;
  readonly residual?: number;
  readonly dSSRdPredicted?: number;
}

/**
 * The part of a step a reveal shows (`upTo`: the deepest link shown). With `upTo: 'next'` it holds
 * the whole step (every field of a StepRecord is present).
 */
export interface RevealedStep {
  readonly upTo: Link;
  readonly activation: StepRecord['activation'];
  readonly width: number;
  readonly learningRate: number;
  readonly params: ParamValues;
  readonly trainable: readonly string[];
  readonly points: readonly RevealedPoint[];
  /** With the residuals. */
  readonly ssr?: number;
  readonly terms?: Readonly<Record<string, readonly number[]>>;
  readonly derivatives?: ParamValues;
  readonly steps?: ParamValues;
  readonly next?: ParamValues;
}

/** The deepest link a round's fields reach (its reveal shows this and everything upstream). */
export function deepestLink(asked: readonly FieldRef[]): number {
  return asked.reduce((deepest, f) => Math.max(deepest, linkRank(f.quantity)), -1);
}

const rank = (link: Link) => LINK_ORDER.indexOf(link);

/** `step` cut after link `upTo` (a rank in LINK_ORDER). */
export function stepUpTo(step: StepRecord, upTo: number): RevealedStep {
  const shows = (link: Link) => rank(link) <= upTo;
  const points = step.points.map((p): RevealedPoint => ({
    input: p.input,
    observed: p.observed,
    hidden: p.hidden.map((h) => ({ x: h.x, ...(shows('y') && { y: h.y }), ...(shows('terms') && { slope: h.slope }) })),
    ...(shows('predicted') && { predicted: p.predicted }),
    ...(shows('residual') && { residual: p.residual }),
    ...(shows('dssrDpredicted') && { dSSRdPredicted: p.dSSRdPredicted }),
  }));
  return {
    upTo: LINK_ORDER[Math.max(0, Math.min(upTo, LINK_ORDER.length - 1))]!,
    activation: step.activation,
    width: step.width,
    learningRate: step.learningRate,
    params: step.params,
    trainable: step.trainable,
    points,
    ...(shows('residual') && { ssr: step.ssr }),
    ...(shows('terms') && { terms: step.terms }),
    ...(shows('derivatives') && { derivatives: step.derivatives }),
    ...(shows('steps') && { steps: step.steps }),
    ...(shows('next') && { next: step.next }),
  };
}

/**
 * What a round's reveal shows of its step: the asked fields and what they are computed from, and
 * nothing else. By link (nothing downstream of the deepest asked link), then by field: a
 * parameter's terms, derivative, step and new value only for the parameters asked at those links
 * (asking w3's terms does not show w4's, which a later stage may ask); while only the forward pass
 * is asked, a hidden node's x and y only for the nodes asked (x1 does not show x2).
 */
export function stepFor(step: StepRecord, asked: readonly FieldRef[]): RevealedStep {
  const cut = stepUpTo(step, deepestLink(asked));
  const paramLinks = linkRank('terms');
  const params = new Set(asked.filter((f) => linkRank(f.quantity) >= paramLinks && f.param !== undefined).map((f) => f.param!));
  const only = (values: Readonly<Record<string, number>> | undefined) => values && Object.fromEntries(Object.entries(values).filter(([p]) => params.has(p)));
  const narrowed: RevealedStep = {
    ...cut,
    ...(cut.terms && { terms: Object.fromEntries(Object.entries(cut.terms).filter(([p]) => params.has(p))) }),
    ...(cut.derivatives && { derivatives: only(cut.derivatives)! }),
    ...(cut.steps && { steps: only(cut.steps)! }),
    ...(cut.next && { next: only(cut.next)! }),
  };
  if (deepestLink(asked) > linkRank('y1')) return narrowed;
  // Only the forward pass's hidden nodes are asked: each node shown as far as it was asked.
  const reach = new Map<number, 'x' | 'y'>();
  for (const f of asked) {
    const h = hiddenOf(f.quantity);
    if (h && (h.kind === 'y' || !reach.has(h.node))) reach.set(h.node, h.kind);
  }
  return {
    ...narrowed,
    points: narrowed.points.map((p) => ({ ...p, hidden: p.hidden.map((h, k) => (reach.get(k) === 'y' ? h : reach.get(k) === 'x' ? { x: h.x } : {})) })),
  };
}

/** Whether a round's fields include a hidden node's x or y (the hints show those). */
export function asksHiddenNodes(asked: readonly FieldRef[]): boolean {
  return asked.some((f) => hiddenOf(f.quantity) !== null);
}

/** One stage of a staged plan: its name and what it asks (as `session:configure` takes it). */
export interface PlanStage {
  readonly title: string;
  readonly questions: { derivatives: string[]; steps: string[]; next: string[]; points: string[]; terms: string[] };
}

/**
 * The lesson's order as a plan of stages for one iteration: the forward pass (each hidden node's x
 * and y and the prediction at every dose), the shared term (the residual and dSSR/dPredicted at
 * every dose), then every trainable parameter's terms, derivative and new value.
 */
export function lessonPlan(width: number, trainable: readonly string[]): PlanStage[] {
  const forward = pointQuantities(width).filter((q) => hiddenOf(q) !== null || q === 'predicted');
  const none = { derivatives: [], steps: [], next: [], points: [], terms: [] } satisfies Questions;
  return [
    { title: 'Forward pass', questions: { ...none, points: forward } },
    { title: 'The shared term', questions: { ...none, points: ['residual', 'dssrDpredicted'] } },
    { title: 'Terms, derivatives and the update', questions: { ...none, terms: [...trainable], derivatives: [...trainable], next: [...trainable] } },
  ];
}

/** Where a stage of the plan stands on the current iteration. */
export type StageStatus = 'done' | 'open' | 'next' | 'later';

/** What `planStatus` reads of a session (a PublicSession fits). */
export interface PlanSessionView {
  readonly phase: 'lobby' | 'open' | 'revealed' | 'running' | 'finished';
  readonly iteration: number;
  readonly round: { readonly iteration: number; readonly asked?: readonly FieldRef[]; readonly known?: RevealedStep | null } | null;
}

/** Whether two lists name the same fields (in any order). */
export function sameFields(a: readonly FieldRef[], b: readonly FieldRef[]): boolean {
  if (a.length !== b.length) return false;
  const keys = new Set(a.map(fieldKey));
  return b.every((f) => keys.has(fieldKey(f)));
}

/** The index of the plan's stage that asks exactly `asked` (at `pointCount` data points), or -1. */
export function stageIndexOf(plan: readonly PlanStage[], asked: readonly FieldRef[], pointCount: number): number {
  return plan.findIndex((stage) => sameFields(askedFields(stage.questions, pointCount), asked));
}

/**
 * Each stage's status on the session's current iteration: `done` when the chain has been revealed
 * down to its deepest link on this iteration (by it or by a round the instructor built freely),
 * `open` when the open round asks exactly its fields, `next` for the first stage still to come
 * while a round can be opened (lobby or revealed), `later` otherwise. A new iteration (after an
 * advance or a run) starts the plan again. `pointCount`: the session's data points.
 */
export function planStatus(plan: readonly PlanStage[], session: PlanSessionView, pointCount: number): StageStatus[] {
  const round = session.round;
  const onIteration = round !== null && round.iteration === session.iteration && (session.phase === 'open' || session.phase === 'revealed');
  // The deepest link revealed so far on this iteration (rank in LINK_ORDER; -1: none).
  let reached = -1;
  if (onIteration && session.phase === 'revealed') reached = deepestLink(round.asked ?? []);
  if (onIteration && session.phase === 'open' && round.known) reached = rank(round.known.upTo);
  const canOpen = session.phase === 'lobby' || session.phase === 'revealed';
  let offered = false;
  return plan.map((stage) => {
    const fields = askedFields(stage.questions, pointCount);
    if (onIteration && session.phase === 'open' && round.asked && sameFields(fields, round.asked)) return 'open';
    if (deepestLink(fields) <= reached) return 'done';
    if (canOpen && !offered) {
      offered = true;
      return 'next';
    }
    return 'later';
  });
}

/** The links a round asks, in chain order (what its worked solution highlights). */
export function askedLinks(asked: readonly FieldRef[]): Link[] {
  const links = new Set(asked.map((f) => linkOf(f.quantity)));
  return LINK_ORDER.filter((l) => links.has(l));
}
