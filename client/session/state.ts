/**
 * What a view knows about its live session: the server's latest snapshot (kept whole, as the
 * protocol defines it), the student's own view with every graded round, training progress
 * between full snapshots, and the connection. Immutable: every change makes a new object, so lit and
 * @lit/context see it.
 */
import type { SeatChangeReason } from '../../shared/session/events.js';
import { createContext } from '@lit/context';
import type { AnswerGradedPayload, RoundRevealedPayload, TrainProgressPayload } from '../../shared/protocol/events.js';
import type { ProtocolError } from '../../shared/protocol/errors.js';
import type { PublicSession, StaffView, StudentSelf } from '../../shared/session/views.js';
import type { IterationPoint, RoundResult } from '../../shared/session/state.js';

export type Role = 'student' | 'instructor' | 'projector';

/**
 * idle: not started (a student who has not typed a name yet); connecting: first attempt;
 * connected: live; reconnecting: lost and trying again by itself; refused: the server said no
 * (see `refusal`) and we stopped trying.
 */
export type ConnectionState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'refused';

export interface ClientSession {
  readonly code: string;
  readonly role: Role;
  readonly connection: ConnectionState;
  /** Reconnection attempts since the connection was lost. */
  readonly attempts: number;
  readonly refusal: ProtocolError | null;
  /** A passing message from the server ("restarting…"). */
  readonly notice: string | null;
  /** A student's seat was just opened on another device (`student:elsewhere`): the message, until she acts on it. */
  readonly elsewhere: string | null;
  /** This device was signed out of the student's seat (`session:signed-out`): why, and the server's message. */
  readonly signedOut: { readonly reason: SeatChangeReason; readonly message: string } | null;
  /** Set once the first snapshot arrived. */
  readonly session: PublicSession | null;
  readonly staff: StaffView | null;
  /**
   * A student's own view (kept: broadcast snapshots leave it out). Its `results` are every graded
   * round, oldest first: those of the last snapshot and those graded live since (see withGrade).
   */
  readonly you: StudentSelf | null;
  readonly lastRevealed: RoundRevealedPayload | null;
  /** serverTime − Date.now() at the last snapshot: add it to Date.now() to read the server's clock. */
  readonly clockOffset: number;
  /** The latest training step while `train:run` animates (full snapshots follow when it stops). */
  readonly progress: TrainProgressPayload | null;
  /** Iterations received as progress since the last full snapshot, for live plots. */
  readonly liveHistory: readonly IterationPoint[];
}

export function initialSession(code: string, role: Role): ClientSession {
  return {
    code,
    role,
    connection: 'idle',
    attempts: 0,
    refusal: null,
    notice: null,
    elsewhere: null,
    signedOut: null,
    session: null,
    staff: null,
    you: null,
    lastRevealed: null,
    clockOffset: 0,
    progress: null,
    liveHistory: [],
  };
}

/**
 * A round graded live (answer:graded) folded into the student's own view, as the next snapshot
 * would have it: its result replaces an older one of the same round, and the total and rank are
 * the new ones. `session` is the public state the round was revealed in (for the answer time).
 */
export function withGrade(you: StudentSelf, graded: AnswerGradedPayload, session: PublicSession | null): StudentSelf {
  const answer = you.answer?.round === graded.round ? you.answer : null;
  const round = session?.round?.number === graded.round ? session.round : null;
  const result: RoundResult = {
    round: graded.round,
    iteration: graded.iteration,
    fields: graded.fields,
    points: graded.points,
    answeredAfterMs: answer && round ? answer.at - round.openedAt : null,
  };
  const results = [...you.results.filter((r) => r.round !== graded.round), result].sort((a, b) => a.round - b.round);
  return { ...you, results, score: graded.total, rank: graded.rank };
}

/** The session state, provided by each view to the components inside it. */
export const sessionContext = createContext<ClientSession | undefined>(Symbol('backprop-live-session'));

/** The parameters to draw now: the live training step while a run animates, else the snapshot's. */
export function currentParams(s: ClientSession): Readonly<Record<string, number>> | null {
  if (!s.session) return null;
  if (s.progress && (s.session.phase === 'running' || s.progress.iteration > s.session.iteration)) return s.progress.params;
  return s.session.params;
}

export function currentIteration(s: ClientSession): number {
  if (!s.session) return 0;
  return s.progress && s.progress.iteration > s.session.iteration ? s.progress.iteration : s.session.iteration;
}

export function currentSsr(s: ClientSession): number | null {
  if (!s.session) return null;
  return s.progress && s.progress.iteration > s.session.iteration ? s.progress.ssr : s.session.ssr;
}

/** The iteration history for the plots: the staff history plus live progress beyond it. */
export function historyOf(s: ClientSession): readonly IterationPoint[] {
  const base = s.staff?.history ?? [];
  const last = base.at(-1)?.iteration ?? -1;
  const extra = s.liveHistory.filter((p) => p.iteration > last);
  return extra.length ? [...base, ...extra] : base;
}
