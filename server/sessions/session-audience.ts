/**
 * This node's sockets of one session: each student's tabs and the staff screens, and the capped
 * slots the handshake reserves for them (projector screens per session, tabs per student). One
 * record serves the slot rules, the message plan (as its LocalAudience) and presence.
 */
import type { LocalAudience } from '../../shared/session/message-plan.js';
import type { Coordination } from '../cluster/coordination.js';
import { closeWithNotice, type IoSocket } from '../realtime/types.js';
import { TokenBucket } from '../security/rate-limits.js';

export class SessionAudience implements LocalAudience {
  /** Attached student sockets, by student. */
  readonly students = new Map<string, Set<IoSocket>>();
  readonly staffSockets = { instructor: new Set<IoSocket>(), projector: new Set<IoSocket>() };
  /**
   * Capped slots, keyed "projector" or "tab <studentId>": taken when the handshake is admitted (so
   * concurrent handshakes cannot all slip under the cap) and freed when the socket goes.
   */
  private readonly slots = new Map<string, Set<IoSocket>>();
  /** Each student's answer budget on this node: it outlives their sockets, so reconnecting does not refill it. */
  private readonly answerBudgets = new Map<string, TokenBucket>();

  constructor(
    private readonly code: string,
    private readonly coordination: Coordination,
  ) {}

  /** Takes one answer from the student's budget; false when it is spent (refuse the answer). */
  takeAnswer(studentId: string, rate: { readonly perSecond: number; readonly burst: number }): boolean {
    let bucket = this.answerBudgets.get(studentId);
    if (!bucket) this.answerBudgets.set(studentId, (bucket = new TokenBucket(rate.perSecond, rate.burst)));
    return bucket.take();
  }

  get tabs(): ReadonlyMap<string, ReadonlySet<IoSocket>> {
    return this.students;
  }

  get staff(): { instructor: number; projector: number } {
    return { instructor: this.staffSockets.instructor.size, projector: this.staffSockets.projector.size };
  }

  /** Connected here or to another node (the other nodes' list is read once per call). */
  get connected(): (studentId: string) => boolean {
    const remote = this.coordination.remoteStudents(this.code);
    return (id) => this.students.has(id) || remote.has(id);
  }

  get socketCount(): number {
    return this.students.size + this.staffSockets.instructor.size + this.staffSockets.projector.size;
  }

  *studentSockets(): Iterable<IoSocket> {
    for (const sockets of this.students.values()) yield* sockets;
  }

  /**
   * Holds a capped slot for the socket unless `limit` are held already; true when it holds one (or
   * already did, or needs none: instructors are not capped).
   */
  takeSlot(socket: IoSocket, limit: number): boolean {
    const data = socket.data;
    if (data.role === 'instructor') return true;
    const key = data.role === 'projector' ? 'projector' : `tab ${data.studentId}`;
    let held = this.slots.get(key);
    if (held?.has(socket)) return true;
    // Gone before its handshake finished: socket.io drops it without a 'disconnect'.
    if (socket.conn.readyState === 'closed') return true;
    if (held && held.size >= limit && data.role === 'student' && data.tab !== undefined) {
      // The same browser tab connecting again: its earlier socket is one whose network path
      // dropped (the server has not noticed yet), so it gives its slot to this one. Should it be
      // alive after all (a duplicated tab shares the id), it is told why and stops retrying, so
      // two live tabs cannot take turns evicting each other.
      const earlier = [...held].find((s) => s.data.role === 'student' && s.data.tab === data.tab);
      if (earlier) {
        held.delete(earlier);
        closeWithNotice(earlier, 'session:replaced', 'This session continued in another tab of this browser. Use that tab, or reload this one to continue here.');
      }
    }
    if ((held?.size ?? 0) >= limit) return false;
    if (!held) this.slots.set(key, (held = new Set()));
    held.add(socket);
    const release = (): void => {
      socket.off('disconnect', release);
      socket.conn.off('close', release);
      const set = this.slots.get(key);
      if (!set?.delete(socket)) return;
      if (set.size === 0) this.slots.delete(key);
    };
    socket.once('disconnect', release);
    // A socket whose connection closes before it is connected never gets 'disconnect'.
    socket.conn.once('close', release);
    return true;
  }

  /** Adds an attached socket; tells the other nodes when a student arrives here. */
  add(socket: IoSocket): void {
    const data = socket.data;
    if (data.role !== 'student') {
      this.staffSockets[data.role].add(socket);
      return;
    }
    let set = this.students.get(data.studentId);
    if (!set) {
      this.students.set(data.studentId, (set = new Set()));
      this.coordination.presenceChanged(this.code, data.studentId, true);
    }
    set.add(socket);
  }

  /** Removes a socket that went; tells the other nodes when a student's last tab here closed. */
  remove(socket: IoSocket): void {
    const data = socket.data;
    if (data.role !== 'student') {
      this.staffSockets[data.role].delete(socket);
      return;
    }
    const set = this.students.get(data.studentId);
    set?.delete(socket);
    if (set && set.size === 0) {
      this.students.delete(data.studentId);
      this.coordination.presenceChanged(this.code, data.studentId, false);
    }
  }
}
