/**
 * What each role sees. The exact step appears only once revealed; students never see other
 * students' answers or tokens; token hashes never leave the server.
 */
import { activationFunctions } from '../engine/activations.js';
import type { ParamValues } from '../engine/layout.js';
import type { DataPoint } from '../engine/network.js';
import type { PresetId } from '../engine/presets.js';
import type { StepRecord } from '../engine/step-record.js';
import type { StopReason } from '../engine/train.js';
import type { AnswerSet, FieldRef } from '../grader/fields.js';
import type { Precision } from '../grader/precision.js';
import { revealedSheet, type QuestionSheet, type RevealedSheet } from '../grader/sheet.js';
import { finalSummary, type FinalSummary } from './final-summary.js';
import { asksHiddenNodes, stepFor, type RevealedStep } from './stages.js';
import { askedFields, fieldKey, linkRank } from '../grader/fields.js';
import { nextRoundAdvice, type NextRoundAdvice } from './round-sheet.js';
import type { SessionSettings } from './settings.js';
import { leaderboard, rankings, roundSummary, type LeaderboardEntry, type Rankings, type RoundSummary } from './stats.js';
import type { CloseReason, FinishReason, IterationPoint, Phase, RoundResult, SessionState, TrainingStop } from './state.js';

export const LEADERBOARD_TOP = 10;
export const STAFF_LEADERBOARD_TOP = 50;

export interface PublicRound {
  readonly number: number;
  readonly iteration: number;
  readonly openedAt: number;
  readonly deadline: number | null;
  readonly closedAt: number | null;
  readonly closedBy: CloseReason | null;
  /** What the round asks and the precision students are asked to keep (fixed when it opened). */
  readonly asked: readonly FieldRef[];
  readonly precision: Precision;
  /** While a later stage of the iteration is open: the links its earlier stages revealed (null: none). */
  readonly known: RevealedStep | null;
}

export interface PublicReveal {
  readonly round: number;
  readonly iteration: number;
  /** The step up to the deepest link the round asked (`step.upTo`): nothing downstream of it. */
  readonly step: RevealedStep;
  readonly stopReason: StopReason | null;
  /** What this round asked: the settings may change after the reveal. */
  readonly asked: readonly FieldRef[];
  /** How it was graded: precision, any tolerance override, and each asked field's band (read it with `allowance`). */
  readonly sheet: RevealedSheet;
}

/** The part of the session every participant sees: identical for all students. */
export interface PublicSession {
  readonly code: string;
  readonly version: number;
  readonly phase: Phase;
  readonly locked: boolean;
  readonly finishReason: FinishReason | null;
  /** Training stopped by itself (the session stays open): why and where. */
  readonly trainingStop: TrainingStop | null;
  readonly preset: { readonly id: PresetId; readonly title: string };
  readonly activation: SessionState['setup']['activation'];
  readonly width: number;
  readonly data: readonly DataPoint[];
  readonly trainable: readonly string[];
  readonly settings: SessionSettings;
  readonly iteration: number;
  /** Every parameter's current value. */
  readonly params: ParamValues;
  /** The SSR at the current parameters; null while the forward pass is asked and this iteration's residuals are not revealed (it would check the predictions). */
  readonly ssr: number | null;
  /** Hidden-node x and y at each data point for the current parameters, when hints are on. */
  readonly hidden: ReadonlyArray<ReadonlyArray<{ readonly x: number; readonly y: number }>> | null;
  readonly round: PublicRound | null;
  /** The exact step of the current iteration, only once its round is revealed. */
  readonly reveal: PublicReveal | null;
  readonly run: { readonly requested: number | null; readonly taken: number } | null;
  readonly leaderboard: readonly LeaderboardEntry[] | null;
}

