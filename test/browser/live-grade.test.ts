// The student page reads one list of graded rounds: `you.results`. A grade that arrives live
// (answer:graded) is folded into it by the client (withGrade in client/session/state.ts); this
// checks, against a real server, that the fold gives what a reload's snapshot gives: the same
// results round by round, the same total and the same rank.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/app.js';
import { resolvePreset, stepFrom, toStepRecord } from '../../shared/engine/index.js';
import type { StudentSelf } from '../../shared/session/views.js';
import { withGrade } from '../../client/session/state.js';
import { createSession, join, startTestServer, type Participant } from '../support/server.js';

let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

describe('a grade received live', () => {
  it('folds into you.results as a reload would show it', async () => {
    const created = await createSession(server.url, { questions: { derivatives: ['w3'] } });
    const instructor = await join(server.url, { code: created.code, role: 'instructor', token: created.instructorToken });
    const ana = await join(server.url, { code: created.code, role: 'student', name: 'Ana' });
    const ben = await join(server.url, { code: created.code, role: 'student', name: 'Ben' });
    const token = ana.you.resumeToken!;
    let live: StudentSelf = ana.you;
    const lesson = resolvePreset('three-parameters');
    let params = lesson.params;
    const rounds: Participant[] = [];

    for (const round of [1, 2, 3]) {
      expect((await instructor.send('round:open', {})).ok).toBe(true);
      const exact = toStepRecord(stepFrom(lesson.setup, params)).derivatives['w3']!;
      // Ana: right, wrong, then no answer; Ben always right (so the ranks move).
      if (round < 3) {
        const ack = await ana.send('answer:submit', { derivatives: { w3: round === 1 ? exact : -exact } });
        expect(ack.ok).toBe(true);
        // As SessionController.submitAnswer records the acknowledged answer.
        const stored = ack as unknown as { round: number; stored: StudentSelf['answer'] extends infer A ? (A extends { answers: infer S } ? S : never) : never; at: number; revision: number; done: boolean };
        live = { ...live, answer: { round: stored.round, answers: stored.stored, at: stored.at, revision: stored.revision, done: stored.done } };
      }
      expect((await ben.send('answer:submit', { derivatives: { w3: exact } })).ok).toBe(true);
      expect((await instructor.send('round:reveal', {})).ok).toBe(true);
      const graded = await ana.until(() => ana.graded.find((g) => g.round === round), `grade of round ${round}`);
      const revealed = await ana.until(() => ana.revealed.find((r) => r.round === round), `reveal of round ${round}`);
      live = withGrade(live, graded, revealed.session);
      // The same grade twice (a second tab, a repeated message) replaces, never duplicates.
      live = withGrade(live, graded, revealed.session);

      const reloaded = await join(server.url, { code: created.code, role: 'student', resumeToken: token });
      rounds.push(reloaded);
      const you = reloaded.you;
      expect(live.results).toEqual(you.results);
      expect({ score: live.score, rank: live.rank }).toEqual({ score: you.score, rank: you.rank });
      expect(live.results.map((r) => r.round)).toEqual(Array.from({ length: round }, (_, i) => i + 1));

      const step = toStepRecord(stepFrom(lesson.setup, params));
      params = { ...params, ...step.next };
      expect((await instructor.send('round:advance', { open: false })).ok).toBe(true);
    }
    // Right, wrong, unanswered: the points and the answer times differ round by round.
    expect(live.results.map((r) => r.points > 0)).toEqual([true, false, false]);
    expect(live.results.map((r) => r.answeredAfterMs === null)).toEqual([false, false, true]);
    expect(live.rank).toBe(2);

    for (const p of [...rounds, ana, ben, instructor]) p.close();
  });
});
