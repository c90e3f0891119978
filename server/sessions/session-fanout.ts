/**
 * Who hears what after a change. Shared news goes out once per session through socket.io rooms
 * (through the adapter, so it reaches every node): the public state, the revealed step, training
 * progress. Personal news goes to this node's own sockets: a student's graded result and their
 * own stored answer; the instructor and projector get their staff view, throttled while answers
 * pour in. Nothing here scans all students per answer.
 */
import type { AnswerGradedPayload, RoundRevealedPayload, TrainProgressPayload } from '../../shared/protocol/events.js';
import type { SessionEvent } from '../../shared/session/events.js';
import type { PersistentMap, SessionState, SubmittedAnswer } from '../../shared/session/state.js';
import { rankings, type Rankings } from '../../shared/session/stats.js';
import { publicSession, staffView, studentSelf, type PublicSession } from '../../shared/session/views.js';
import { rooms, type IoServer, type IoSocket } from '../realtime/types.js';
import type { SessionHost } from './session-host.js';

/** Events only their own student and the staff need to hear about. */
const PRIVATE_EVENTS = new Set<SessionEvent['type']>(['student-joined', 'answer-submitted']);
/** Staff views are rebuilt at most this often while answers and joins stream in. */
export const STAFF_THROTTLE_MS = 250;

export class SessionFanout {
  private readonly studentSockets = new Map<string, Set<IoSocket>>();
  private readonly staffSockets = new Set<IoSocket>();
  private staffTimer: NodeJS.Timeout | null = null;
  private publicCache: { version: number; session: PublicSession } | null = null;
  private rankCache: { version: number; ranked: Rankings } | null = null;

  constructor(
    private readonly host: SessionHost,
    private readonly io: IoServer,
  ) {}

  get socketCount(): number {
    return this.studentSockets.size + this.staffSockets.size;
  }

  get connectedStudents(): number {
    return this.studentSockets.size;
  }

  isConnected(studentId: string): boolean {
    return this.studentSockets.has(studentId);
  }

  attach(socket: IoSocket, resumeToken?: string): void {
    const data = socket.data;
    const code = this.host.code;
    void socket.join(rooms.all(code));
    if (data.role === 'student') {
      void socket.join(rooms.students(code));
      let set = this.studentSockets.get(data.studentId);
      if (!set) this.studentSockets.set(data.studentId, (set = new Set()));
      set.add(socket);
      this.sendStudentState(socket, data.studentId, resumeToken);
    } else {
      this.staffSockets.add(socket);
      this.sendStaffState([socket]);
    }
    this.scheduleStaff();
    socket.on('disconnect', () => {
      if (data.role === 'student') {
        const set = this.studentSockets.get(data.studentId);
        set?.delete(socket);
        if (set && set.size === 0) this.studentSockets.delete(data.studentId);
        // Someone who left no longer holds the round open.
        this.host.maybeAutoClose();
      } else {
        this.staffSockets.delete(socket);
      }
      this.scheduleStaff();
    });
  }

  everyConnectedStudentAnswered(answers: PersistentMap<string, SubmittedAnswer>): boolean {
    if (this.studentSockets.size === 0 || answers.size < this.studentSockets.size) return false;
    for (const id of this.studentSockets.keys()) if (!answers.has(id)) return false;
    return true;
  }

  published(before: SessionState, after: SessionState, events: readonly SessionEvent[], committedHere: boolean): void {
    const code = after.code;
    const shared = events.some((e) => !PRIVATE_EVENTS.has(e.type));
    // While training animates, each step travels as train:progress; the full state follows when it stops.
    const tickOnly = before.phase === 'running' && after.phase === 'running' && events.every((e) => e.type === 'advanced');
    const revealed = events.find((e): e is Extract<SessionEvent, { type: 'round-revealed' }> => e.type === 'round-revealed');
    const lastAdvance = events.findLast((e): e is Extract<SessionEvent, { type: 'advanced' }> => e.type === 'advanced');
    const ranked = revealed || shared ? this.rankings(after) : undefined;

    if (committedHere) {
      if (revealed) {
        const payload: RoundRevealedPayload = {
          round: revealed.round,
          iteration: after.round!.iteration,
          closedBy: revealed.closedBy,
          step: revealed.step,
          stopReason: revealed.stopReason,
          leaderboard: this.publicState(after).leaderboard,
        };
        this.io.to(rooms.all(code)).emit('round:revealed', payload);
      }
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
        this.io.to(rooms.all(code)).emit('train:progress', progress);
      }
      if (shared && !tickOnly) {
        this.io.to(rooms.students(code)).emit('session:state', { role: 'student', session: this.publicState(after), serverTime: this.host.now() });
      }
    }