export interface StudentSelf {
  readonly id: string;
  readonly name: string;
  readonly score: number;
  readonly rank: number | null;
  /** The stored answer of the current round, if any. */
  /** `done`: sent with "Send" (false: saved as typed; it counts at the close all the same). */
  readonly answer: { readonly round: number; readonly answers: AnswerSet; readonly at: number; readonly revision: number; readonly done: boolean } | null;
  readonly results: readonly RoundResult[];
  /** Present only in the first snapshot after joining (or after the seat moved to this device): keep it to resume. */
  readonly resumeToken?: string;
  /**
   * With the resume token, when the server made one: the seat code (8 characters, shown "ABCD-EFGH")
   * that opens this seat on another device. Keep it and show it to the student.
   */
  readonly seatCode?: string;
}

/** What a student's first snapshot hands over once: the resume token, and the seat code when new. */
export interface FreshCredentials {
  readonly resumeToken: string;
  readonly seatCode?: string;
}

/** What the projector may show of a student: the name, as they join. */
export interface RosterName {
  readonly id: string;
  readonly name: string;
}

export interface RosterEntry extends RosterName {
  readonly connected: boolean;
  /** Answered the current open (or just revealed) round. */
  readonly answered: boolean;
  readonly score: number;
  readonly rank: number;
}

interface StaffViewCommon {
  readonly activeCount: number;
  readonly connectedCount: number;
  readonly answeredCount: number;
  readonly history: readonly IterationPoint[];
  readonly summary: RoundSummary | null;
  readonly leaderboard: readonly LeaderboardEntry[];
}

/** The instructor's view: the whole roster, ordered by rank. */
export interface InstructorStaffView extends StaffViewCommon {
  readonly audience: 'instructor';
  readonly students: readonly RosterEntry[];
  /** Before the next round opens: mistakes its bands could not tell apart, and the precision that would. */
  readonly advice: NextRoundAdvice | null;
  /** The projector link's secret (null in a session stored before projectors had one). */
  readonly projectorKey: string | null;
  /** Students the instructor removed, who can be let back in (`student:readmit`). */
  readonly removed: readonly RosterName[];
}

/**
 * The projector's view: a screen the whole room reads, so it carries aggregates built for display
 * and nothing that ties an answer to a student: no student ids, each field's answers sorted by
 * value, names only where the leaderboard setting shows them (in join order), otherwise counts.
 */
export interface ProjectorStaffView extends StaffViewCommon {
  readonly audience: 'projector';
  /** Who joined, in join order; null when the leaderboard is anonymous or hidden. */
  readonly names: readonly string[] | null;
  /** Only once the session is finished: the class's summary for the closing screen. */
  readonly final?: FinalSummary;
}

export type StaffView = InstructorStaffView | ProjectorStaffView;

/** Every snapshot carries the server clock, so countdowns survive a skewed client clock. */
interface Stamped {
  readonly serverTime: number;
}
/** `you` is present when the snapshot was sent to this student alone; broadcasts leave it out (keep the last one). */
export type StudentSnapshot = Stamped & { readonly role: 'student'; readonly session: PublicSession; readonly you?: StudentSelf };
export type InstructorSnapshot = Stamped & { readonly role: 'instructor'; readonly session: PublicSession; readonly staff: InstructorStaffView };
export type ProjectorSnapshot = Stamped & { readonly role: 'projector'; readonly session: PublicSession; readonly staff: ProjectorStaffView };
export type SessionSnapshot = StudentSnapshot | InstructorSnapshot | ProjectorSnapshot;

/**
 * Whether the SSR at the current parameters must wait: the open round (or, between rounds, the
 * next one the settings ask) asks a link of the forward pass, and this iteration's residuals are
 * not revealed yet. The SSR is Σ (Observed − Predicted)²: a checksum of the predictions asked.
 */
export function ssrWithheld(state: SessionState): boolean {
  const residual = linkRank('residual');
  if (revealedThrough(state, residual) || state.phase === 'finished' || state.phase === 'running') return false;
  return fieldsAsked(state).some((f) => linkRank(f.quantity) < residual);
}

