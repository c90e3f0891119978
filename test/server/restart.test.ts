// Durability: the built server as a child process on a real SQLite file, killed and restarted.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AnswerSet } from '../../shared/grader/fields.js';
import { freePort, spawnServer } from '../support/process.js';
import { createSession, resilient, resilientStudent, wait, type Participant } from '../support/server.js';

const tempDb = () => joinPath(mkdtempSync(joinPath(tmpdir(), 'bpl-')), 'live.db');

async function allConnectedAgain(participants: Participant[], sinceStates: number[]): Promise<void> {
  await Promise.all(participants.map((p, i) => p.until(() => p.socket.connected && p.states.length > sinceStates[i]!, 'reconnected with a fresh state', 20_000)));
}

describe('a server killed with SIGKILL mid-round', () => {
  it('comes back with every acknowledged answer, the same scores, and the students resumed', async () => {
    const dbPath = tempDb();
    const port = await freePort();
    let server = await spawnServer({ DB_PATH: dbPath }, port);
    const created = await createSession(server.url, { questions: { derivatives: true, next: true } });
    const instructor = resilient(server.url, () => ({ code: created.code, role: 'instructor', token: created.instructorToken }));
    const students = Array.from({ length: 20 }, (_, i) => resilientStudent(server.url, created.code, `S${i}`));
    await Promise.all(students.map((s) => s.until(() => s.token(), 'joined')));
    await instructor.until(() => instructor.states.length > 0 && instructor.staff.connectedCount === 20, 'all 20 connected');

    // Round 1, played to the end, gives everyone a score.
    await instructor.send('round:open', {});
    await Promise.all(students.map((s, i) => s.send('answer:submit', { next: { w3: i % 2 ? 0.3342 : 0.5, w4: 0.6174, b3: -0.019 } })));
    await instructor.send('round:reveal', {});
    await Promise.all(students.map((s) => s.until(() => s.graded[0], 'graded')));
    const scores = students.map((s) => s.graded[0]!.total);
    const ids = students.map((s) => s.you.id);
    expect(new Set(scores).size).toBeGreaterThan(1);

    // Round 2: answers arrive; some are acknowledged, then the process is killed without warning.
    await instructor.send('round:advance', {});
    await Promise.all(students.map((s) => s.untilState((st) => st.session.round?.number === 2 && st.session.phase === 'open', 'round 2')));
    const acked = new Map<number, AnswerSet>();
    await Promise.all(
      students.slice(0, 12).map(async (s, i) => {
        const answers = { derivatives: { w3: 2 + i / 100 }, next: { w3: 0.3 + i / 1000 } };
        const ack = await s.send('answer:submit', answers);
        if (ack.ok) acked.set(i, answers);
      }),
    );
    // A last wave still in flight when the kill lands: whatever was acknowledged must survive.
    const inflight = students.slice(12).map(async (s, j) => {
      const i = 12 + j;
      const answers = { next: { w3: 0.4 + i / 1000 } };
      try {
        const ack = await s.socket.timeout(3000).emitWithAck('answer:submit', answers);
        if (ack.ok) acked.set(i, answers);
      } catch {
        // not acknowledged: may or may not be stored
      }
    });
    await wait(5);
    const statesBefore = [instructor, ...students].map((p) => p.states.length);
    server.kill('SIGKILL');
    expect(await server.exited).toBe('SIGKILL');
    await Promise.all(inflight);
    expect(acked.size).toBeGreaterThanOrEqual(12);

    server = await spawnServer({ DB_PATH: dbPath }, port);
    await allConnectedAgain([instructor, ...students], statesBefore);

    // Same identities, scores, and every acknowledged answer.
    students.forEach((s, i) => {
      expect(s.you.id).toBe(ids[i]);
      expect(s.you.score).toBe(scores[i]);
      expect(s.state.session).toMatchObject({ phase: 'open', round: { number: 2 } });
      const answer = acked.get(i);
      if (answer) expect(s.you.answer).toMatchObject({ round: 2, answers: answer });
    });
    await instructor.until(() => instructor.staff.connectedCount === 20, 'roster back');
    const answeredIds = new Set(instructor.staff.students.filter((r) => r.answered).map((r) => r.id));
    for (const i of acked.keys()) expect(answeredIds.has(ids[i]!)).toBe(true);

    // The open round can still be revealed, and grades the stored answers.
    expect((await instructor.send('round:reveal', {})).ok).toBe(true);
    await Promise.all(students.map((s) => s.until(() => s.graded.find((g) => g.round === 2), 'round 2 grade')));
    for (const [i, answer] of acked) {
      const g = students[i]!.graded.find((x) => x.round === 2)!;
      expect(g.fields.find((f) => f.quantity === 'next' && f.param === 'w3')!.answer).toBe(answer.next!.w3);
      expect(g.total).toBe(scores[i]! + g.points);
    }
    for (const p of [instructor, ...students]) p.close();
    server.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  }, 90_000);
});

