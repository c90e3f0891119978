// A resume token copied to another device: the owner is told when it opens their seat, and a new
// link signs that device out for good.
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

describe('a seat opened from another device', () => {
  it('is reported to its owner, who can sign it out with a new link', async () => {
    const created = await createSession(server.url);
    const { code } = created;
    const owner = await join(server.url, { code, role: 'student', name: 'Owner', tab: 'tab-owner-1', device: 'device-owner' });
    const token = owner.you.resumeToken!;
    const warnings: string[] = [];
    owner.socket.on('session:new-device', (n) => warnings.push(n.message));
    // The owner's own second tab on the same device is nothing to report.
    const secondTab = await join(server.url, { code, role: 'student', resumeToken: token, tab: 'tab-owner-2', device: 'device-owner' });
    await new Promise((r) => setTimeout(r, 100));
    expect(warnings).toEqual([]);

    // A classmate who copied the link opens the seat on their own phone.
    const thief = await join(server.url, { code, role: 'student', resumeToken: token, tab: 'tab-thief-1', device: 'device-thief' });
    await owner.until(() => warnings.length > 0, 'the warning');
    expect(warnings).toEqual(['Your seat was just opened on another device. If that was not you, make a new link: the other device is signed out.']);

    const signedOut: string[] = [];
    thief.socket.on('session:replaced', (n) => signedOut.push(n.message));
    const gone = new Promise((resolve) => thief.socket.once('disconnect', resolve));
    const ack = (await owner.send('student:new-link', {})) as unknown as { ok: boolean; resumeToken: string };
    expect(ack.ok).toBe(true);
    expect(ack.resumeToken).toMatch(new RegExp(`^${owner.you.id}\\.`));
    await gone;
    expect(signedOut).toEqual(['A new link for your seat was made on another device: this one is signed out.']);
    // The old link is dead; the new one is the seat, with its answer and score.
    await expect(join(server.url, { code, role: 'student', resumeToken: token })).rejects.toMatchObject({ code: 'forbidden' });
    const again = await join(server.url, { code, role: 'student', resumeToken: ack.resumeToken });
    expect(again.you).toMatchObject({ id: owner.you.id, name: 'Owner' });
    for (const p of [owner, secondTab, again]) p.close();
  });
});
