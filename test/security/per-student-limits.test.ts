// Limits that follow the student, not the socket: an answer budget that reconnecting does not
// refill, and a tab whose network path dropped that gets back in instead of being blamed for tabs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/app.js';
import { createSession, join, startTestServer, type Participant } from '../support/server.js';

let server: RunningServer;
beforeAll(async () => {
  // The defaults: 10 answers a second per student, 20 at once; 5 tabs per student.
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

describe('the answer budget', () => {
  it('follows the student across reconnects: fresh sockets do not refill it, and classmates are not slowed', { timeout: 30_000 }, async () => {
    const created = await createSession(server.url, { questions: { next: ['w3'] } });
    const instructor = await join(server.url, { code: created.code, role: 'instructor', token: created.instructorToken });
    const flooder = await join(server.url, { code: created.code, role: 'student', name: 'Flood' });
    const token = flooder.you.resumeToken!;
    const honest = await join(server.url, { code: created.code, role: 'student', name: 'Honest' });
    expect((await instructor.send('round:open', {})).ok).toBe(true);

    // Every 15 answers a new socket with the same resume token (each would get a full per-socket bucket).
    let stored = 0;
    let refused = 0;
    const started = Date.now();
    let socket: Participant = flooder;
    let value = 0;
    while (Date.now() - started < 3000) {
      const acks = await Promise.all(Array.from({ length: 15 }, () => socket.send('answer:submit', { next: { w3: (value += 1) } })));
      stored += acks.filter((a) => a.ok).length;
      refused += acks.filter((a) => !a.ok && a.error.code === 'rate-limited').length;
      socket.close();
      socket = await join(server.url, { code: created.code, role: 'student', resumeToken: token });
    }
    const seconds = (Date.now() - started) / 1000;
    // 20 at once, then 10 a second, whatever the sockets (and a little slack for timing).
    expect(stored).toBeLessThanOrEqual(20 + Math.ceil(10 * seconds) + 2);
    expect(stored).toBeGreaterThanOrEqual(20);
    expect(refused).toBeGreaterThan(0);
    const burst = await Promise.all(Array.from({ length: 15 }, () => socket.send('answer:submit', { next: { w3: 1 } })));
    expect(burst.find((a) => !a.ok)).toMatchObject({ ok: false, error: { code: 'rate-limited', message: expect.stringMatching(/at most 10 per second/) } });
    // A classmate's answer goes through at once.
    expect((await honest.send('answer:submit', { next: { w3: 0.5 } })).ok).toBe(true);
    for (const p of [instructor, socket, honest]) p.close();
  });
});

describe('a student tab whose connection dropped without the server noticing', () => {
  it('gets back in on its sixth reconnect, its dead sockets replaced, while a sixth real tab is still refused', async () => {
    const created = await createSession(server.url);
    const first = await join(server.url, { code: created.code, role: 'student', name: 'Roaming', tab: 'tab-aaaaaaaa' });
    const token = first.you.resumeToken!;
    // Five sockets from the same tab, none closed: to the server they look alive (Wi-Fi roaming).
    const dead = [first];
    for (let i = 0; i < 4; i++) dead.push(await join(server.url, { code: created.code, role: 'student', resumeToken: token, tab: 'tab-aaaaaaaa' }));
    const replaced: string[] = [];
    for (const p of dead) p.socket.on('session:replaced', (n) => replaced.push(n.message));
    const closed = Promise.all(dead.map((p) => new Promise((resolve) => (p.socket.connected ? p.socket.once('disconnect', resolve) : resolve(null)))));
    const t0 = performance.now();
    const back = await join(server.url, { code: created.code, role: 'student', resumeToken: token, tab: 'tab-aaaaaaaa' });
    const ms = performance.now() - t0;
    expect(back.you.name).toBe('Roaming');
    expect(ms).toBeLessThan(2000);
    // The oldest of the same tab's sockets gave its slot; reconnecting again replaces the next one.
    await Promise.race([closed, new Promise((r) => setTimeout(r, 200))]);
    expect(dead.filter((p) => !p.socket.connected).length).toBeGreaterThanOrEqual(1);
    // Were it alive after all (a duplicated tab), it is told why, and its client stops retrying.
    expect(replaced).toEqual(['This session continued in another tab of this browser. Use that tab, or reload this one to continue here.']);
    const again = await join(server.url, { code: created.code, role: 'student', resumeToken: token, tab: 'tab-aaaaaaaa' });
    expect(again.you.name).toBe('Roaming');

    // Five distinct tabs are the cap: a sixth distinct tab is refused, and told the real count.
    const other = await join(server.url, { code: created.code, role: 'student', name: 'Many tabs', tab: 'tab-00000000' });
    const otherToken = other.you.resumeToken!;
    const tabs = [other];
    for (let i = 1; i < 5; i++) tabs.push(await join(server.url, { code: created.code, role: 'student', resumeToken: otherToken, tab: `tab-0000000${i}` }));
    await expect(join(server.url, { code: created.code, role: 'student', resumeToken: otherToken, tab: 'tab-00000009' })).rejects.toMatchObject({ code: 'rate-limited', message: expect.stringMatching(/5 tabs open/) });
    for (const p of [...dead, back, again, ...tabs]) p.close();
  });
});