    // Personal news, to this node's sockets.
    if (revealed && ranked) {
      for (const grade of revealed.grades) {
        const sockets = this.studentSockets.get(grade.studentId);
        if (!sockets) continue;
        const student = after.students.get(grade.studentId)!;
        const payload: AnswerGradedPayload = {
          round: revealed.round,
          iteration: after.round!.iteration,
          fields: grade.fields,
          points: grade.points,
          total: student.score,
          rank: ranked.rankOf.get(grade.studentId) ?? null,
        };
        for (const socket of sockets) socket.emit('answer:graded', payload);
      }
    }
    for (const e of events) {
      if (e.type === 'answer-submitted') {
        for (const socket of this.studentSockets.get(e.studentId) ?? []) this.sendStudentState(socket, e.studentId);
      } else if (e.type === 'student-removed') {
        for (const socket of this.studentSockets.get(e.studentId) ?? []) {
          socket.emit('session:removed', { message: 'The instructor removed you from this session.' });
          socket.disconnect(true);
        }
      }
    }

    if (shared && !tickOnly) this.flushStaff();
    else if (!tickOnly) this.scheduleStaff();
  }

  close(): void {
    if (this.staffTimer) clearTimeout(this.staffTimer);
    this.staffTimer = null;
  }

  private rankings(state: SessionState): Rankings {
    if (this.rankCache?.version !== state.version) this.rankCache = { version: state.version, ranked: rankings(state) };
    return this.rankCache.ranked;
  }

  /** The students' shared view, built once per state version however many sockets receive it. */
  publicState(state: SessionState): PublicSession {
    if (this.publicCache?.version !== state.version) {
      this.publicCache = { version: state.version, session: publicSession(state, this.rankings(state)) };
    }
    return this.publicCache.session;
  }

  private sendStudentState(socket: IoSocket, studentId: string, resumeToken?: string): void {
    const state = this.host.state;
    const ranked = this.rankings(state);
    const you = studentSelf(state, studentId, ranked.rankOf.get(studentId) ?? null, resumeToken);
    if (!you) return;
    socket.emit('session:state', { role: 'student', session: this.publicState(state), you, serverTime: this.host.now() });
  }

  private scheduleStaff(): void {
    if (this.staffTimer || this.staffSockets.size === 0) return;
    this.staffTimer = setTimeout(() => this.flushStaff(), STAFF_THROTTLE_MS);
  }

  private flushStaff(): void {
    if (this.staffTimer) clearTimeout(this.staffTimer);
    this.staffTimer = null;
    this.sendStaffState(this.staffSockets);
  }

  private sendStaffState(sockets: Iterable<IoSocket>): void {
    const state = this.host.state;
    const ranked = this.rankings(state);
    const session = this.publicState(state);
    const connected = (id: string) => this.studentSockets.has(id);
    let instructor: ReturnType<typeof staffView> | undefined;
    let projector: ReturnType<typeof staffView> | undefined;
    const serverTime = this.host.now();
    for (const socket of sockets) {
      if (socket.data.role === 'instructor') {
        instructor ??= staffView(state, connected, false, ranked);
        socket.emit('session:state', { role: 'instructor', session, staff: instructor, serverTime });
      } else if (socket.data.role === 'projector') {
        projector ??= staffView(state, connected, true, ranked);
        socket.emit('session:state', { role: 'projector', session, staff: projector, serverTime });
      }
    }
  }
}
