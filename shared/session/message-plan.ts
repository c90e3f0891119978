/**
 * Who hears what after a change, as data: `planMessages(before, after, events, context)` lists the
 * `{ to, event, payload }` the server sends, and the adapter (server/sessions/session-fanout.ts)
 * only writes them to sockets. Pure apart from the memo of views it is handed (SessionViews), so
 * every role's messages are tested without sockets (test/session/message-plan.test.ts).
 *
 * Shared news goes once per session to a room (through the adapter, so it reaches every node): the
 * public state, the revealed step, training progress. Personal news goes to this node's own
 * sockets: a student's grade and their own stored answer; the staff get their views, throttled
 * while answers pour in. Nothing here scans all students per answer.
 */
import type { AnswerGradedWire, RoundRevealedPayload, ServerToClientEvents, TrainProgressPayload } from '../protocol/events.js';
import { fieldToWire, revealPatch } from '../protocol/reveal-wire.js';
import { EVENT_TRAITS, type SeatChangeReason, type SessionEvent } from './events.js';
import { rankings, rankOf, type Rankings } from './stats.js';
import type { SessionState } from './state.js';
import { instructorView, LEADERBOARD_TOP, projectorView, publicSession, studentSelf, type FreshCredentials, type PublicSession } from './views.js';

export type ServerEventName = keyof ServerToClientEvents;
export type PayloadTo<E extends ServerEventName> = Parameters<ServerToClientEvents[E]>[0];

/**
 * `room`: every socket of the session on every node (`all`) or every student (`students`);
 * `student`: this node's sockets (tabs) of one student (but the tab `exceptTab`); `staff`: this node's instructor or
 * projector screens; `socket`: the one socket just attached.
 */
export type Recipient =
  | { readonly room: 'all' | 'students' }
  | { readonly student: string; readonly exceptTab?: string }
  | { readonly staff: 'instructor' | 'projector' }
  | { readonly socket: true };

export type Message = { readonly [E in ServerEventName]: { readonly to: Recipient; readonly event: E; readonly payload: PayloadTo<E> } }[ServerEventName];

/** This node's sockets of the session, as the plan needs to know them. */
export interface LocalAudience {
  /** Students with at least one socket (tab) here, and how many. */
  readonly tabs: ReadonlyMap<string, { readonly size: number }>;
  readonly staff: { readonly instructor: number; readonly projector: number };
  /** Connected here or to another node. */
  readonly connected: (studentId: string) => boolean;
}

export interface PlanContext {
  /** False for events another node stored (it sent the room messages already). */
  readonly committedHere: boolean;
  /** The server clock, stamped on every snapshot. */
  readonly now: number;
  readonly audience: LocalAudience;
  readonly views: SessionViews;
}

export interface MessagePlan {
  readonly messages: readonly Message[];
  /** A reveal: each student's two messages should leave in one write (server/realtime/write-batch.ts). */
  readonly holdStudentWrites: boolean;
  /** Students whose sockets here are closed after their messages (removed; signed out, but for the tab `exceptTab`). */
  readonly disconnect: readonly { readonly studentId: string; readonly exceptTab?: string }[];
  /** The projector link was replaced: this node's projector screens are closed after their notice. */
  readonly closeProjectors: boolean;
  /** When the staff views are rebuilt: right after these messages, at the next throttle tick, or not at all. */
  readonly staff: 'soon' | 'throttled' | 'none';
}

/**
 * The views shared by many messages, built once per change that alters them: the public state
 * (unchanged by a join or an answer, which are private) and the rank index (unchanged by answers;
 * a join adds a student at 0 points, which moves nobody else's rank).
 */
export class SessionViews {
  private publicView: PublicSession | null = null;
  private ranked: Rankings | null = null;
  /** The rank index misses students who joined since it was built. */
  private rosterStale = false;

  /** Forgets what these events change. */
  changed(events: readonly SessionEvent[]): void {
    if (events.some((e) => EVENT_TRAITS[e.type].audience === 'shared')) {
      this.publicView = null;
      this.ranked = null;
      this.rosterStale = false;
    } else if (events.some((e) => e.type === 'student-joined')) {
      this.rosterStale = true;
      // A short leaderboard has room for the newcomer (at 0 points): the next snapshot must list them.
      if ((this.publicView?.leaderboard?.length ?? LEADERBOARD_TOP) < LEADERBOARD_TOP) this.publicView = null;
    }
  }

