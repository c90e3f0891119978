// A class over real sockets: the real server on an ephemeral port, real socket.io-client sockets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolvePreset, stepFrom, toStepRecord, type ParamValues, type StepRecord } from '../../shared/engine/index.js';
import { askedFields, buildSheet, DEFAULT_PRECISION, gradeAnswers, scoreFields, type AnswerSet, type Questions } from '../../shared/grader/index.js';
import type { RunningServer } from '../../server/app.js';
import { createSession, join, startTestServer, type Participant } from '../support/server.js';

let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

const ALL: Questions = { derivatives: ['w3', 'w4', 'b3'], steps: ['w3', 'w4', 'b3'], next: ['w3', 'w4', 'b3'] };

/** Five kinds of students: exact, sign flipped, factor 2 missing, noise, silent. */
function answerFor(kind: number, step: StepRecord, i: number): AnswerSet | null {
  const map = (f: (p: string) => number) => Object.fromEntries(step.trainable.map((p) => [p, f(p)]));
  switch (kind) {
    case 0:
      return { derivatives: map((p) => step.derivatives[p]!), steps: map((p) => step.steps[p]!), next: map((p) => step.next[p]!) };
    case 1:
      return { derivatives: map((p) => -step.derivatives[p]!), next: map((p) => step.params[p]! + step.steps[p]!) };
    case 2:
      return { derivatives: map((p) => step.derivatives[p]! / 2), steps: map((p) => (step.derivatives[p]! / 2) * step.learningRate) };
    case 3:
      return { next: map(() => 0.1 * i) };
    default:
      return null;
  }
}

describe('a class of 30 playing three rounds of the lesson', () => {
  it('grades every student exactly as the grader does and broadcasts the engine step', async () => {
    const created = await createSession(server.url, { questions: { derivatives: true, steps: true, next: true } });
    const instructor = await join(server.url, { code: created.code, role: 'instructor', token: created.instructorToken });
    const students: Participant[] = [];
    for (let i = 0; i < 30; i++) students.push(await join(server.url, { code: created.code, role: 'student', name: `Student ${i}` }));
    await instructor.until(() => instructor.staff.activeCount === 30 && instructor.staff.connectedCount === 30, '30 students on the roster');

    const lesson = resolvePreset('three-parameters');
    let params: ParamValues = { ...lesson.params };
    const totals = new Array<number>(30).fill(0);
    let previous: StepRecord | null = null;
    for (let round = 1; round <= 3; round++) {
      // The answer key, computed here with the engine directly.
      const expected = toStepRecord(stepFrom(lesson.setup, params));
      const ack = round === 1 ? await instructor.send('round:open', {}) : await instructor.send('round:advance', {});
      expect(ack.ok).toBe(true);
      await Promise.all(students.map((s) => s.untilState((st) => st.session.phase === 'open' && st.session.round?.number === round, `round ${round} open`)));
      const given: Array<AnswerSet | null> = [];
      await Promise.all(
        students.map(async (s, i) => {
          const answers = answerFor(i % 5, expected, i);
          given[i] = answers;
          if (!answers) return;
          const stored = await s.send('answer:submit', { ...answers, round });
          expect(stored).toMatchObject({ ok: true, round, stored: answers, revision: 1 });
        }),
      );
      await instructor.until(() => instructor.staff.answeredCount === 24, 'answered count');
      expect((await instructor.send('round:reveal', {})).ok).toBe(true);

      for (const [i, s] of students.entries()) {
        const revealed = await s.until(() => s.revealed.find((r) => r.round === round), 'reveal');
        // The round asked new values: the whole step, marked as shown up to them.
        expect(revealed.session.reveal!.step).toEqual({ ...expected, upTo: 'next' });
        const graded = await s.until(() => s.graded.find((g) => g.round === round), 'grade');
        // The round's sheet at the default precision; "last round's values" come from the round before.
        const sheet = buildSheet(expected, previous, { asked: askedFields(ALL, 3), precision: DEFAULT_PRECISION, tolerance: null });
        const fields = scoreFields(gradeAnswers(sheet, given[i] ?? {}), { speedBonus: false });
        expect(graded.fields).toEqual(fields);
        const points = fields.reduce((a, f) => a + f.points, 0);
        totals[i]! += points;
        expect(graded).toMatchObject({ iteration: round - 1, points, total: totals[i] });
      }
      // The kinds of mistakes show up as themselves.
      expect(students[1]!.graded.at(-1)!.fields.find((f) => f.quantity === 'derivatives')!.mistake).toBe('sign-flipped');
      expect(students[2]!.graded.at(-1)!.fields.find((f) => f.quantity === 'steps')!).toMatchObject({ credit: 'follow-on', followOn: 'follows-from-own-derivative' });
      const summary = await instructor.until(() => instructor.staff.summary?.round === round && instructor.staff.summary, 'class summary');
      expect(summary.answered).toBe(24);
      expect(summary.fields.find((f) => f.quantity === 'derivatives' && f.param === 'w3')).toMatchObject({ correct: 6, unanswered: 12 });
      // Counted per student (issue 17, case 5): six students flipped signs, six dropped the factor 2.
      expect(summary.mistakes['sign-flipped']).toBe(6);
      // Named where it was made (the derivatives), not again on the steps carried from them.
      expect(summary.mistakes['missing-factor-2']).toBe(6);
      expect(Object.keys(summary.mistakes).some((m) => m.startsWith('follows-from'))).toBe(false);
      params = { ...params, ...expected.next };
      previous = expected;
    }
    // The leaderboard ranks the exact students first.
    const board = instructor.staff.leaderboard;
    expect(board[0]).toMatchObject({ rank: 1, score: totals[0] });
    expect(board.filter((e) => e.rank === 1)).toHaveLength(6);
    for (const p of [instructor, ...students]) p.close();
  });
});

