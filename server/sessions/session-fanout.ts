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
import { instructorView, LEADERBOARD_TOP, projectorView, publicSession, studentSelf, type InstructorStaffView, type ProjectorStaffView, type PublicSession } from '../../shared/session/views.js';
import type { Coordination } from '../cluster/coordination.js';
import { rooms, type IoServer, type IoSocket } from '../realtime/types.js';
import type { SessionHost } from './session-host.js';
import { withHeldWrites } from '../realtime/write-batch.js';

type RoundRevealedEvent = Extract<SessionEvent, { type: 'round-revealed' }>;

/** Events only their own student and the staff need to hear about. */
const PRIVATE_EVENTS = new Set<SessionEvent['type']>(['student-joined', 'answer-submitted']);
/** Staff views are rebuilt at most this often while answers and joins stream in. */
export const STAFF_THROTTLE_MS = 250;

export class SessionFanout {
  private readonly studentSockets = new Map<string, Set<IoSocket>>();
  private readonly staffSockets = new Set<IoSocket>();
  private staffTimer: NodeJS.Timeout | null = null;
  /**
   * Built once per shared change, however many students join or answer in between: those
   * (private) events change neither the public view nor anyone's rank.
   */
  private publicCache: PublicSession | null = null;
  private scoresCache: Float64Array | null = null;

  constructor(
    private readonly host: SessionHost,
    private readonly io: IoServer,
    private readonly coordination: Coordination,
  ) {}

  get socketCount(): number {
    return this.studentSockets.size + this.staffSockets.size;
  }

  /** This node's connected students. */
  localStudentIds(): string[] {
    return [...this.studentSockets.keys()];
  }

  /** Connected here or to another node. */
  private connectedChecker(): (studentId: string) => boolean {
    const remote = this.coordination.remoteStudents(this.host.code);
    return (id) => this.studentSockets.has(id) || remote.has(id);
  }

