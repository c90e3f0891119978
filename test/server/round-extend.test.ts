// Issue 17, case 6: time added to a running timer, over real sockets: the round outlives its first
// deadline and the server's timer closes it at the new one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/app.js';
import { createSession, join, startTestServer } from '../support/server.js';

let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

describe('round:extend', () => {
  it('moves the deadline every screen counts down to, and the timer closes the round at the new one', { timeout: 30_000 }, async () => {
    const created = await createSession(server.url, { timerSeconds: 5 });
    const instructor = await join(server.url, { code: created.code, role: 'instructor', token: created.instructorToken });
    const student = await join(server.url, { code: created.code, role: 'student', name: 'Ana' });
    expect((await instructor.send('round:open', {})).ok).toBe(true);
    const first = (await student.untilState((s) => s.session.phase === 'open', 'open')).session.round!.deadline!;
    expect((await instructor.send('round:extend', { seconds: 5 })).ok).toBe(true);
    const moved = await student.untilState((s) => s.session.round?.deadline === first + 5_000, 'the new deadline');
    expect(moved.session.phase).toBe('open');
    // Past the first deadline the round is still open and takes answers.
    await new Promise((r) => setTimeout(r, first - Date.now() + 700));
    expect(instructor.state.session.phase).toBe('open');
    expect((await student.send('answer:submit', { next: { w3: 0.33 } })).ok).toBe(true);
    // The timer closes it at the new deadline.
    const revealed = await instructor.untilState((s) => s.session.phase === 'revealed', 'revealed by the timer', 15_000);
    expect(revealed.session.round!.closedBy).toBe('timer');
    expect(revealed.session.round!.closedAt!).toBeGreaterThanOrEqual(first + 5_000 - 250);
    // Only inside an open round; bad payloads change nothing.
    expect(await instructor.send('round:extend', { seconds: 5 })).toMatchObject({ ok: false, error: { code: 'wrong-phase' } });
    expect(await instructor.send('round:extend', { seconds: 1 } as never)).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    for (const p of [instructor, student]) p.close();
  });
});