describe('identity across reconnects and tabs', () => {
  it('keeps a reconnecting student\'s answer and score, counts two tabs once, and brings a late joiner up to date', async () => {
    const created = await createSession(server.url);
    const instructor = await join(server.url, { code: created.code, role: 'instructor', token: created.instructorToken });
    const ana = await join(server.url, { code: created.code, role: 'student', name: 'Ana' });
    const token = ana.you.resumeToken!;
    expect(token).toMatch(/^[\w-]+\.[\w-]+$/);
    await instructor.send('round:open', {});
    const exact = toStepRecord(stepFrom(resolvePreset('three-parameters').setup, resolvePreset('three-parameters').params));
    expect((await ana.send('answer:submit', { next: exact.next })).ok).toBe(true);

    ana.close();
    const back = await join(server.url, { code: created.code, role: 'student', resumeToken: token });
    expect(back.you).toMatchObject({ id: ana.you.id, name: 'Ana', answer: { round: 1, answers: { next: exact.next } } });
    expect(back.you.resumeToken).toBeUndefined();

    // A second tab with the same identity: the last answer counts, once.
    const tab = await join(server.url, { code: created.code, role: 'student', resumeToken: token });
    expect(await tab.send('answer:submit', { next: { w3: 1, w4: 1, b3: 1 } })).toMatchObject({ ok: true, revision: 2 });
    expect(await back.send('answer:submit', { next: exact.next })).toMatchObject({ ok: true, revision: 3 });
    await tab.untilState((s) => s.role === 'student' && s.you?.answer?.revision === 3, 'the other tab sees the replaced answer');

    const late = await join(server.url, { code: created.code, role: 'student', name: 'Late' });
    expect(late.state.session).toMatchObject({ phase: 'open', round: { number: 1 } });

    await instructor.send('round:reveal', {});
    await instructor.until(() => instructor.staff.summary, 'summary');
    expect(instructor.staff.summary!.answered).toBe(1);
    const graded = await back.until(() => back.graded[0], 'grade');
    expect(graded).toMatchObject({ points: 300, total: 300, rank: 1 });
    await tab.until(() => tab.graded[0], 'grade in the other tab');

    back.close();
    tab.close();
    const again = await join(server.url, { code: created.code, role: 'student', resumeToken: token });
    expect(again.you).toMatchObject({ score: 300, rank: 1, results: [{ round: 1, points: 300 }] });
    // Someone joining after a reveal finds themselves on the (short) leaderboard, at 0 points.
    const newcomer = await join(server.url, { code: created.code, role: 'student', name: 'Newcomer' });
    expect(newcomer.state.session.leaderboard).toEqual([
      { rank: 1, name: 'Ana', score: 300 },
      { rank: 2, name: 'Late', score: 0 },
      { rank: 2, name: 'Newcomer', score: 0 },
    ]);
    for (const p of [instructor, again, late, newcomer]) p.close();
  });
});

