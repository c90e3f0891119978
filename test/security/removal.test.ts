// A removed student stays out (by token, and by name or a look-alike of it) until the instructor
// lets them back in from the dashboard; then their own seat and score come back.
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

describe('a removed student', () => {
  it('cannot rejoin at once under the same name, and comes back with their seat when let back in', async () => {
    const created = await createSession(server.url);
    const { code } = created;
    const instructor = await join(server.url, { code, role: 'instructor', token: created.instructorToken });
    const mallory = await join(server.url, { code, role: 'student', name: 'Mallory' });
    const token = mallory.you.resumeToken!;
    const id = mallory.you.id;
    expect((await instructor.send('student:remove', { studentId: id })).ok).toBe(true);
    await mallory.until(() => mallory.removed.length > 0, 'the removal notice');

    await expect(join(server.url, { code, role: 'student', resumeToken: token })).rejects.toMatchObject({ code: 'removed' });
    for (const name of ['Mallory', 'mallory', 'Ma\u200Dllory', 'M\u0430llory']) {
      await expect(join(server.url, { code, role: 'student', name }), name).rejects.toMatchObject({ code: 'removed', message: expect.stringMatching(/ask your instructor to let you back in/) });
    }
    const listed = await instructor.until(() => instructor.staff.removed.length === 1 && instructor.staff.removed, 'the removed list');
    expect(listed).toEqual([{ id, name: 'Mallory' }]);

    expect((await instructor.send('student:readmit', { studentId: id })).ok).toBe(true);
    const back = await join(server.url, { code, role: 'student', resumeToken: token });
    expect(back.you).toMatchObject({ id, name: 'Mallory' });
    await instructor.until(() => instructor.staff.removed.length === 0 && instructor.staff.activeCount === 1, 'back on the roster');
    for (const p of [instructor, back]) p.close();
  });
});