/** The fields the class is asked: the open round's, or between rounds those the settings will ask next. */
function fieldsAsked(state: SessionState): readonly FieldRef[] {
  return state.phase === 'open' ? (state.round?.sheet.asked ?? []) : askedFields(state.settings.questions, state.setup.data.length);
}

/** Whether this iteration's staged reveals have shown the link of rank `rank` (and all above it). */
function revealedThrough(state: SessionState, rank: number): boolean {
  return state.shown !== null && state.shown.iteration === state.iteration && state.shown.upTo >= rank;
}

function hiddenValues(state: SessionState): PublicSession['hidden'] {
  if (!state.settings.hints) return null;
  // A round asking for x or y (the open one, or the next one the settings ask): the hints would give
  // the answers away until this iteration's x and y are revealed.
  if (asksHiddenNodes(fieldsAsked(state)) && !revealedThrough(state, linkRank('y1'))) return null;
  const f = activationFunctions[state.setup.activation].value;
  return state.setup.data.map((point) =>
    Array.from({ length: state.setup.width }, (_, k) => {
      const x = state.params[`w${k + 1}`]! * point.input + state.params[`b${k + 1}`]!;
      return { x, y: f(x) };
    }),
  );
}

const revealedMemo = new WeakMap<object, RevealedSheet>();
/** Built once per round, however many snapshots show it. */
function revealedSheetOf(sheet: QuestionSheet): RevealedSheet {
  let found = revealedMemo.get(sheet);
  if (!found) revealedMemo.set(sheet, (found = revealedSheet(sheet)));
  return found;
}

const fieldsMemo = new WeakMap<StepRecord, Map<string, RevealedStep>>();
/** `stepFor(step, asked)`, built once per step and set of fields however many snapshots show it. */
function revealedFor(step: StepRecord, asked: readonly FieldRef[]): RevealedStep {
  let byFields = fieldsMemo.get(step);
  if (!byFields) fieldsMemo.set(step, (byFields = new Map()));
  const key = asked.map(fieldKey).join(',');
  let found = byFields.get(key);
  if (!found) byFields.set(key, (found = stepFor(step, asked)));
  return found;
}

/** While a later stage of the iteration is open: what its earlier stages revealed. */
function knownLinks(state: SessionState): RevealedStep | null {
  const r = state.round;
  const shown = state.shown;
  if (!r || state.phase !== 'open' || !shown || shown.iteration !== r.iteration) return null;
  return revealedFor(r.sheet.step, shown.asked);
}

export function publicReveal(state: SessionState): PublicReveal | null {
  const round = state.round;
  // Shown from the reveal until the parameters move on.
  if (!round || !round.step || round.iteration !== state.iteration) return null;
  if (state.phase !== 'revealed' && state.phase !== 'finished') return null;
  return {
    round: round.number,
    iteration: round.iteration,
    // What the round asked and what that is computed from (stepFor).
    step: revealedFor(round.step, round.sheet.asked),
    stopReason: round.stopReason,
    asked: round.sheet.asked,
    sheet: revealedSheetOf(round.sheet),
  };
}

export function publicSession(state: SessionState, ranked?: Rankings): PublicSession {
  const r = state.round;
  const mode = state.settings.leaderboard;
  return {
    code: state.code,
    version: state.version,
    phase: state.phase,
    locked: state.locked,
    finishReason: state.finishReason,
    trainingStop: state.trainingStop,
    preset: { id: state.setup.preset, title: state.setup.title },
    activation: state.setup.activation,
    width: state.setup.width,
    data: state.setup.data,
    trainable: state.setup.trainable,
    settings: state.settings,
    iteration: state.iteration,
    params: state.params,
    ssr: ssrWithheld(state) ? null : state.history.at(-1)!.ssr,
    hidden: hiddenValues(state),
    round: r ? { number: r.number, iteration: r.iteration, openedAt: r.openedAt, deadline: r.deadline, closedAt: r.closedAt, closedBy: r.closedBy, asked: r.sheet.asked, precision: r.sheet.precision, known: knownLinks(state) } : null,
    reveal: publicReveal(state),
    run: state.run ? { requested: state.run.requested, taken: state.run.taken } : null,
    leaderboard: mode === 'hidden' || state.roundsPlayed === 0 ? null : leaderboard(ranked ?? rankings(state), LEADERBOARD_TOP, mode === 'anonymous'),
  };
}

