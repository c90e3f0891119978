/**
 * What happened in a session. Events are the unit of storage and replication: the state is the
 * fold of its events (evolve.ts), and they carry everything computed at the time (the step and
 * grades of a reveal), so replaying them never recomputes a grade.
 */
import type { ParamValues } from '../engine/layout.js';
import type { StepRecord } from '../engine/step-record.js';
import type { StopReason } from '../engine/train.js';
import type { AnswerSet } from '../grader/fields.js';
import type { SheetPolicy } from '../grader/sheet.js';
import type { ScoredField } from '../grader/scoring.js';
import type { SessionSettings } from './settings.js';
import type { CloseReason, FinishReason, SessionSetup } from './state.js';

/** A graded answer: fixed the moment it is submitted, since the step of an open round cannot change. */
export interface Grade {
  readonly fields: readonly ScoredField[];
  readonly points: number;
}

export type SessionEvent =
  /** `projectorKey`: absent in logs written before projectors needed a key. */
  | { type: 'session-created'; code: string; at: number; instructorTokenHash: string; projectorKey?: string; setup: SessionSetup; settings: SessionSettings }
  /** The instructor replaced the projector link: screens opened with the old key are closed. */
  | { type: 'projector-key-changed'; at: number; key: string }
  /** `seatHash`: SHA-256 of the student's seat code (absent in logs written before seat codes). */
  | { type: 'student-joined'; at: number; studentId: string; name: string; tokenHash: string; seatHash?: string }
  /**
   * The student's resume token was replaced (`tokenHash`), and with `seatHash` their seat code too:
   * every device holding the old token is signed out, except the tab `keepTab` that asked for it.
   */
  | { type: 'student-token-changed'; at: number; studentId: string; tokenHash: string; seatHash?: string; keepTab?: string; reason: SeatChangeReason }
  | { type: 'student-removed'; at: number; studentId: string }
  /** The instructor let a removed student back in: their seat, score and resume token work again. */
  | { type: 'student-readmitted'; at: number; studentId: string }
  | { type: 'joining-locked'; at: number; locked: boolean }
  /** `policy`: the fields asked and how they are graded, fixed for the round (absent in logs written before it existed). */
  | { type: 'round-opened'; at: number; round: number; iteration: number; deadline: number | null; policy?: SheetPolicy }
  /** The instructor added time to the open round: its timer now ends at `deadline` (ms since epoch). */
  | { type: 'round-extended'; at: number; round: number; deadline: number }
  /**
   * `done: false`: saved as the student typed (absent: sent, as every answer of older logs).
   * Self-contained, so that a store may drop the student's earlier answer of the same round (this one
   * supersedes it): `revision` counts the student's answers in the round (absent in older logs:
   * counted on replay), and a draft saved after a sent answer is written as sent.
   */
  | { type: 'answer-submitted'; at: number; round: number; iteration: number; studentId: string; answers: AnswerSet; grade: Grade; done?: false; revision?: number }
  /** `unanswered`: the grade of every active student without an answer. */
  | { type: 'round-revealed'; at: number; round: number; iteration: number; closedBy: CloseReason; step: StepRecord; stopReason: StopReason | null; unanswered: Grade }
  | { type: 'advanced'; at: number; iteration: number; params: ParamValues; ssr: number }
  | { type: 'run-started'; at: number; requested: number | null }
  | { type: 'run-stopped'; at: number; reason: 'paused' | 'steps-requested' }
  /**
   * Training stopped by itself (the stop rule was met, or the next step diverges); the session
   * stays open. `iteration` and `ssr`: where it stopped.
   */
  | { type: 'training-stopped'; at: number; reason: TrainingStopReason; iteration: number; ssr: number }
  | { type: 'settings-changed'; at: number; settings: SessionSettings }
  | { type: 'session-reset'; at: number; params: ParamValues; ssr: number }
  | { type: 'session-finished'; at: number; reason: FinishReason };

/**
 * Why a student's token changed: their seat code opened the seat on another device; one of their
 * devices signed the others out; the instructor gave the seat a new code (signing every device out).
 */
export type SeatChangeReason = 'seat-restored' | 'signed-out-others' | 'new-seat';

/** Why training stopped by itself: the step-size rule, the step cap, or a step that diverges. */
export type TrainingStopReason = 'step-size' | 'max-steps' | 'diverged';

export type SessionEventType = SessionEvent['type'];

/** What the adapters need to know of each event type, in one record the compiler keeps complete. */
export interface EventTraits {
  /**
   * `private`: only the student concerned and the staff hear of it (the public view and everyone's
   * rank are unchanged); `shared`: the class's public view changes.
   */
  readonly audience: 'private' | 'shared';
  /** A milestone of the class, worth a log line (answers, joins and training steps are counted in metrics instead). */
  readonly milestone: boolean;
}

export const EVENT_TRAITS: { readonly [T in SessionEventType]: EventTraits } = {
  'session-created': { audience: 'shared', milestone: true },
  'student-joined': { audience: 'private', milestone: false },
  'student-removed': { audience: 'shared', milestone: true },
  'student-token-changed': { audience: 'private', milestone: true },
  'student-readmitted': { audience: 'shared', milestone: true },
  'joining-locked': { audience: 'shared', milestone: true },
  // Only the instructor's view shows the key.
  'projector-key-changed': { audience: 'private', milestone: true },
  'round-opened': { audience: 'shared', milestone: true },
  'round-extended': { audience: 'shared', milestone: true },
  'answer-submitted': { audience: 'private', milestone: false },
  'round-revealed': { audience: 'shared', milestone: true },
  advanced: { audience: 'shared', milestone: false },
  'run-started': { audience: 'shared', milestone: true },
  'run-stopped': { audience: 'shared', milestone: true },
  'training-stopped': { audience: 'shared', milestone: true },
  'settings-changed': { audience: 'shared', milestone: true },
  'session-reset': { audience: 'shared', milestone: true },
  'session-finished': { audience: 'shared', milestone: true },
};

/** For the `default` of a switch over every event type: a new type is then a compile error there. */
export function assertNever(value: never): never {
  throw new Error(`unhandled event ${JSON.stringify(value)}`);
}