  /** The students' shared view (its `version` is that of the last shared change). */
  publicState(state: SessionState): PublicSession {
    this.publicView ??= publicSession(state, this.roster(state));
    return this.publicView;
  }

  /** The rank index for looking up ranks; may miss students who joined since (see `rankOf`). */
  ranks(state: SessionState): Rankings {
    this.ranked ??= rankings(state);
    return this.ranked;
  }

  /** The rank index listing every active student (for the staff's roster). */
  roster(state: SessionState): Rankings {
    if (this.rosterStale || !this.ranked) {
      this.ranked = rankings(state);
      this.rosterStale = false;
    }
    return this.ranked;
  }
}

type RevealedEvent = Extract<SessionEvent, { type: 'round-revealed' }>;
type AdvancedEvent = Extract<SessionEvent, { type: 'advanced' }>;

const REMOVED_NOTICE = 'The instructor removed you from this session.';
const SIGNED_OUT_NOTICE: Record<SeatChangeReason, string> = {
  'seat-restored': 'Your seat was opened on another device with your seat code, so this one is signed out. Not you? Take it back with your seat code, or ask your instructor.',
  'signed-out-others': 'Another device of yours signed this one out of your seat. Not you? Take it back with your seat code, or ask your instructor.',
  'new-seat': 'Your instructor gave your seat a new seat code. Ask them for it and enter it to continue.',
};
const PROJECTOR_REPLACED_NOTICE = 'The instructor made a new projector link: open the projector again from the dashboard.';

/** A student's own snapshot: the public state and `you` (with the resume token right after joining). */
export function studentSnapshot(state: SessionState, studentId: string, ctx: Pick<PlanContext, 'now' | 'views'>, fresh?: FreshCredentials): PayloadTo<'session:state'> | null {
  const you = studentSelf(state, studentId, rankOf(ctx.views.ranks(state), state.students.get(studentId)), fresh);
  if (!you) return null;
  return { role: 'student', session: ctx.views.publicState(state), you, serverTime: ctx.now };
}

/** What changed after `events` took `before` to `after`, as the messages to send. */
export function planMessages(before: SessionState, after: SessionState, events: readonly SessionEvent[], ctx: PlanContext): MessagePlan {
  ctx.views.changed(events);
  const messages: Message[] = [];
  const disconnect: { studentId: string; exceptTab?: string }[] = [];
  let closeProjectors = false;
  const shared = events.some((e) => EVENT_TRAITS[e.type].audience === 'shared');
  // While training animates, each step travels as train:progress; the full state follows when it stops.
  const tickOnly = before.phase === 'running' && after.phase === 'running' && events.every((e) => e.type === 'advanced');
  const revealed = events.find((e): e is RevealedEvent => e.type === 'round-revealed');
  const lastAdvance = events.findLast((e): e is AdvancedEvent => e.type === 'advanced');

  if (revealed) messages.push(...revealMessages(before, after, revealed, ctx));
  if (ctx.committedHere) {
    if (lastAdvance && (before.phase === 'running' || after.phase === 'running')) {
      const run = after.run ?? before.run;
      const progress: TrainProgressPayload = {
        iteration: lastAdvance.iteration,
        params: lastAdvance.params,
        ssr: lastAdvance.ssr,
        running: after.phase === 'running',
        taken: after.run?.taken ?? (before.run ? before.run.taken + events.filter((e) => e.type === 'advanced').length : 0),
        requested: run?.requested ?? null,
      };
      messages.push({ to: { room: 'all' }, event: 'train:progress', payload: progress });
    }
    // A reveal's new public state already travels inside round:revealed: one message less per student.
    if (shared && !tickOnly && !revealed) {
      messages.push({ to: { room: 'students' }, event: 'session:state', payload: { role: 'student', session: ctx.views.publicState(after), serverTime: ctx.now } });
    }
  }
  for (const e of events) {
    if (e.type === 'answer-submitted') {
      // The submitting tab has its acknowledgement; the student's other tabs need the new answer.
      const tabs = ctx.audience.tabs.get(e.studentId)?.size ?? 0;
      if (tabs > 1 || (tabs > 0 && !ctx.committedHere)) {
        const snapshot = studentSnapshot(after, e.studentId, ctx);
        if (snapshot) messages.push({ to: { student: e.studentId }, event: 'session:state', payload: snapshot });
      }
    } else if (e.type === 'student-removed' && ctx.audience.tabs.has(e.studentId)) {
      messages.push({ to: { student: e.studentId }, event: 'session:removed', payload: { message: REMOVED_NOTICE } });
      disconnect.push({ studentId: e.studentId });
    } else if (e.type === 'student-token-changed' && ctx.audience.tabs.has(e.studentId)) {
      const exceptTab = e.keepTab;
      messages.push({ to: { student: e.studentId, ...(exceptTab !== undefined && { exceptTab }) }, event: 'session:signed-out', payload: { message: SIGNED_OUT_NOTICE[e.reason], reason: e.reason } });
      disconnect.push({ studentId: e.studentId, ...(exceptTab !== undefined && { exceptTab }) });
    } else if (e.type === 'projector-key-changed' && ctx.audience.staff.projector > 0) {
      messages.push({ to: { staff: 'projector' }, event: 'session:removed', payload: { message: PROJECTOR_REPLACED_NOTICE } });
      closeProjectors = true;
    }
  }
  return { messages, holdStudentWrites: revealed !== undefined, disconnect, closeProjectors, staff: tickOnly ? 'none' : shared ? 'soon' : 'throttled' };
}

