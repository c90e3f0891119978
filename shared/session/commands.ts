/** What clients (through the server) and the server's own timers ask a session to do. */
import type { AnswerSet } from '../grader/fields.js';
import type { SeatChangeReason } from './events.js';
import type { SettingsChange } from './settings.js';
import type { CloseReason } from './state.js';

export type SessionCommand =
  | { type: 'join'; studentId: string; name: string; tokenHash: string; seatHash?: string; maxStudents: number }
  /**
   * A new resume token for a student (`tokenHash`; `secret` is the new token's secret, kept out of
   * the log, for the acknowledgement), and with `seatHash` a new seat code: see SeatChangeReason.
   */
  | { type: 'change-seat'; studentId: string; tokenHash: string; secret: string; seatHash?: string; seatCode?: string; keepTab?: string; ifTokenHash?: string; reason: SeatChangeReason }
  | { type: 'remove'; studentId: string }
  | { type: 'readmit'; studentId: string }
  | { type: 'lock' }
  | { type: 'unlock' }
  /** A new projector link; `key` is a fresh secret the server drew. */
  | { type: 'replace-projector-key'; key: string }
  | { type: 'open' }
  /** `done` false: saved as typed (counts at the close, but not towards closing the round); default true. */
  /** `ifTokenHash`: the token the sending device holds; refused (`signed-out`) once the seat's token changed. */
  | { type: 'submit'; studentId: string; answers: AnswerSet; round?: number; done?: boolean; ifTokenHash?: string }
  | { type: 'reveal'; by: CloseReason; round?: number }
  /** More time for the open round: its timer ends `seconds` later (a round without one gets one, `seconds` from now). */
  | { type: 'extend'; seconds: number }
  | { type: 'advance'; open: boolean }
  | { type: 'run'; steps: number | null }
  /** One training step; `iteration` (when given) guards against a step decided from a stale state. */
  | { type: 'tick'; iteration?: number }
  | { type: 'pause' }
  | { type: 'reset' }
  | { type: 'configure'; change: SettingsChange }
  | { type: 'end' };

export type SessionCommandType = SessionCommand['type'];

export const DOMAIN_ERROR_CODES = [
  'wrong-phase',
  'wrong-round',
  'not-found',
  'locked',
  'removed',
  'session-full',
  'finished',
  'invalid-answer',
  'invalid-name',
  'invalid-settings',
  'signed-out',
] as const;
export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number];

export interface DomainError {
  readonly code: DomainErrorCode;
  readonly message: string;
}