export function studentSelf(state: SessionState, studentId: string, rank: number | null, fresh?: FreshCredentials): StudentSelf | null {
  const s = state.students.get(studentId);
  if (!s) return null;
  const round = state.round;
  const submitted = round ? round.answers.get(studentId) : undefined;
  return {
    id: s.id,
    name: s.name,
    score: s.score,
    rank,
    answer: round && submitted ? { round: round.number, answers: submitted.answers, at: submitted.at, revision: submitted.revision, done: submitted.done } : null,
    results: s.results,
    ...(fresh && { resumeToken: fresh.resumeToken }),
    ...(fresh?.seatCode !== undefined && { seatCode: fresh.seatCode }),
  };
}

function staffCommon(state: SessionState, connectedCount: number, forProjector: boolean, ranked: Rankings): StaffViewCommon {
  const answers = state.round?.answers;
  const trainable = state.setup.trainable;
  const mode = state.settings.leaderboard;
  return {
    activeCount: state.activeStudents,
    connectedCount,
    answeredCount: answers?.size ?? 0,
    // Parameter paths only for what moves.
    // On the projector, the current iteration's point waits with its SSR (ssrWithheld).
    history: (forProjector && ssrWithheld(state) ? state.history.slice(0, -1) : state.history).map((h) => ({ iteration: h.iteration, ssr: h.ssr, params: Object.fromEntries(trainable.map((p) => [p, h.params[p]!])) })),
    summary: roundSummary(state),
    leaderboard: forProjector && mode === 'hidden' ? [] : leaderboard(ranked, STAFF_LEADERBOARD_TOP, forProjector && mode === 'anonymous'),
  };
}

export function instructorView(state: SessionState, connected: (studentId: string) => boolean, ranked: Rankings = rankings(state)): InstructorStaffView {
  const answers = state.round?.answers;
  let connectedCount = 0;
  const students: RosterEntry[] = ranked.ordered.map((s) => {
    const on = connected(s.id);
    if (on) connectedCount++;
    return { id: s.id, name: s.name, connected: on, answered: answers?.has(s.id) ?? false, score: s.score, rank: ranked.rankOf.get(s.id)! };
  });
  const removed: RosterName[] = [];
  // Usually none or a few: the scan runs only while someone is removed.
  if (state.students.size > state.activeStudents) for (const s of state.students.values()) if (s.removed) removed.push({ id: s.id, name: s.name });
  return { audience: 'instructor', students, advice: nextRoundAdvice(state), projectorKey: state.projectorKey, removed, ...staffCommon(state, connectedCount, false, ranked) };
}

export function projectorView(state: SessionState, connected: (studentId: string) => boolean, ranked: Rankings = rankings(state)): ProjectorStaffView {
  let connectedCount = 0;
  const joined: Array<{ id: string; name: string; joinedAt: number }> = [];
  for (const s of state.students.values()) {
    if (s.removed) continue;
    if (connected(s.id)) connectedCount++;
    joined.push(s);
  }
  // Join order, not rank order: the order alone would give away a hidden leaderboard.
  joined.sort((a, b) => a.joinedAt - b.joinedAt || (a.name < b.name ? -1 : 1));
  const names = state.settings.leaderboard === 'shown' ? joined.map((s) => s.name) : null;
  return { audience: 'projector', names, ...(state.phase === 'finished' && { final: finalSummary(state) }), ...staffCommon(state, connectedCount, true, ranked) };
}
