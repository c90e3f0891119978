/**
 * One entry per client event: who may send it, its payload schema, the session command it becomes,
 * and what its acknowledgement carries. `ClientToServerEvents`, the role lists and each event's
 * acknowledgement type are derived from this table; the compiler then asks for the event's words
 * (event-words.ts, kept apart so the browser bundle carries no zod) and its command's phases
 * (session/phases.ts).
 */
import { z } from 'zod';
import type { AnswerSet } from '../grader/fields.js';
import type { SessionCommand, SessionCommandType } from '../session/commands.js';
import type { SessionState } from '../session/state.js';
import type { AckCallback } from './errors.js';
import type { EVENT_META, ClientEventName } from './event-meta.js';
import { answerSubmitSchema, settingsInput } from './schemas.js';
import { settingsChangeFrom } from './settings-input.js';

/** What a student's answer acknowledgement confirms: the answer as stored, and whether it was sent as done. */
export interface AnswerStored {
  readonly round: number;
  readonly stored: AnswerSet;
  readonly at: number;
  readonly revision: number;
  readonly done: boolean;
}

/** Who sent the event: the socket's identity as the handshake established it (`tab`: the student's tab id, when sent). */
export type Sender = { readonly role: 'instructor' } | { readonly role: 'student'; readonly studentId: string; readonly tab?: string; readonly tokenHash?: string };

/** The server's source of secrets, for commands that create one (no crypto in the shared core). */
export interface Secrets {
  /** A new random secret (base64url). */
  fresh(): string;
  /** Its stored form (SHA-256, base64url). */
  hash(secret: string): string;
  /** A new seat code (normalized, as seatCodeHash expects it). */
  seatCode(): string;
}

interface EventSpec<S extends z.ZodType, C extends SessionCommandType, A extends object> {
  readonly schema: S;
  readonly toCommand: (payload: z.output<S>, state: SessionState, sender: Sender, secrets: Secrets) => Extract<SessionCommand, { type: C }>;
  /** The acknowledgement's fields beside `ok` and `version`, from the state after the command (and the command, for a secret it made). */
  readonly ack: (after: SessionState, sender: Sender, command: Extract<SessionCommand, { type: C }>) => A;
}

const empty = z.strictObject({});
const noFields = (): object => ({});
/** An event's entry; its command type comes from EVENT_META, so the mapping must build that very command. */
const spec = <E extends ClientEventName, S extends z.ZodType, A extends object = object>(_event: E, s: EventSpec<S, (typeof EVENT_META)[E]['command'], A>) => s;