describe('graceful shutdown during an answer burst', () => {
  it('exits cleanly within seconds and loses nothing acknowledged', async () => {
    const dbPath = tempDb();
    const port = await freePort();
    let server = await spawnServer({ DB_PATH: dbPath }, port);
    const created = await createSession(server.url);
    const instructor = resilient(server.url, () => ({ code: created.code, role: 'instructor', token: created.instructorToken }));
    const students = Array.from({ length: 60 }, (_, i) => resilientStudent(server.url, created.code, `B${i}`));
    await Promise.all(students.map((s) => s.until(() => s.token(), 'joined')));
    await instructor.until(() => instructor.states.length > 0, 'instructor state');
    await instructor.send('round:open', {});
    await Promise.all(students.map((s) => s.untilState((st) => st.session.phase === 'open', 'open')));
    const restarting: string[] = [];
    for (const s of students) s.socket.on('server:restarting', (p) => restarting.push(p.message));

    // Every student answers five times over ~400 ms; SIGTERM lands in the middle.
    const lastAcked = new Map<number, AnswerSet>();
    let refused = 0;
    let unanswered = 0;
    const burst = students.map(async (s, i) => {
      for (let k = 0; k < 5; k++) {
        const answers = { next: { w3: i + k / 10 } };
        try {
          const ack = await s.socket.timeout(1500).emitWithAck('answer:submit', answers);
          if (ack.ok) lastAcked.set(i, answers);
          else refused++;
        } catch {
          unanswered++;
        }
        await wait(80);
      }
    });
    await wait(150);
    const t0 = Date.now();
    server.kill('SIGTERM');
    const code = await server.exited;
    const shutdownMs = Date.now() - t0;
    await Promise.all(burst);
    expect(code).toBe(0);
    expect(shutdownMs).toBeLessThan(8000);
    expect(lastAcked.size).toBeGreaterThan(0);
    expect(restarting.length).toBeGreaterThan(0);

    const statesBefore = [instructor, ...students].map((p) => p.states.length);
    server = await spawnServer({ DB_PATH: dbPath }, port);
    await allConnectedAgain([instructor, ...students], statesBefore);
    for (const [i, answers] of lastAcked) {
      // The stored answer is the last acknowledged one, or a later one that was stored without its ack arriving.
      const stored = students[i]!.you.answer!;
      expect(stored.round).toBe(1);
      expect(stored.answers.next!.w3).toBeGreaterThanOrEqual(answers.next!.w3!);
    }
    console.log(`graceful shutdown: ${shutdownMs} ms; ${lastAcked.size} students with acknowledged answers, ${refused} refused while stopping, ${unanswered} unacknowledged`);
    for (const p of [instructor, ...students]) p.close();
    server.kill('SIGTERM');
    await server.exited;
  }, 90_000);
});