describe('authorization', () => {
  const commands = [
    ['round:open', {}],
    ['round:reveal', {}],
    ['round:advance', {}],
    ['train:run', { steps: 2 }],
    ['train:pause', {}],
    ['session:reset', {}],
    ['session:configure', { learningRate: 0.5 }],
    ['session:lock', {}],
    ['session:unlock', {}],
    ['student:remove', { studentId: 'x' }],
    ['session:end', {}],
  ] as const;

  it('refuses every instructor command from a student or projector, and the session does not change', async () => {
    const created = await createSession(server.url);
    const instructor = await join(server.url, { code: created.code, role: 'instructor', token: created.instructorToken });
    const student = await join(server.url, { code: created.code, role: 'student', name: 'Eve' });
    const projector = await join(server.url, { code: created.code, role: 'projector', key: created.projectorKey });
    await instructor.send('round:open', {});
    const before = server.registry.peek(created.code)!.state;
    for (const [event, payload] of commands) {
      for (const who of [student, projector]) {
        const ack = await who.send(event, payload as never);
        expect(ack, `${event} by ${who === student ? 'student' : 'projector'}`).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      }
    }
    expect(server.registry.peek(created.code)!.state).toBe(before);
    // And a student cannot answer for the projector, nor the instructor answer as a student.
    expect(await instructor.send('answer:submit', { next: { w3: 1 } })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    for (const p of [instructor, student, projector]) p.close();
  });

  it('refuses a wrong token and another session\'s token at the handshake', async () => {
    const a = await createSession(server.url);
    const b = await createSession(server.url);
    const versionBefore = server.registry.peek(a.code)!.state.version;
    await expect(join(server.url, { code: a.code, role: 'instructor', token: 'not-the-token-at-all' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(join(server.url, { code: a.code, role: 'instructor', token: b.instructorToken })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(join(server.url, { code: 'ZZZZZZ', role: 'instructor', token: a.instructorToken })).rejects.toMatchObject({ code: 'unknown-session' });
    const bStudent = await join(server.url, { code: b.code, role: 'student', name: 'B' });
    await expect(join(server.url, { code: a.code, role: 'student', resumeToken: bStudent.you.resumeToken! })).rejects.toMatchObject({ code: 'forbidden' });
    expect(server.registry.peek(a.code)!.state.version).toBe(versionBefore);
    bStudent.close();
  });

  it('accepts the join code in any case and with a separator', async () => {
    const created = await createSession(server.url);
    const messy = `${created.code.slice(0, 3).toLowerCase()}-${created.code.slice(3)}`;
    const s = await join(server.url, { code: messy, role: 'student', name: 'Case' });
    expect(s.state.session.code).toBe(created.code);
    s.close();
  });
});

describe('timers and training runs', () => {
  it('closes the round when the timer runs out', async () => {
    const created = await createSession(server.url, { timerSeconds: 5 });
    const instructor = await join(server.url, { code: created.code, role: 'instructor', token: created.instructorToken });
    const student = await join(server.url, { code: created.code, role: 'student', name: 'T' });
    await instructor.send('round:open', {});
    const open = await student.untilState((s) => s.session.phase === 'open', 'open');
    expect(open.session.round!.deadline! - open.session.round!.openedAt).toBe(5000);
    const revealed = await student.until(() => student.revealed[0], 'reveal by timer', 9000);
    expect(revealed.closedBy).toBe('timer');
    expect(Date.now()).toBeGreaterThanOrEqual(open.session.round!.deadline! - 50);
    await student.until(() => student.graded[0], 'grade');
    for (const p of [instructor, student]) p.close();
  });

  it('closes the round when every connected student has answered, if asked', async () => {
    const created = await createSession(server.url, { autoClose: true });
    const instructor = await join(server.url, { code: created.code, role: 'instructor', token: created.instructorToken });
    const a = await join(server.url, { code: created.code, role: 'student', name: 'A' });
    const b = await join(server.url, { code: created.code, role: 'student', name: 'B' });
    await instructor.send('round:open', {});
    await a.send('answer:submit', { next: { w3: 0.3 } });
    expect(a.revealed).toHaveLength(0);
    await b.send('answer:submit', { next: { w3: 0.3 } });
    expect((await a.until(() => a.revealed[0], 'auto close')).closedBy).toBe('all-answered');
    for (const p of [instructor, a, b]) p.close();
  });

  it('runs training to the stop rule and every client sees the final parameters', async () => {
    const created = await createSession(server.url, { preset: 'bias-only', stepsPerSecond: 60 });
    const instructor = await join(server.url, { code: created.code, role: 'instructor', token: created.instructorToken });
    const projector = await join(server.url, { code: created.code, role: 'projector', key: created.projectorKey });
    const students = await Promise.all(['P', 'Q'].map((name) => join(server.url, { code: created.code, role: 'student', name })));
    expect((await instructor.send('train:run', {})).ok).toBe(true);
    // The final b3 is the SSR minimum, computed independently in test/engine/training.test.ts: 2.61.
    for (const p of [instructor, projector, ...students]) {
      // Training stops; the class does not (issue 17, case 2): every screen says why, in the lobby.
      const final = await p.untilState((s) => s.session.trainingStop !== null, 'training stopped');
      expect(final.session).toMatchObject({ phase: 'lobby', finishReason: null, trainingStop: { reason: 'step-size', iteration: final.session.iteration } });
      expect(final.session.params.b3).toBeCloseTo(2.61, 2);
      expect(p.progress.length).toBeGreaterThan(3);
      expect(p.progress.at(-1)).toMatchObject({ running: false, iteration: final.session.iteration });
      expect(p.progress.map((x) => x.iteration)).toEqual([...p.progress.map((x) => x.iteration)].sort((x, y) => x - y));
    }
    expect(instructor.staff.history.at(-1)!.params.b3).toBeCloseTo(2.61, 2);
    // Every control still works: a round opens for the students.
    expect((await instructor.send('round:open', {})).ok).toBe(true);
    await students[0]!.untilState((s) => s.session.phase === 'open', 'a round after training');
    for (const p of [instructor, projector, ...students]) p.close();
  });
});