/** The shared step to everyone (once, from the node that committed it) and each local student's grade. */
function revealMessages(before: SessionState, after: SessionState, revealed: RevealedEvent, ctx: PlanContext): Message[] {
  const messages: Message[] = [];
  const ranked = ctx.views.ranks(after);
  if (ctx.committedHere) {
    // Only what changed, each value once (the step is in it: up to what the round asked).
    const payload: RoundRevealedPayload = { round: revealed.round, session: revealPatch(publicSession(before), ctx.views.publicState(after)) };
    messages.push({ to: { room: 'all' }, event: 'round:revealed', payload });
  }
  for (const studentId of ctx.audience.tabs.keys()) {
    const student = after.students.get(studentId);
    const result = student?.results.at(-1);
    if (!student || !result || result.round !== revealed.round) continue;
    const payload: AnswerGradedWire = {
      round: revealed.round,
      iteration: revealed.iteration,
      fields: result.fields.map(fieldToWire),
      points: result.points,
      total: student.score,
      rank: rankOf(ranked, student),
    };
    messages.push({ to: { student: studentId }, event: 'answer:graded', payload });
  }
  return messages;
}

/** The staff views for the screens this node holds (one message per role present). */
export function planStaff(state: SessionState, ctx: Pick<PlanContext, 'now' | 'audience' | 'views'>, only?: 'instructor' | 'projector'): Message[] {
  const messages: Message[] = [];
  const { staff, connected } = ctx.audience;
  const wantInstructor = only ? only === 'instructor' : staff.instructor > 0;
  const wantProjector = only ? only === 'projector' : staff.projector > 0;
  if (!wantInstructor && !wantProjector) return messages;
  const ranked = ctx.views.roster(state);
  const session = ctx.views.publicState(state);
  if (wantInstructor) messages.push({ to: { staff: 'instructor' }, event: 'session:state', payload: { role: 'instructor', session, staff: instructorView(state, connected, ranked), serverTime: ctx.now } });
  if (wantProjector) messages.push({ to: { staff: 'projector' }, event: 'session:state', payload: { role: 'projector', session, staff: projectorView(state, connected, ranked), serverTime: ctx.now } });
  return messages;
}

/** The first snapshot of a socket just attached: a student's own, or the staff view of its role. */
export function planAttach(state: SessionState, who: { readonly role: 'instructor' | 'projector' } | { readonly role: 'student'; readonly studentId: string; readonly fresh?: FreshCredentials }, ctx: Pick<PlanContext, 'now' | 'audience' | 'views'>): Message[] {
  if (who.role !== 'student') return planStaff(state, ctx, who.role).map((m) => ({ ...m, to: { socket: true } }));
  const snapshot = studentSnapshot(state, who.studentId, ctx, who.fresh);
  return snapshot ? [{ to: { socket: true }, event: 'session:state', payload: snapshot }] : [];
}
