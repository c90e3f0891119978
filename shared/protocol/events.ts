/** The socket.io event maps both sides type their sockets with. */
import type { RevealPatch, WireField } from './reveal-wire.js';
import type { ParamValues } from '../engine/layout.js';
import type { StopReason } from '../engine/train.js';
import type { ScoredField } from '../grader/scoring.js';
import type { LeaderboardEntry } from '../session/stats.js';
import type { SeatChangeReason } from '../session/events.js';
import type { CloseReason } from '../session/state.js';
import type { PublicSession, SessionSnapshot } from '../session/views.js';

export type { AnswerStored, ClientToServerEvents } from './client-events.js';

/**
 * A reveal, broadcast once to the whole session. `session` is the public state after it as a
 * patch of the one before (reveal-wire.ts: only what changed, each value once); the client applies
 * it with `applyRevealPatch`. Its `reveal.step` is the engine's step up to the deepest link the
 * round asked (`step.upTo`): for a round asking new values, every intermediate, term, derivative,
 * step size and new value; for an earlier stage of the chain, nothing downstream of what it asked.
 */
export interface RoundRevealedPayload {
  /** The round revealed (its iteration, why it closed and any stop reason are in `session`). */
  readonly round: number;
  readonly session: RevealPatch;
}

/** A student's grade for a revealed round, as sent: read it with `gradedFromWire` (reveal-wire.ts). */
export interface AnswerGradedWire {
  readonly round: number;
  readonly iteration: number;
  /** Each field without `correct` (it is `credit === 'full'`) and without an empty `cannotTell`. */
  readonly fields: readonly WireField[];
  readonly points: number;
  readonly total: number;
  readonly rank: number | null;
}

/** A student's grade for a revealed round, as the client reads it. */
export interface AnswerGradedPayload extends Omit<AnswerGradedWire, 'fields'> {
  readonly fields: readonly ScoredField[];
}

export interface TrainProgressPayload {
  readonly iteration: number;
  readonly params: ParamValues;
  readonly ssr: number;
  readonly running: boolean;
  readonly taken: number;
  readonly requested: number | null;
}

export interface NoticePayload {
  readonly message: string;
}

export interface ServerToClientEvents {
  'session:state': (snapshot: SessionSnapshot) => void;
  'round:revealed': (payload: RoundRevealedPayload) => void;
  'answer:graded': (payload: AnswerGradedWire) => void;
  'train:progress': (payload: TrainProgressPayload) => void;
  /** To a removed student, or to the projectors when their link is replaced, just before the server disconnects them. */
  'session:removed': (payload: NoticePayload) => void;
  /**
   * To a student's tab whose place another tab with the same tab id took (at the tab cap): stop
   * reconnecting and say so; reloading the page takes the place back.
   */
  'session:replaced': (payload: NoticePayload) => void;
  /**
   * To a student's devices signed out of their seat (another device took it with the seat code, or
   * signed the others out; or the instructor made a new seat code), just before the server
   * disconnects them: their resume token no longer works. Stop reconnecting, forget the token, and
   * offer to take the seat back with the seat code (not after `new-seat`: that code is gone too).
   */
  'session:signed-out': (payload: NoticePayload & { readonly reason: SeatChangeReason }) => void;
  /**
   * To a student's sockets when a socket of another device (another `device` id, or none) joins
   * their seat with the resume token: someone may have copied it. The student can sign the other
   * devices out (`student:sign-out-others`).
   */
  'student:elsewhere': (payload: NoticePayload) => void;
  /** The server is restarting: the client should reconnect (it will, by itself). */
  'server:restarting': (payload: NoticePayload & { readonly reconnectInMs: number }) => void;
}

/** What the server keeps on each socket. */
export type SocketData =
  | { readonly role: 'instructor'; readonly code: string }
  /** `keyHash`: the projector key it proved (hashed), so a screen of a replaced link can be closed. */
  | { readonly role: 'projector'; readonly code: string; readonly keyHash: string }
  /** `device`: the browser's own id (localStorage), to tell another device from another tab of the same browser. */
  /** `tokenHash`: the resume token this socket proved (its commands are refused once the seat's token changes). */
  | { readonly role: 'student'; readonly code: string; readonly studentId: string; readonly tab?: string; readonly device?: string; readonly tokenHash?: string };

/** Response of POST /api/sessions. */
export interface CreatedSession {
  readonly code: string;
  readonly instructorToken: string;
  readonly joinUrl: string;
  readonly hostUrl: string;
  /** Carries the projector key in its fragment (`#key=`). */
  readonly presentUrl: string;
  /** The projector's secret: its handshake is `{ code, role: 'projector', key }`. */
  readonly projectorKey: string;
}

/** Response of GET /api/sessions/:code. */
export interface SessionSummary {
  readonly code: string;
  readonly title: string;
  readonly preset: string;
  readonly phase: string;
  readonly locked: boolean;
  readonly joinable: boolean;
  readonly students: number;
  /** The link students open (from PUBLIC_URL when set), for a projector opened on its own. */
  readonly joinUrl: string;
}
