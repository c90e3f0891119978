// A lecture hall of 300 behind one address (simulated with X-Forwarded-For through the loopback
// proxy trust), while one of them floods their own session: 599 bot joins and 6,000 projector
// handshakes must not cost the hall its joins, answers, resumes or the instructor's reconnect.
import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../server/app.js';
import { testConfig } from '../../server/config.js';
import { join, type Auth, type Participant } from '../support/server.js';
import type { CreatedSession } from '../../shared/protocol/events.js';

const HALL = '10.20.30.40';
let server: RunningServer;
beforeAll(async () => {
  // The production defaults for the address limits.
  server = await startServer(testConfig({ addressLimits: { createsPerMinute: 30, handshakesPerMinute: 6000, joinsPerMinute: 600, failedLookupsPerMinute: 30 } }));
});
afterAll(async () => {
  await server.close();
});

async function create(from: string): Promise<CreatedSession> {
  const res = await fetch(`${server.url}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': from }, body: '{}' });
  expect(res.status).toBe(201);
  return (await res.json()) as CreatedSession;
}

/** A socket.io client behind the hall's address. */
function joinFrom(from: string, auth: Auth): Promise<Participant> {
  return join(server.url, auth, { from });
}

/** One socket.io handshake over a raw websocket from `from`; resolves to its outcome. */
function handshakeOnce(from: string, auth: object): Promise<string> {
  return handshakeOnceAt(server.url, from, auth);
}

function handshakeOnceAt(url: string, from: string, auth: object): Promise<string> {
  const ws = new WebSocket(`${url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`, { headers: { 'x-forwarded-for': from } });
  return new Promise<string>((resolve) => {
    ws.once('error', () => resolve('transport-error'));
    ws.on('message', (m) => {
      const text = String(m);
      if (text.startsWith('0{')) return void ws.send(`40${JSON.stringify(auth)}`);
      if (text.startsWith('44')) resolve((JSON.parse(text.slice(2)) as { data?: { code?: string } }).data?.code ?? 'error');
      else if (text.startsWith('40')) resolve('connected');
    });
  }).finally(() => ws.terminate());
}

/** Many handshakes, each on its own connection (as a script opening sockets would), 100 at a time. */
async function burst(from: string, auths: readonly object[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (let start = 0; start < auths.length; start += 100) {
    const outcomes = await Promise.all(auths.slice(start, start + 100).map((auth) => handshakeOnce(from, auth)));
    for (const o of outcomes) counts[o] = (counts[o] ?? 0) + 1;
  }
  return counts;
}

describe('a lecture hall behind one address', () => {
  it('joins, answers, resumes and keeps its instructor while one student floods their own session', { timeout: 240_000 }, async () => {
    const lecture = await create('10.99.0.1');
    const instructor = await joinFrom(HALL, { code: lecture.code, role: 'instructor', token: lecture.instructorToken });
    // One student of the hall makes a session of their own and floods it.
    const own = await create(HALL);
    const bots = await burst(HALL, Array.from({ length: 599 }, (_, i) => ({ code: own.code, role: 'student', name: `bot ${i}` })));
    expect(bots.connected).toBe(599);
    const screens = await burst(HALL, Array.from({ length: 6000 }, () => ({ code: own.code, role: 'projector', key: own.projectorKey })));
    expect((screens.connected ?? 0) + (screens['session-full'] ?? 0) + (screens['rate-limited'] ?? 0)).toBe(6000);

    // The hall: 300 students join the lecture and answer.
    const students: Participant[] = [];
    for (let i = 0; i < 300; i++) students.push(await joinFrom(HALL, { code: lecture.code, role: 'student', name: `Student ${i}` }));
    expect((await instructor.send('round:open', {})).ok).toBe(true);
    const acks = await Promise.all(students.map((s, i) => s.send('answer:submit', { next: { w3: 0.3 + i / 1000 } })));
    expect(acks.filter((a) => a.ok)).toHaveLength(300);
    // A phone that slept comes back with its token, and the instructor's laptop reconnects.
    const token = students[0]!.you.resumeToken!;
    students[0]!.close();
    const back = await joinFrom(HALL, { code: lecture.code, role: 'student', resumeToken: token });
    expect(back.you.answer?.answers).toEqual({ next: { w3: 0.3 } });
    instructor.close();
    const again = await joinFrom(HALL, { code: lecture.code, role: 'instructor', token: lecture.instructorToken });
    await again.until(() => again.staff.answeredCount === 300, 'every answer on the dashboard');
    for (const p of [again, back, ...students.slice(1)]) p.close();
  });

  it('finds the lecture for the hall after one of them guessed 30 unknown codes (and more)', { timeout: 240_000 }, async () => {
    const fresh = await startServer(testConfig({ addressLimits: { createsPerMinute: 30, handshakesPerMinute: 6000, joinsPerMinute: 600, failedLookupsPerMinute: 30 } }));
    try {
      const lecture = (await (await fetch(`${fresh.url}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': '10.99.0.1' }, body: '{}' })).json()) as CreatedSession;
      const lookup = (code: string, client?: string) =>
        fetch(`${fresh.url}/api/sessions/${code}`, { headers: { 'x-forwarded-for': HALL, ...(client && { 'x-client-id': client }) } }).then((r) => r.status);
      const alphabet = 'ABCDEFGHJKMNPQRSTWXYZ23456789';
      const guess = (i: number) => `ZZZZ${alphabet[i % 29]}${alphabet[Math.floor(i / 29) % 29]}`;
      // One student's tab guesses 30 codes by HTTP, then 30 more by handshake from the same tab.
      const guesses: number[] = [];
      for (let i = 0; i < 30; i++) guesses.push(await lookup(guess(i), 'guessing-tab'));
      expect(guesses.every((s) => s === 404)).toBe(true);
      expect(await lookup(guess(30), 'guessing-tab')).toBe(429);
      const byHandshake = await Promise.all(Array.from({ length: 30 }, (_, i) => handshakeOnceAt(fresh.url, HALL, { code: guess(40 + i), role: 'student', name: 'x', tab: 'guessing-tab' })));
      expect(new Set(byHandshake)).toEqual(new Set(['rate-limited']));
      // A script without a tab id has a budget of its own, which it spends too.
      for (let i = 0; i < 30; i++) expect(await lookup(guess(100 + i))).toBe(404);
      expect(await lookup(guess(130))).toBe(429);
      // Nobody behind the address has found the lecture yet: its first students, each on their own
      // tab, look it up and join; so do 300 of them.
      expect(await lookup(lecture.code, 'first-student-tab')).toBe(200);
      const students: Participant[] = [];
      for (let i = 0; i < 300; i++) students.push(await join(fresh.url, { code: lecture.code, role: 'student', name: `Student ${i}`, tab: `hall-tab-${i}` }, { from: HALL }));
      expect(students).toHaveLength(300);
      for (const s of students) s.close();
      // Guessing with a new tab id each time stops at the address's ceiling (ten clients' worth).
      let ceiling = 0;
      for (let i = 0; i < 400 && ceiling === 0; i++) if ((await lookup(guess(200 + i), `rotating-${i}`)) === 429) ceiling = i;
      expect(ceiling).toBe(300 - 60);
      // ... and the lecture the hall found stays reachable from there.
      expect(await lookup(lecture.code, 'late-student-tab')).toBe(200);
    } finally {
      await fresh.close();
    }
  });

  it('keeps the lecture reachable for the hall when one of them floods ten sessions of their own past the address ceiling', { timeout: 120_000 }, async () => {
    // 60 handshakes a minute per session, so 600 over all sessions of an address.
    const small = await startServer(testConfig({ addressLimits: { createsPerMinute: 30, handshakesPerMinute: 60, joinsPerMinute: 600, failedLookupsPerMinute: 30 } }));
    try {
      const post = async (from: string) => (await (await fetch(`${small.url}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': from }, body: '{}' })).json()) as CreatedSession;
      const via = (auth: Auth) => join(small.url, auth, { from: HALL });
      const lecture = await post('10.99.0.1');
      const first = await via({ code: lecture.code, role: 'student', name: 'Early' });
      // Eleven sessions of the flooder's own, 100 handshakes each: 60 pass per session, 660 in all.
      let refusedBySession = 0;
      for (let s = 0; s < 11; s++) {
        const own = await post(HALL);
        const outcomes = await Promise.all(Array.from({ length: 100 }, () => handshakeOnceAt(small.url, HALL, { code: own.code, role: 'projector', key: own.projectorKey })));
        refusedBySession += outcomes.filter((o) => o === 'rate-limited').length;
      }
      expect(refusedBySession).toBeGreaterThanOrEqual(11 * 40);
      // The address is over its ceiling for new codes, and the lecture (found by the hall) still lets its students in.
      const elsewhere = await post('10.99.0.2');
      await expect(via({ code: elsewhere.code, role: 'student', name: 'Wanderer' })).rejects.toMatchObject({ code: 'rate-limited' });
      const late = await via({ code: lecture.code, role: 'student', name: 'Late' });
      expect(late.you.name).toBe('Late');
      for (const p of [first, late]) p.close();
    } finally {
      await small.close();
    }
  });
});
