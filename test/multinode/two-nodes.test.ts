// Two server processes sharing the real Redis: a class split across them, simultaneous reveals,
// a node killed mid-round, timers and training runs that happen once.
import { describe, expect, it } from 'vitest';
import { resolvePreset, stepFrom, toStepRecord, type ParamValues } from '../../shared/engine/index.js';
import { askedFields, buildSheet, DEFAULT_PRECISION, gradeAnswers, scoreFields } from '../../shared/grader/index.js';
import type { SessionEvent } from '../../shared/session/events.js';
import { spawnServer, type ServerProcess } from '../support/process.js';
import { REDIS_URL, useRedis } from '../support/redis.js';
import { createSession, failoverStudent, join, resilientStudent, wait, type Participant } from '../support/server.js';

const started: ServerProcess[] = [];
// Not a skip: the multi-node guarantees are only tested against a real Redis.
const { client: redis, prefix } = useRedis('nodes', async () => {
  for (const s of started) s.kill('SIGKILL');
});

async function node(tag: string): Promise<ServerProcess> {
  const s = await spawnServer({ REDIS_URL, REDIS_PREFIX: `${prefix}-${tag}`, DB_PATH: ':memory:', LOG_LEVEL: 'info' });
  started.push(s);
  return s;
}

async function log(tag: string, code: string): Promise<SessionEvent[]> {
  return (await redis.zRange(`${prefix}-${tag}:events:${code}`, 0, -1)).map((m) => JSON.parse(m.slice(m.indexOf(' ') + 1)) as SessionEvent);
}

const lesson = resolvePreset('three-parameters');
const questions = { derivatives: ['w3'], steps: [], next: ['w3', 'w4', 'b3'] };

