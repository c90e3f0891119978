/**
 * The adapter that delivers the message plan (shared/session/message-plan.ts): room messages go
 * through the broadcaster (socket.io rooms, through the adapter to every node), personal ones to
 * this node's sockets of the session (SessionAudience). It owns the staff throttle: staff views
 * are rebuilt at most every STAFF_THROTTLE_MS while answers and joins stream in.
 */
import type { SessionEvent } from '../../shared/session/events.js';
import { planAttach, planMessages, planStaff, SessionViews, type Message } from '../../shared/session/message-plan.js';
import type { PersistentMap, SessionState, SubmittedAnswer } from '../../shared/session/state.js';
import type { FreshCredentials } from '../../shared/session/views.js';
import type { Coordination } from '../cluster/coordination.js';
import { rooms, type IoSocket } from '../realtime/types.js';
import { withHeldWrites } from '../realtime/write-batch.js';
import { SessionAudience } from './session-audience.js';

/** Sends a message to every socket of a room, on every node. */
export interface Broadcaster {
  toRoom(room: string, message: Message): void;
}

/** What the fan-out needs of its session host. */
export interface FanoutHost {
  readonly state: SessionState;
  readonly code: string;
  now(): number;
  /** A student left: they no longer hold an auto-closing round open. */
  maybeAutoClose(): void;
}

/** Staff views are rebuilt at most this often while answers and joins stream in. */
export const STAFF_THROTTLE_MS = 250;
/** How long after a reveal the staff views (the whole roster and the class summary) are rebuilt. */
export const STAFF_AFTER_REVEAL_MS = 100;

/** socket.io's emit, for a message whose event and payload TypeScript cannot pair through the union. */
function emit(socket: IoSocket, message: Message): void {
  (socket.emit as (event: string, payload: unknown) => boolean).call(socket, message.event, message.payload);
}

export class SessionFanout {
  readonly audience: SessionAudience;
  private readonly views = new SessionViews();
  private staffTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly host: FanoutHost,
    private readonly broadcaster: Broadcaster,
    private readonly coordination: Coordination,
  ) {
    this.audience = new SessionAudience(host.code, coordination);
  }

  attach(socket: IoSocket, fresh?: FreshCredentials): void {
    const data = socket.data;
    void socket.join(rooms.all(this.host.code));
    if (data.role === 'student') void socket.join(rooms.students(this.host.code));
    this.audience.add(socket);
    const who = data.role === 'student' ? { role: data.role, studentId: data.studentId, ...(fresh && { fresh }) } : { role: data.role };
    if (data.role === 'student') this.warnOtherDevices(socket, data.studentId, data.device);
    for (const m of planAttach(this.host.state, who, this.context())) emit(socket, m);
    this.scheduleStaff();
    socket.on('disconnect', () => {
      this.audience.remove(socket);
      // Someone who left no longer holds the round open.
      if (data.role === 'student') this.host.maybeAutoClose();
      this.scheduleStaff();
    });
  }

  everyConnectedStudentAnswered(answers: PersistentMap<string, SubmittedAnswer>): boolean {
    const local = this.audience.students;
    const remote = this.coordination.remoteStudents(this.host.code);
    if (local.size + remote.size === 0 || answers.size < local.size) return false;
    // An answer saved as typed is not "I'm done": only a sent one counts towards closing the round.
    const sent = (id: string) => answers.get(id)?.done === true;
    for (const id of local.keys()) if (!sent(id)) return false;
    for (const id of remote) if (!sent(id)) return false;
    return true;
  }

  published(before: SessionState, after: SessionState, events: readonly SessionEvent[], committedHere: boolean): void {
    const plan = planMessages(before, after, events, { committedHere, ...this.context() });
    // A student's two reveal messages leave in one write (see withHeldWrites).
    if (plan.holdStudentWrites) withHeldWrites(this.audience.studentSockets(), () => this.deliver(plan.messages));
    else this.deliver(plan.messages);
    for (const { studentId, exceptTab } of plan.disconnect) {
      for (const socket of this.studentSockets(studentId, exceptTab)) socket.disconnect(true);
    }
    if (plan.closeProjectors) for (const socket of [...this.audience.staffSockets.projector]) socket.disconnect(true);
    // After a reveal the class's frames are on their way; the staff views of the whole roster wait
    // a moment so that building them does not compete with the students' devices (and this node)
    // taking in the reveal.
    if (plan.staff === 'soon') this.flushStaffSoon(plan.holdStudentWrites ? STAFF_AFTER_REVEAL_MS : 0);
    else if (plan.staff === 'throttled') this.scheduleStaff();
  }

  private context() {
    return { now: this.host.now(), audience: this.audience, views: this.views };
  }

  private deliver(messages: readonly Message[]): void {
    const code = this.host.code;
    for (const m of messages) {
      const to = m.to;
      if ('room' in to) this.broadcaster.toRoom(to.room === 'all' ? rooms.all(code) : rooms.students(code), m);
      else if ('student' in to) {
        for (const socket of this.studentSockets(to.student, to.exceptTab)) emit(socket, m);
      }
      else if ('staff' in to) for (const socket of this.audience.staffSockets[to.staff]) emit(socket, m);
    }
  }

  /** This node's sockets (tabs) of a student, but the tab `exceptTab`; a copy, so they may be closed while iterating. */
  private studentSockets(studentId: string, exceptTab?: string): IoSocket[] {
    return [...(this.audience.students.get(studentId) ?? [])].filter((socket) => exceptTab === undefined || tabOf(socket) !== exceptTab);
  }

  /**
   * A socket of another device (another `device` id, or none given) joined the seat with its
   * resume token while the student is here: the student's sockets of other devices are told, and
   * can sign that device out. Tabs of one browser share a device id and are not reported.
   */
  private warnOtherDevices(socket: IoSocket, studentId: string, device: string | undefined): void {
    const others = [...(this.audience.students.get(studentId) ?? [])].filter((s) => s !== socket && (device === undefined || deviceOf(s) !== device));
    for (const other of others) other.emit('student:elsewhere', { message: ELSEWHERE_NOTICE });
  }

  close(): void {
    if (this.staffTimer) clearTimeout(this.staffTimer);
    this.staffTimer = null;
  }

  scheduleStaff(): void {
    if (this.staffTimer || this.audience.staff.instructor + this.audience.staff.projector === 0) return;
    this.staffTimer = setTimeout(() => this.flushStaff(), STAFF_THROTTLE_MS);
  }

  /** Right after what the students are waiting for has been handed over (`delayMs` later). */
  private flushStaffSoon(delayMs: number): void {
    if (this.staffTimer) clearTimeout(this.staffTimer);
    this.staffTimer = setTimeout(() => this.flushStaff(), delayMs);
  }

  private flushStaff(): void {
    if (this.staffTimer) clearTimeout(this.staffTimer);
    this.staffTimer = null;
    this.deliver(planStaff(this.host.state, this.context()));
  }
}

const ELSEWHERE_NOTICE = 'Your seat was just opened on another device. If that was not you, sign the other devices out.';

function tabOf(socket: IoSocket): string | undefined {
  return socket.data.role === 'student' ? socket.data.tab : undefined;
}

function deviceOf(socket: IoSocket): string | undefined {
  return socket.data.role === 'student' ? socket.data.device : undefined;
}
