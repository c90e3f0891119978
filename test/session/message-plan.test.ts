// Who hears what, without sockets: the message plan for each role (the instructor, the projector,
// a student and another student) at every moment of a class, with each leaderboard setting.
import { describe, expect, it } from 'vitest';
import type { SessionCommand } from '../../shared/session/commands.js';
import { sheetField } from '../../shared/grader/sheet.js';
import { decide } from '../../shared/session/decide.js';
import { evolve } from '../../shared/session/evolve.js';
import { planAttach, planMessages, planStaff, SessionViews, type LocalAudience, type Message } from '../../shared/session/message-plan.js';
import type { LeaderboardMode } from '../../shared/session/settings.js';
import { Drive } from './fixtures.js';

const ROLES = ['instructor', 'projector', 'ann', 'bob'] as const;
type Role = (typeof ROLES)[number];
type Inbox = Record<Role, Message[]>;

/** One node holding the instructor's dashboard, a projector, and one tab each of Ann and Bob. */
const audience: LocalAudience = {
  tabs: new Map([
    ['ann', { size: 1 }],
    ['bob', { size: 1 }],
  ]),
  staff: { instructor: 1, projector: 1 },
  connected: (id) => id === 'ann' || id === 'bob',
};

function emptyInbox(): Inbox {
  return { instructor: [], projector: [], ann: [], bob: [] };
}

/** Where each message lands: a room reaches everyone in it; `socket` is the one attaching (`self`). */
function post(inbox: Inbox, messages: readonly Message[], self?: Role): void {
  for (const m of messages) {
    const to = m.to;
    const roles: readonly Role[] = 'room' in to ? (to.room === 'all' ? ROLES : ['ann', 'bob']) : 'student' in to ? [to.student as Role] : 'staff' in to ? [to.staff] : [self!];
    for (const r of roles) inbox[r].push(m);
  }
}

/** `event{fields}` with the payload's top-level fields, and those of `you` or `staff` inside a snapshot. */
function shape(m: Message): string {
  const p = m.payload as unknown as Record<string, unknown>;
  const keys = (o: object) => Object.keys(o).sort().join(',');
  const inner = ['you', 'staff'].filter((k) => p[k] !== undefined).map((k) => ` ${k}{${keys(p[k] as object)}}`);
  return `${m.event}{${keys(p)}}${inner.join('')}`;
}

class Classroom {
  readonly d: Drive;
  readonly views = new SessionViews();

  constructor(mode: LeaderboardMode) {
    this.d = new Drive({ settings: { leaderboard: mode } });
    this.d.join('bob', 'Bob');
  }

  /** Runs commands as the server would: each one decided, stored, planned and (staff) flushed. */
  run(...commands: SessionCommand[]): Inbox {
    const inbox = emptyInbox();
    for (const command of commands) {
      this.d.now += 1000;
      const before = this.d.state;
      const decision = decide(before, command, { now: this.d.now });
      if (!decision.ok) throw new Error(`${command.type}: ${decision.error.message}`);
      const after = evolve(before, decision.events);
      this.d.state = after;
      const ctx = { committedHere: true, now: this.d.now, audience, views: this.views };
      const plan = planMessages(before, after, decision.events, ctx);
      post(inbox, plan.messages);
      if (plan.staff !== 'none') post(inbox, planStaff(after, ctx));
    }
    return inbox;
  }

  attach(role: Role, resumeToken?: string): Inbox {
    const inbox = emptyInbox();
    const who = role === 'instructor' || role === 'projector' ? { role } : { role: 'student' as const, studentId: role, ...(resumeToken && { fresh: { resumeToken, seatCode: 'ABCDEFGH' } }) };
    post(inbox, planAttach(this.d.state, who, { now: this.d.now, audience, views: this.views }), role);
    return inbox;
  }
}

const shapes = (inbox: Inbox) => Object.fromEntries(ROLES.map((r) => [r, inbox[r].map(shape)]));
const of = (inbox: Inbox, role: Role, event: Message['event']) => inbox[role].filter((m) => m.event === event).map((m) => m.payload as unknown as Record<string, any>);