export const CLIENT_EVENTS = {
  'round:open': spec('round:open', { schema: empty, toCommand: () => ({ type: 'open' }), ack: noFields }),
  'round:reveal': spec('round:reveal', { schema: empty, toCommand: () => ({ type: 'reveal', by: 'instructor' }), ack: noFields }),
  'round:extend': spec('round:extend', {
    schema: z.strictObject({ seconds: z.number().int().min(5).max(600) }),
    toCommand: (p) => ({ type: 'extend', seconds: p.seconds }),
    ack: noFields,
  }),
  'round:advance': spec('round:advance', { schema: z.strictObject({ open: z.boolean().optional() }),
    toCommand: (p) => ({ type: 'advance', open: p.open ?? true }),
    ack: noFields,
  }),
  'train:run': spec('train:run', { schema: z.strictObject({ steps: z.number().int().min(1).max(100_000).optional() }),
    toCommand: (p) => ({ type: 'run', steps: p.steps ?? null }),
    ack: noFields,
  }),
  'train:pause': spec('train:pause', { schema: empty, toCommand: () => ({ type: 'pause' }), ack: noFields }),
  'session:reset': spec('session:reset', { schema: empty,
    toCommand: () => ({ type: 'reset' }),
    ack: noFields,
  }),
  'session:configure': spec('session:configure', { schema: settingsInput,
    // Questions given as true/false refer to this session's trainable parameters.
    toCommand: (p, state) => ({ type: 'configure', change: settingsChangeFrom(p, state.setup.trainable) }),
    ack: noFields,
  }),
  'session:lock': spec('session:lock', { schema: empty, toCommand: () => ({ type: 'lock' }), ack: noFields }),
  'session:unlock': spec('session:unlock', { schema: empty, toCommand: () => ({ type: 'unlock' }), ack: noFields }),
  'projector:replace': spec('projector:replace', {
    schema: empty,
    toCommand: (_p, _state, _sender, secrets) => ({ type: 'replace-projector-key', key: secrets.fresh() }),
    // The dashboard makes the new link from it.
    ack: (after): { projectorKey: string } => ({ projectorKey: after.projectorKey! }),
  }),
  'student:remove': spec('student:remove', { schema: z.strictObject({ studentId: z.string().min(1).max(64) }),
    toCommand: (p) => ({ type: 'remove', studentId: p.studentId }),
    ack: noFields,
  }),
  'student:readmit': spec('student:readmit', {
    schema: z.strictObject({ studentId: z.string().min(1).max(64) }),
    toCommand: (p) => ({ type: 'readmit', studentId: p.studentId }),
    ack: noFields,
  }),
  'student:new-seat': spec('student:new-seat', {
    schema: z.strictObject({ studentId: z.string().min(1).max(64) }),
    // A new seat code and a token nobody holds: every device of the student is signed out, and
    // the code (shown to the instructor once) brings the student back on the device they choose.
    toCommand: (p, _state, _sender, secrets) => {
      const seatCode = secrets.seatCode();
      return { type: 'change-seat', studentId: p.studentId, tokenHash: secrets.hash(secrets.fresh()), secret: '', seatHash: secrets.hash(seatCode), seatCode, reason: 'new-seat' };
    },
    ack: (_after, _sender, command): { seatCode: string } => ({ seatCode: command.seatCode! }),
  }),
  'student:sign-out-others': spec('student:sign-out-others', {
    schema: empty,
    // A new token and a new seat code for this tab; the student's other devices (and tabs) hold
    // the old ones: they are signed out, and a copied seat code no longer brings them back.
    toCommand: (_p, _state, sender, secrets) => {
      const secret = secrets.fresh();
      const seatCode = secrets.seatCode();
      const studentId = sender.role === 'student' ? sender.studentId : '';
      const keepTab = sender.role === 'student' ? sender.tab : undefined;
      const tokenHash = sender.role === 'student' ? sender.tokenHash : undefined;
      return {
        type: 'change-seat',
        studentId,
        tokenHash: secrets.hash(secret),
        secret,
        seatHash: secrets.hash(seatCode),
        seatCode,
        ...(keepTab !== undefined && { keepTab }),
        ...(tokenHash !== undefined && { ifTokenHash: tokenHash }),
        reason: 'signed-out-others',
      };
    },
    ack: (_after, _sender, command): { resumeToken: string; seatCode: string } => ({ resumeToken: `${command.studentId}.${command.secret}`, seatCode: command.seatCode! }),
  }),
  'session:end': spec('session:end', { schema: empty,
    toCommand: () => ({ type: 'end' }),
    ack: noFields,
  }),
  'answer:submit': spec('answer:submit', { schema: answerSubmitSchema,
    toCommand: ({ round, done, ...answers }, _state, sender) => ({
      type: 'submit',
      studentId: sender.role === 'student' ? sender.studentId : '',
      answers,
      done: done ?? true,
      ...(round !== undefined && { round }),
      ...(sender.role === 'student' && sender.tokenHash !== undefined && { ifTokenHash: sender.tokenHash }),
    }),
    ack: (after, sender): AnswerStored => {
      // decide accepted the answer, so the round is open and holds it.
      const stored = after.round!.answers.get(sender.role === 'student' ? sender.studentId : '')!;
      return { round: after.round!.number, stored: stored.answers, at: stored.at, revision: stored.revision, done: stored.done };
    },
  }),
} as const satisfies Record<ClientEventName, unknown>;

type Table = typeof CLIENT_EVENTS;
export type { ClientEventName, InstructorEventName, StudentEventName } from './event-meta.js';
export { CLIENT_EVENT_NAMES, INSTRUCTOR_EVENTS, STUDENT_EVENTS, isClientEvent } from './event-meta.js';
/** What a client sends with the event (before defaults are applied). */
export type PayloadOf<E extends ClientEventName> = z.input<Table[E]['schema']>;
/** The acknowledgement's fields beside `ok` and `version`. */
export type AckOf<E extends ClientEventName> = ReturnType<Table[E]['ack']>;

/** The socket.io map both sides type their sockets with: one payload and an acknowledgement per event. */
export type ClientToServerEvents = { [E in ClientEventName]: (payload: PayloadOf<E>, ack: AckCallback<AckOf<E>>) => void };