describe('two nodes behind one Redis', () => {
  it('share a class of 40: same counts, one reveal, every grade, and a node dying costs nothing', async () => {
    const [a, b] = [await node('class'), await node('class')];
    const created = await createSession(a.url, { questions: { derivatives: ['w3'], next: true } });
    const instructorA = await join(a.url, { code: created.code, role: 'instructor', token: created.instructorToken });
    const instructorB = await join(b.url, { code: created.code, role: 'instructor', token: created.instructorToken });
    const students = Array.from({ length: 40 }, (_, i) => failoverStudent(i % 2 ? [b.url, a.url] : [a.url, b.url], created.code, `N${i}`));
    await Promise.all(students.map((s) => s.until(() => s.token(), 'joined')));
    for (const inst of [instructorA, instructorB]) await inst.until(() => inst.staff.activeCount === 40 && inst.staff.connectedCount === 40, 'all 40 present on both nodes', 15_000);

    let params: ParamValues = { ...lesson.params };
    let previousStep: ReturnType<typeof toStepRecord> | null = null;
    const totals = new Array<number>(40).fill(0);
    const answerFor = (i: number, exact: ReturnType<typeof toStepRecord>) =>
      i % 4 === 0 ? { derivatives: { w3: -exact.derivatives.w3! }, next: exact.next } : { derivatives: { w3: exact.derivatives.w3! }, next: { w3: exact.next.w3! + (i % 3) * 0.01 } };

    async function playRound(round: number, openedBy: Participant): Promise<ReturnType<typeof toStepRecord>> {
      const exact = toStepRecord(stepFrom(lesson.setup, params));
      expect((await openedBy.send(round === 1 ? 'round:open' : 'round:advance', {})).ok).toBe(true);
      await Promise.all(students.map((s) => s.untilState((st) => st.session.phase === 'open' && st.session.round?.number === round, `round ${round} open`)));
      const acks = await Promise.all(students.map((s, i) => s.send('answer:submit', { ...answerFor(i, exact), round })));
      expect(acks.every((x) => x.ok)).toBe(true);
      // Both nodes count the same 40 answers.
      for (const inst of [instructorA, instructorB]) await inst.until(() => inst.staff.answeredCount === 40, `40 answers seen on both nodes (round ${round})`, 10_000);
      return exact;
    }

    async function checkGrades(round: number, exact: ReturnType<typeof toStepRecord>): Promise<void> {
      await Promise.all(students.map((s) => s.until(() => s.graded.find((g) => g.round === round) && s.revealed.find((r) => r.round === round), `round ${round} reveal and grade`)));
      students.forEach((s, i) => {
        expect(s.revealed.filter((r) => r.round === round)).toHaveLength(1);
        expect(s.revealed.find((r) => r.round === round)!.session.reveal!.step).toEqual({ ...exact, upTo: 'next' });
        const sheet = buildSheet(exact, previousStep, { asked: askedFields(questions, 3), precision: DEFAULT_PRECISION, tolerance: null });
        const fields = scoreFields(gradeAnswers(sheet, answerFor(i, exact)), { speedBonus: false });
        const graded = s.graded.find((g) => g.round === round)!;
        expect(graded.fields).toEqual(fields);
        totals[i]! += graded.points;
        expect(graded.total).toBe(totals[i]);
      });
      params = { ...params, ...exact.next };
      previousStep = exact;
    }

    // Round 1: opened and revealed on node A.
    let exact = await playRound(1, instructorA);
    expect((await instructorA.send('round:reveal', {})).ok).toBe(true);
    await checkGrades(1, exact);

    // Round 2: advanced from node B, then both instructors reveal at the same moment.
    exact = await playRound(2, instructorB);
    const both = await Promise.all([instructorA.send('round:reveal', {}), instructorB.send('round:reveal', {})]);
    expect(both.filter((x) => x.ok)).toHaveLength(1);
    expect(both.find((x) => !x.ok)).toMatchObject({ ok: false, error: { code: 'wrong-phase' } });
    await checkGrades(2, exact);
    const revealsOfRound2 = (await log('class', created.code)).filter((e) => e.type === 'round-revealed' && e.round === 2);
    expect(revealsOfRound2).toHaveLength(1);

    // Round 3: answers acknowledged, then node B is killed; its students move to A and keep everything.
    exact = await playRound(3, instructorA);
    const before = students.map((s) => ({ id: s.you.id, score: s.you.score, answer: s.you.answer ?? null }));
    const connectsBefore = students.map((s) => s.connects.length);
    const statesBefore = students.map((s) => s.states.length);
    b.kill('SIGKILL');
    expect(await b.exited).toBe('SIGKILL');
    const moved = students.filter((_, i) => i % 2 === 1);
    await Promise.all(moved.map((s) => s.until(() => s.connects.length > connectsBefore[students.indexOf(s)]! && s.socket.connected, 'reconnected to node A', 15_000)));
    for (const s of moved) {
      const i = students.indexOf(s);
      // The first snapshot from node A, with this student's own part.
      await s.until(() => s.states.slice(statesBefore[i]!).some((st) => st.role === 'student' && st.you), 'a fresh snapshot from node A');
      expect(s.you.id).toBe(before[i]!.id);
      expect(s.you.score).toBe(totals[i]);
      expect(s.you.answer).toMatchObject({ round: 3, answers: answerFor(i, exact) });
    }
    await instructorA.until(() => instructorA.staff.connectedCount === 40 && instructorA.staff.answeredCount === 40, 'all 40 on node A, answers intact', 20_000);
    expect((await instructorA.send('round:reveal', {})).ok).toBe(true);
    await checkGrades(3, exact);
    for (const p of [instructorA, instructorB, ...students]) p.close();
    a.kill('SIGTERM');
    await a.exited;
  }, 120_000);

  it('fire a round timer once and animate a training run from one node at a time', async () => {
    const [a, b] = [await node('timer'), await node('timer')];
    const created = await createSession(a.url, { timerSeconds: 5, stepsPerSecond: 10 });
    const onA = await join(a.url, { code: created.code, role: 'instructor', token: created.instructorToken });
    const studentB = await join(b.url, { code: created.code, role: 'student', name: 'TB' });
    const studentA = await join(a.url, { code: created.code, role: 'student', name: 'TA' });
    expect((await onA.send('round:open', {})).ok).toBe(true);
    // Both nodes hold the session and arm the timer; only one reveal may result.
    await studentB.until(() => studentB.revealed[0], 'reveal by timer on node B', 10_000);
    await studentA.until(() => studentA.revealed[0], 'reveal by timer on node A', 10_000);
    await wait(500);
    const reveals = (await log('timer', created.code)).filter((e) => e.type === 'round-revealed');
    expect(reveals).toHaveLength(1);
    expect(reveals[0]).toMatchObject({ closedBy: 'timer' });
    expect(studentA.revealed).toHaveLength(1);
    expect(studentB.revealed).toHaveLength(1);

    // A run of 10 steps: both nodes hold the session, one animates it; no step taken twice.
    expect((await onA.send('train:run', { steps: 10 })).ok).toBe(true);
    const done = await studentB.until(() => studentB.progress.find((p) => !p.running), 'run finished', 15_000);
    expect(done.taken).toBe(10);
    const iterations = studentB.progress.map((p) => p.iteration);
    expect(iterations).toEqual(Array.from({ length: iterations.length }, (_, k) => iterations[0]! + k));
    const advanced = (await log('timer', created.code)).filter((e) => e.type === 'advanced').map((e) => (e as { iteration: number }).iteration);
    expect(advanced).toEqual(Array.from({ length: 11 }, (_, k) => k + 1));
    for (const p of [onA, studentA, studentB]) p.close();
    for (const s of [a, b]) s.kill('SIGTERM');
    await Promise.all([a.exited, b.exited]);
  }, 60_000);

  it('admit a socket coming back with connection state recovery, and replay what it missed', async () => {
    const a = await node('recovery');
    const created = await createSession(a.url);
    const instructor = await join(a.url, { code: created.code, role: 'instructor', token: created.instructorToken });
    const student = resilientStudent(a.url, created.code, 'Wifi');
    await student.until(() => student.token(), 'joined');
    // Refusals by the server (not the connection failures while a node is down).
    const errors: string[] = [];
    student.socket.on('connect_error', (e: Error & { data?: { code: string } }) => {
      if (e.data) errors.push(`${e.data.code}: ${e.message}`);
    });
    // The phone's Wi-Fi drops; meanwhile the round opens.
    student.socket.io.engine.close();
    await instructor.send('round:open', {});
    await student.until(() => student.connects.length >= 2 && student.socket.connected, 'back', 10_000);
    expect(errors).toEqual([]);
    expect(student.socket.recovered).toBe(true);
    await student.untilState((st) => st.session.phase === 'open', 'the missed opening of the round');
    expect((await student.send('answer:submit', { next: { w3: 0.33 } })).ok).toBe(true);

    // The node dies and comes back: nothing to recover, so the same client (still sending its
    // recovery pid and offset) must be admitted by its resume token instead.
    a.kill('SIGKILL');
    await a.exited;
    const again = await spawnServer({ REDIS_URL, REDIS_PREFIX: `${prefix}-recovery`, DB_PATH: ':memory:' }, a.port);
    started.push(again);
    const connects = student.connects.length;
    await student.until(() => student.connects.length > connects && student.socket.connected, 'back after the restart', 15_000);
    expect(errors).toEqual([]);
    expect(student.socket.recovered).toBe(false);
    expect(student.you.answer).toBeDefined();
    await student.until(() => student.states.at(-1)?.role === 'student' && student.you.answer?.answers.next?.w3 === 0.33, 'answer kept');
    for (const p of [instructor, student]) p.close();
    again.kill('SIGTERM');
    await again.exited;
  }, 40_000);
});