const STUDENT_STATE = 'session:state{role,serverTime,session}';
const OWN_STATE = 'session:state{role,serverTime,session,you} you{answer,id,name,rank,results,score}';
const INSTRUCTOR_STATE = 'session:state{role,serverTime,session,staff} staff{activeCount,advice,answeredCount,audience,connectedCount,history,leaderboard,projectorKey,removed,students,summary}';
const PROJECTOR_STATE = 'session:state{role,serverTime,session,staff} staff{activeCount,answeredCount,audience,connectedCount,history,leaderboard,names,summary}';
const REVEALED = 'round:revealed{round,session}';
const GRADED = 'answer:graded{fields,iteration,points,rank,round,total}';
const PROGRESS = 'train:progress{iteration,params,requested,running,ssr,taken}';

describe('the message plan', () => {
  for (const mode of ['shown', 'anonymous', 'hidden'] as const) {
    describe(`with the leaderboard ${mode}`, () => {
      const c = new Classroom(mode);

      it('at join: the newcomer gets their own state with the resume token; the staff their views; others nothing', () => {
        const joined = c.run({ type: 'join', studentId: 'ann', name: 'Ann', tokenHash: 'h-ann', maxStudents: 100 });
        expect(shapes(joined)).toEqual({ instructor: [INSTRUCTOR_STATE], projector: [PROJECTOR_STATE], ann: [], bob: [] });
        const attached = { ...c.attach('ann', 'ann-token'), instructor: c.attach('instructor').instructor, projector: c.attach('projector').projector };
        expect(shapes(attached)).toEqual({
          instructor: [INSTRUCTOR_STATE],
          projector: [PROJECTOR_STATE],
          ann: ['session:state{role,serverTime,session,you} you{answer,id,name,rank,results,resumeToken,score,seatCode}'],
          bob: [],
        });
        expect(of(attached, 'ann', 'session:state')[0]!.you).toMatchObject({ id: 'ann', name: 'Ann', resumeToken: 'ann-token', seatCode: 'ABCDEFGH', answer: null });
        // The projector lists names only, in join order, and only where the leaderboard shows names:
        // no id, score, rank or progress per student.
        expect(of(attached, 'projector', 'session:state')[0]!.staff.names).toEqual(mode === 'shown' ? ['Bob', 'Ann'] : null);
        expect(JSON.stringify(attached.projector)).not.toMatch(/"ann"|"bob"/);
        expect(of(attached, 'instructor', 'session:state')[0]!.staff.projectorKey).toBe('projector-key');
        expect(of(attached, 'instructor', 'session:state')[0]!.staff.students.map((s: object) => Object.keys(s).sort())).toEqual([
          ['answered', 'connected', 'id', 'name', 'rank', 'score'],
          ['answered', 'connected', 'id', 'name', 'rank', 'score'],
        ]);
      });

      it('at open: every student gets the shared state once; the staff their views', () => {
        const opened = c.run({ type: 'open' });
        expect(shapes(opened)).toEqual({ instructor: [INSTRUCTOR_STATE], projector: [PROJECTOR_STATE], ann: [STUDENT_STATE], bob: [STUDENT_STATE] });
        // Nothing of the step before the reveal.
        expect(of(opened, 'ann', 'session:state')[0]!.session.reveal).toBeNull();
      });

      it('at submit: only the staff hear of it (the submitting tab has its acknowledgement), and no student sees an answer', () => {
        // Ann sends the exact new values (she will lead the board); Bob sends nothing.
        const sheet = c.d.state.round!.sheet;
        const next = Object.fromEntries(sheet.asked.map((f) => [f.param, sheetField(sheet, f).exact]));
        const submitted = c.run({ type: 'submit', studentId: 'ann', answers: { next } });
        expect(shapes(submitted)).toEqual({ instructor: [INSTRUCTOR_STATE], projector: [PROJECTOR_STATE], ann: [], bob: [] });
        expect(of(submitted, 'instructor', 'session:state')[0]!.staff.students.find((s: { id: string }) => s.id === 'ann').answered).toBe(true);
        // Counts, not who: the projector's roster says nothing about who answered.
        expect(of(submitted, 'projector', 'session:state')[0]!.staff).toMatchObject({ answeredCount: 1, summary: null });
      });

      it("at reveal: one step for everyone, and each student's own grade only to them", () => {
        const revealed = c.run({ type: 'reveal', by: 'instructor' });
        expect(shapes(revealed)).toEqual({
          instructor: [REVEALED, INSTRUCTOR_STATE],
          projector: [REVEALED, PROJECTOR_STATE],
          ann: [REVEALED, GRADED],
          bob: [REVEALED, GRADED],
        });
        const ann = of(revealed, 'ann', 'answer:graded')[0]!;
        const bob = of(revealed, 'bob', 'answer:graded')[0]!;
        expect(ann.fields.every((f: { answer: number | null }) => f.answer !== null)).toBe(true);
        expect(bob.fields.every((f: { answer: number | null }) => f.answer === null)).toBe(true);
        expect(bob.points).toBe(0);
        expect(ann.points).toBeGreaterThan(0);
        expect([ann.rank, bob.rank]).toEqual([1, 2]);
        const board = of(revealed, 'bob', 'round:revealed')[0]!.session.leaderboard;
        const projectorBoard = of(revealed, 'projector', 'session:state')[0]!.staff.leaderboard;
        const instructorBoard = of(revealed, 'instructor', 'session:state')[0]!.staff.leaderboard;
        if (mode === 'hidden') {
          expect(board).toBeNull();
          expect(projectorBoard).toEqual([]);
        } else {
          const names = mode === 'shown' ? ['Ann', 'Bob'] : [null, null];
          expect(board.map((e: { name: string | null }) => e.name)).toEqual(names);
          expect(projectorBoard.map((e: { name: string | null }) => e.name)).toEqual(names);
        }
        expect(instructorBoard.map((e: { name: string }) => e.name)).toEqual(['Ann', 'Bob']);
        expect(of(revealed, 'ann', 'round:revealed')[0]!.session.leaderboard).toEqual(board);
      });

      it('at advance: the students get the new shared state, the staff their views', () => {
        const advanced = c.run({ type: 'advance', open: false });
        expect(shapes(advanced)).toEqual({ instructor: [INSTRUCTOR_STATE], projector: [PROJECTOR_STATE], ann: [STUDENT_STATE], bob: [STUDENT_STATE] });
        expect(of(advanced, 'ann', 'session:state')[0]!.session).toMatchObject({ iteration: 1, phase: 'lobby' });
      });

      it('at train: the start as state, each step as progress to everyone, the stop as progress and state', () => {
        const started = c.run({ type: 'run', steps: 2 });
        expect(shapes(started)).toEqual({ instructor: [INSTRUCTOR_STATE], projector: [PROJECTOR_STATE], ann: [STUDENT_STATE], bob: [STUDENT_STATE] });
        const step = c.run({ type: 'tick' });
        // A step mid-run: no snapshot for anyone, the staff's views wait for the run to stop.
        expect(shapes(step)).toEqual({ instructor: [PROGRESS], projector: [PROGRESS], ann: [PROGRESS], bob: [PROGRESS] });
        expect(of(step, 'ann', 'train:progress')[0]).toMatchObject({ iteration: 2, running: true, taken: 1, requested: 2 });
        const last = c.run({ type: 'tick' });
        expect(shapes(last)).toEqual({ instructor: [PROGRESS, INSTRUCTOR_STATE], projector: [PROGRESS, PROJECTOR_STATE], ann: [PROGRESS, STUDENT_STATE], bob: [PROGRESS, STUDENT_STATE] });
        expect(of(last, 'bob', 'train:progress')[0]).toMatchObject({ iteration: 3, running: false, taken: 2, requested: 2 });
      });

      it('at end: the students get the finished state, the staff their views', () => {
        const ended = c.run({ type: 'end' });
        // The projector's view of a finished session adds the class's summary for its closing screen.
        const finished = PROJECTOR_STATE.replace('connectedCount,', 'connectedCount,final,');
        expect(shapes(ended)).toEqual({ instructor: [INSTRUCTOR_STATE], projector: [finished], ann: [STUDENT_STATE], bob: [STUDENT_STATE] });
        expect(of(ended, 'bob', 'session:state')[0]!.session).toMatchObject({ phase: 'finished', finishReason: 'ended' });
      });
    });
  }

  it("sends a student's new answer to their other tabs, and a removal notice only to the removed student", () => {
    const c = new Classroom('shown');
    c.run({ type: 'join', studentId: 'ann', name: 'Ann', tokenHash: 'h-ann', maxStudents: 100 }, { type: 'open' });
    const twoTabs: LocalAudience = { ...audience, tabs: new Map([...audience.tabs, ['ann', { size: 2 }]]) };
    const before = c.d.state;
    const d = decide(before, { type: 'submit', studentId: 'ann', answers: { next: { w3: 1 } } }, { now: c.d.now + 1 });
    if (!d.ok) throw new Error(d.error.message);
    const after = evolve(before, d.events);
    const plan = planMessages(before, after, d.events, { committedHere: true, now: c.d.now, audience: twoTabs, views: c.views });
    expect(plan.messages.map((m) => [m.to, shape(m)])).toEqual([[{ student: 'ann' }, OWN_STATE]]);
    c.d.state = after;
    const removal = decide(after, { type: 'remove', studentId: 'bob' }, { now: c.d.now + 2 });
    if (!removal.ok) throw new Error(removal.error.message);
    const removed = planMessages(after, evolve(after, removal.events), removal.events, { committedHere: true, now: c.d.now, audience, views: c.views });
    expect(removed.messages.filter((m) => 'student' in m.to).map((m) => [m.to, m.event])).toEqual([[{ student: 'bob' }, 'session:removed']]);
    expect(removed.disconnect).toEqual([{ studentId: 'bob' }]);
  });

  it("signs a student's other devices out when her seat changes, and tells only her", () => {
    const c = new Classroom('shown');
    c.run({ type: 'join', studentId: 'ann', name: 'Ann', tokenHash: 'h-ann', maxStudents: 100 }, { type: 'open' });
    for (const [reason, keepTab] of [['signed-out-others', 'ann-tab'], ['seat-restored', undefined], ['new-seat', undefined]] as const) {
      const before = c.d.state;
      const d = decide(before, { type: 'change-seat', studentId: 'ann', tokenHash: `h-${reason}`, secret: 's', reason, ...(keepTab && { keepTab }) }, { now: c.d.now + 1 });
      if (!d.ok) throw new Error(d.error.message);
      const after = evolve(before, d.events);
      expect(after.students.get('ann')!.tokenHash).toBe(`h-${reason}`);
      const plan = planMessages(before, after, d.events, { committedHere: true, now: c.d.now, audience, views: c.views });
      // Nobody else hears of it: the event is private, the public state unchanged.
      expect(plan.messages.map((m) => [m.to, m.event, (m.payload as { reason?: string }).reason])).toEqual([[{ student: 'ann', ...(keepTab && { exceptTab: keepTab }) }, 'session:signed-out', reason]]);
      expect(plan.disconnect).toEqual([{ studentId: 'ann', ...(keepTab && { exceptTab: keepTab }) }]);
      expect(plan.staff).toBe('throttled');
      c.d.state = after;
    }
    // A removed student's seat does not move.
    const removal = decide(c.d.state, { type: 'remove', studentId: 'ann' }, { now: c.d.now + 5 });
    if (!removal.ok) throw new Error(removal.error.message);
    const refused = decide(evolve(c.d.state, removal.events), { type: 'change-seat', studentId: 'ann', tokenHash: 'h', secret: 's', reason: 'new-seat' }, { now: c.d.now + 6 });
    expect(refused).toMatchObject({ ok: false, error: { code: 'removed' } });
  });

  it('lets another node send the room messages of its own changes, and still hands out the local grades', () => {
    const c = new Classroom('shown');
    c.run({ type: 'open' });
    const before = c.d.state;
    const d = decide(before, { type: 'reveal', by: 'instructor' }, { now: c.d.now + 1 });
    if (!d.ok) throw new Error(d.error.message);
    const plan = planMessages(before, evolve(before, d.events), d.events, { committedHere: false, now: c.d.now, audience, views: c.views });
    expect(plan.messages.map((m) => [m.to, m.event])).toEqual([[{ student: 'bob' }, 'answer:graded']]);
    expect(plan).toMatchObject({ holdStudentWrites: true, staff: 'soon' });
  });
});