  attach(socket: IoSocket, resumeToken?: string): void {
    const data = socket.data;
    const code = this.host.code;
    void socket.join(rooms.all(code));
    if (data.role === 'student') {
      void socket.join(rooms.students(code));
      let set = this.studentSockets.get(data.studentId);
      if (!set) {
        this.studentSockets.set(data.studentId, (set = new Set()));
        this.coordination.presenceChanged(code, data.studentId, true);
      }
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
        if (set && set.size === 0) {
          this.studentSockets.delete(data.studentId);
          this.coordination.presenceChanged(code, data.studentId, false);
        }
        // Someone who left no longer holds the round open.
        this.host.maybeAutoClose();
      } else {
        this.staffSockets.delete(socket);
      }
      this.scheduleStaff();
    });
  }

  everyConnectedStudentAnswered(answers: PersistentMap<string, SubmittedAnswer>): boolean {
    const remote = this.coordination.remoteStudents(this.host.code);
    if (this.studentSockets.size + remote.size === 0 || answers.size < this.studentSockets.size) return false;
    for (const id of this.studentSockets.keys()) if (!answers.has(id)) return false;
    for (const id of remote) if (!answers.has(id)) return false;
    return true;
  }

  published(before: SessionState, after: SessionState, events: readonly SessionEvent[], committedHere: boolean): void {
    const code = after.code;
    const shared = events.some((e) => !PRIVATE_EVENTS.has(e.type));
    if (shared) {
      this.publicCache = null;
      this.scoresCache = null;
    } else if ((this.publicCache?.leaderboard?.length ?? LEADERBOARD_TOP) < LEADERBOARD_TOP && events.some((e) => e.type === 'student-joined')) {
      // A short leaderboard has room for the newcomer (at 0 points): the next snapshot must list them.
      this.publicCache = null;
    }
    // While training animates, each step travels as train:progress; the full state follows when it stops.
    const tickOnly = before.phase === 'running' && after.phase === 'running' && events.every((e) => e.type === 'advanced');
    const revealed = events.find((e): e is RoundRevealedEvent => e.type === 'round-revealed');
    const lastAdvance = events.findLast((e): e is Extract<SessionEvent, { type: 'advanced' }> => e.type === 'advanced');
    const ranked = revealed ? rankings(after) : undefined;

    if (revealed && ranked) {
      // A student's two reveal messages leave in one write (see withHeldWrites).
      withHeldWrites(this.localStudentSockets(), () => this.sendReveal(after, revealed, ranked, committedHere));
    }
    if (committedHere) {
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
      // A reveal's new public state already travels inside round:revealed: one message less per student.
      if (shared && !tickOnly && !revealed) {
        this.io.to(rooms.students(code)).emit('session:state', { role: 'student', session: this.publicState(after), serverTime: this.host.now() });
      }
    }

    for (const e of events) {
      if (e.type === 'answer-submitted') {
        // The submitting tab has its acknowledgement; other tabs of the same student need the new answer.
        const sockets = this.studentSockets.get(e.studentId);
        if (sockets && (sockets.size > 1 || !committedHere)) for (const socket of sockets) this.sendStudentState(socket, e.studentId);
      } else if (e.type === 'student-removed') {
        for (const socket of this.studentSockets.get(e.studentId) ?? []) {
          socket.emit('session:removed', { message: 'The instructor removed you from this session.' });
          socket.disconnect(true);
        }
      }
    }

    if (shared && !tickOnly) this.flushStaffSoon();
    else if (!tickOnly) this.scheduleStaff();
  }

  /** The shared step to everyone (once, from the node that committed it) and each local student's grade. */
  private sendReveal(after: SessionState, revealed: RoundRevealedEvent, ranked: Rankings, committedHere: boolean): void {
    if (committedHere) {
      const session = this.publicState(after, ranked);
      const payload: RoundRevealedPayload = {
        round: revealed.round,
        iteration: revealed.iteration,
        closedBy: revealed.closedBy,
        step: revealed.step,
        stopReason: revealed.stopReason,
        leaderboard: session.leaderboard,
        session,
      };
      this.io.to(rooms.all(after.code)).emit('round:revealed', payload);
    }
    for (const [studentId, sockets] of this.studentSockets) {
      const student = after.students.get(studentId);
      const result = student?.results.at(-1);
      if (!student || !result || result.round !== revealed.round) continue;
      const payload: AnswerGradedPayload = {
        round: revealed.round,
        iteration: revealed.iteration,
        fields: result.fields,
        points: result.points,
        total: student.score,
        rank: ranked.rankOf.get(studentId) ?? null,
      };
      for (const socket of sockets) socket.emit('answer:graded', payload);
    }
  }

  private *localStudentSockets(): Iterable<IoSocket> {
    for (const sockets of this.studentSockets.values()) yield* sockets;
  }

  close(): void {
    if (this.staffTimer) clearTimeout(this.staffTimer);
    this.staffTimer = null;
  }

  /** The students' shared view (its `version` is that of the last shared change). */
  publicState(state: SessionState, ranked?: Rankings): PublicSession {
    this.publicCache ??= publicSession(state, ranked);
    return this.publicCache;
  }

  /** Competition rank from the active students' scores: 1 + how many scored more. */
  private rankOf(state: SessionState, studentId: string): number | null {
    const student = state.students.get(studentId);
    if (!student || student.removed) return null;
    if (!this.scoresCache) {
      const scores: number[] = [];
      for (const s of state.students.values()) if (!s.removed) scores.push(s.score);
      this.scoresCache = Float64Array.from(scores).sort().reverse();
    }
    // Scores are sorted descending: find the first one not above this student's.
    const scores = this.scoresCache;
    let lo = 0;
    let hi = scores.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (scores[mid]! > student.score) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  }

  private sendStudentState(socket: IoSocket, studentId: string, resumeToken?: string): void {
    const state = this.host.state;
    const you = studentSelf(state, studentId, this.rankOf(state, studentId), resumeToken);
    if (!you) return;
    socket.emit('session:state', { role: 'student', session: this.publicState(state), you, serverTime: this.host.now() });
  }

  scheduleStaff(): void {
    if (this.staffTimer || this.staffSockets.size === 0) return;
    this.staffTimer = setTimeout(() => this.flushStaff(), STAFF_THROTTLE_MS);
  }

  /** Right after what the students are waiting for has been handed over. */
  private flushStaffSoon(): void {
    if (this.staffTimer) clearTimeout(this.staffTimer);
    this.staffTimer = setTimeout(() => this.flushStaff(), 0);
  }

  private flushStaff(): void {
    if (this.staffTimer) clearTimeout(this.staffTimer);
    this.staffTimer = null;
    this.sendStaffState(this.staffSockets);
  }

  private sendStaffState(sockets: Iterable<IoSocket>): void {
    const state = this.host.state;
    const ranked = rankings(state);
    const session = this.publicState(state);
    const connected = this.connectedChecker();
    let instructor: InstructorStaffView | undefined;
    let projector: ProjectorStaffView | undefined;
    const serverTime = this.host.now();
    for (const socket of sockets) {
      if (socket.data.role === 'instructor') {
        instructor ??= instructorView(state, connected, ranked);
        socket.emit('session:state', { role: 'instructor', session, staff: instructor, serverTime });
      } else if (socket.data.role === 'projector') {
        projector ??= projectorView(state, connected, ranked);
        socket.emit('session:state', { role: 'projector', session, staff: projector, serverTime });
      }
    }
  }
}
