// Address limits, the creation key, the student cap, headers, metrics, and logs without secrets.
import { connect as connectTcp } from 'node:net';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { io as connectSocket } from 'socket.io-client';
import WebSocket from 'ws';
import { startServer } from '../../server/app.js';
import { testConfig } from '../../server/config.js';
import { createSession, join } from '../support/server.js';
import { SqliteSessionStore } from '../../server/store/sqlite-store.js';
import { DelegatingStore } from '../support/stores.js';

/** Sends every handshake at once on one raw engine.io websocket; tallies 'connected' and refusal codes. */
async function connectBurst(url: string, auths: readonly object[]): Promise<Record<string, number>> {
  const ws = new WebSocket(`${url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`);
  const counts: Record<string, number> = {};
  let answered = 0;
  await new Promise<void>((resolve, reject) => {
    ws.once('error', reject);
    ws.on('message', (m) => {
      const text = String(m);
      if (text.startsWith('0{')) {
        for (const auth of auths) ws.send(`40${JSON.stringify(auth)}`);
        return;
      }
      if (text === '2') return void ws.send('3');
      let outcome: string;
      if (text.startsWith('44')) outcome = (JSON.parse(text.slice(2)) as { data?: { code?: string } }).data?.code ?? 'error';
      else if (text.startsWith('40')) outcome = 'connected';
      else return;
      counts[outcome] = (counts[outcome] ?? 0) + 1;
      if (++answered === auths.length) resolve();
    });
  });
  ws.terminate();
  return counts;
}

/** Sends the GET requests pipelined in one TCP write; tallies the response statuses. */
async function pipelinedGets(port: number, paths: readonly string[]): Promise<Record<string, number>> {
  const socket = connectTcp(port, '127.0.0.1');
  let received = '';
  const statuses = await new Promise<string[]>((resolve, reject) => {
    socket.once('error', reject);
    socket.on('data', (chunk) => {
      received += String(chunk);
      const found = [...received.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => m[1]!);
      // Every response body is a small JSON object: complete once the last one has closed.
      if (found.length === paths.length && /\}\s*$/.test(received)) resolve(found);
    });
    socket.write(paths.map((p) => `GET ${p} HTTP/1.1\r\nHost: x\r\n\r\n`).join(''));
  });
  socket.destroy();
  return statuses.reduce<Record<string, number>>((a, s) => ((a[s] = (a[s] ?? 0) + 1), a), {});
}

const post = (url: string, headers: Record<string, string> = {}) => fetch(`${url}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{}' });

describe('per-address limits', () => {
  it('cap session creation per minute', async () => {
    const server = await startServer(testConfig({ addressLimits: { createsPerMinute: 3, handshakesPerMinute: 100, joinsPerMinute: 100, failedLookupsPerMinute: 100 } }));
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await post(server.url)).status);
    expect(statuses).toEqual([201, 201, 201, 429, 429]);
    const res = await post(server.url);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await res.json()).error.code).toBe('rate-limited');
    await server.close();
  });

  it('do not count a lookup the store failed to answer as a failed guess', async () => {
    let failLoads = 0;
    // A real store whose reads fail for a while (a blip).
    const store = new (class extends DelegatingStore {
      override load(code: string) {
        if (failLoads > 0) {
          failLoads--;
          return Promise.reject(new Error('injected: the store cannot be read'));
        }
        return super.load(code);
      }
    })(new SqliteSessionStore({ path: ':memory:' }));
    const server = await startServer(testConfig({ addressLimits: { createsPerMinute: 100, handshakesPerMinute: 100, joinsPerMinute: 100, failedLookupsPerMinute: 2 } }), { store });
    failLoads = 4;
    for (const code of ['AAAAAA', 'BBBBBB']) expect((await fetch(`${server.url}/api/sessions/${code}`)).status).toBeGreaterThanOrEqual(500);
    for (const code of ['CCCCCC', 'DDDDDD']) await expect(join(server.url, { code, role: 'student', name: 'x' })).rejects.toMatchObject({ code: 'unavailable' });
    // The store is back: the address still has both of its attempts.
    expect((await fetch(`${server.url}/api/sessions/EEEEEE`)).status).toBe(404);
    expect((await fetch(`${server.url}/api/sessions/FFFFFF`)).status).toBe(404);
    expect((await fetch(`${server.url}/api/sessions/GGGGGG`)).status).toBe(429);
    await server.close();
  });

  it('stop code guessing: failed lookups, by HTTP or handshake, block further lookups of codes not found before', async () => {
    const server = await startServer(testConfig({ addressLimits: { createsPerMinute: 100, handshakesPerMinute: 100, joinsPerMinute: 100, failedLookupsPerMinute: 4 } }));
    const real = await createSession(server.url);
    expect((await fetch(`${server.url}/api/sessions/${real.code}`)).status).toBe(200);
    expect((await fetch(`${server.url}/api/sessions/AAAAAA`)).status).toBe(404);
    expect((await fetch(`${server.url}/api/sessions/BBBBBB`)).status).toBe(404);
    await expect(join(server.url, { code: 'CCCCCC', role: 'student', name: 'guess' })).rejects.toMatchObject({ code: 'unknown-session' });
    expect((await fetch(`${server.url}/api/sessions/DDDDDD`)).status).toBe(404);
    // Out of attempts: another real code, never found from here, is refused for now...
    const { host: other } = await server.registry.create({});
    expect((await fetch(`${server.url}/api/sessions/${other.code}`)).status).toBe(429);
    await expect(join(server.url, { code: other.code, role: 'student', name: 'guess' })).rejects.toMatchObject({ code: 'rate-limited' });
    expect((await fetch(`${server.url}/api/sessions/EEEEEE`)).status).toBe(429);
    expect((await fetch(`${server.url}/api/sessions/${real.code.toLowerCase()}`)).status).toBe(200);
    // ...while the class behind the same address keeps joining the code it already found.
    const late = await join(server.url, { code: real.code, role: 'student', name: 'late' });
    late.close();
    await server.close();
  });

  it('count failed lookups before looking, so concurrent guesses cannot pass the check together', async () => {
    const limits = { createsPerMinute: 100, handshakesPerMinute: 1000, joinsPerMinute: 1000, failedLookupsPerMinute: 5 };
    const alphabet = 'ABCDEFGHJKMNPQRSTWXYZ23456789';
    const guess = (i: number) => `ZZZZ${alphabet[i % 29]}${alphabet[Math.floor(i / 29)]}`;

    // 50 handshakes for unknown codes, all at once (one engine.io connection, one burst of CONNECT packets).
    const server = await startServer(testConfig({ addressLimits: limits }));
    const sockets = await connectBurst(server.url, Array.from({ length: 50 }, (_, i) => ({ code: guess(i), role: 'projector', key: 'not-a-projector-key' })));
    expect(sockets['unknown-session']).toBeGreaterThan(0);
    expect(sockets['unknown-session']).toBeLessThanOrEqual(5);
    expect(sockets['rate-limited']).toBe(50 - sockets['unknown-session']!);
    await server.close();

    // The same over HTTP: 50 pipelined lookups in one write.
    const http = await startServer(testConfig({ addressLimits: limits }));
    const statuses = await pipelinedGets(http.port, Array.from({ length: 50 }, (_, i) => `/api/sessions/${guess(i)}`));
    expect(statuses['404']).toBeGreaterThan(0);
    expect(statuses['404']).toBeLessThanOrEqual(5);
    expect(statuses['429']).toBe(50 - statuses['404']!);
    await http.close();

    // A class opening a code that exists (never found from this address before) all at once gets in.
    const classroom = await startServer(testConfig({ addressLimits: limits }));
    const { host } = await classroom.registry.create({});
    const joined = await connectBurst(classroom.url, Array.from({ length: 50 }, (_, i) => ({ code: host.code, role: 'student', name: `s${i}` })));
    expect(joined).toEqual({ connected: 50 });
    expect(host.state.activeStudents).toBe(50);
    // Its reserved attempts were all given back: five guesses still get their 404, the sixth waits.
    const after = await Promise.all([1, 2, 3, 4, 5].map((i) => fetch(`${classroom.url}/api/sessions/${guess(i)}`).then((r) => r.status)));
    expect(after).toEqual([404, 404, 404, 404, 404]);
    expect((await fetch(`${classroom.url}/api/sessions/${guess(6)}`)).status).toBe(429);
    await classroom.close();
  });

  it('stop wrong tokens against a code the address knows, per client, without locking out anyone who holds the right one', { timeout: 60_000 }, async () => {
    // Production defaults: 10 wrong secrets a minute per client and code, 100 per address and code.
    const server = await startServer(testConfig({ addressLimits: { createsPerMinute: 100, handshakesPerMinute: 6000, joinsPerMinute: 600, failedLookupsPerMinute: 30 } }));
    const dashboard = 'dashboard-tab-1';
    const created = (await (await post(server.url, { 'x-client-id': dashboard })).json()) as { code: string; instructorToken: string; projectorKey: string };
    const exportAs = (client: string | null, token: string) =>
      fetch(`${server.url}/api/sessions/${created.code}/results.json`, { headers: { authorization: `Bearer ${token}`, ...(client && { 'x-client-id': client }) } }).then((r) => r.status);
    const wrong = 'w'.repeat(43);
    // A script with no client id: 500 wrong Bearer tokens against a code this address created.
    const script: Record<number, number> = {};
    for (let i = 0; i < 500; i += 50) for (const status of await Promise.all(Array.from({ length: 50 }, () => exportAs(null, wrong)))) script[status] = (script[status] ?? 0) + 1;
    expect(script).toEqual({ 401: 9, 429: 491 });
    // Compared first: the right token works whatever was sent before it.
    expect(await exportAs(null, created.instructorToken)).toBe(200);
    // Other clients behind the address have their own ten, up to the address's hundred for this code.
    const others: number[] = [];
    for (let c = 0; c < 10; c++) for (let i = 0; i < 10; i++) others.push(await exportAs(`student-tab-${c}`, wrong));
    expect(others.filter((s) => s === 401).length).toBeLessThanOrEqual(90);
    expect(others.filter((s) => s === 429).length).toBeGreaterThanOrEqual(10);
    // Wrong keys and tokens by handshake count too.
    await expect(join(server.url, { code: created.code, role: 'projector', key: wrong, tab: 'student-tab-99' })).rejects.toMatchObject({ code: 'rate-limited' });
    await expect(join(server.url, { code: created.code, role: 'instructor', token: wrong, tab: 'student-tab-99' })).rejects.toMatchObject({ code: 'rate-limited' });
    // Right secrets still get in from the same address, whatever tab: the instructor's export and
    // reconnect (on a new device too), the projector, a returning student.
    expect(await exportAs(dashboard, created.instructorToken)).toBe(200);
    expect(await exportAs('new-laptop-tab', created.instructorToken)).toBe(200);
    const instructor = await join(server.url, { code: created.code, role: 'instructor', token: created.instructorToken, tab: 'new-laptop-tab' });
    expect(instructor.staff.activeCount).toBe(0);
    instructor.close();
    const screen = await join(server.url, { code: created.code, role: 'projector', key: created.projectorKey, tab: 'student-tab-99' });
    screen.close();
    // A student joining with a name compares no secret and is not held back.
    const student = await join(server.url, { code: created.code, role: 'student', name: 'Ana', tab: 'student-tab-5' });
    expect(student.you.name).toBe('Ana');
    student.close();
    await server.close();
  });

  it('count every address of one IPv6 /64 as one address (client address from X-Forwarded-For)', async () => {
    const server = await startServer(testConfig({ addressLimits: { createsPerMinute: 100, handshakesPerMinute: 100, joinsPerMinute: 2, failedLookupsPerMinute: 3 } }));
    const { code } = await createSession(server.url);
    const joinFrom = (forwardedFor: string, name: string) =>
      new Promise<string>((resolve) => {
        const socket = connectSocket(server.url, { auth: { code, role: 'student', name }, forceNew: true, reconnection: false, transports: ['websocket'], extraHeaders: { 'x-forwarded-for': forwardedFor } });
        socket.once('connect_error', (e: Error & { data?: { code?: string } }) => (socket.close(), resolve(e.data?.code ?? e.message)));
        socket.once('session:state', () => (socket.close(), resolve('joined')));
      });
    const outcomes = [];
    for (const [i, address] of ['2001:db8:1:2::1', '2001:db8:1:2::2', '2001:db8:1:2:ffff::3', '2001:db8:1:3::1', '::ffff:192.0.2.9', '192.0.2.9'].entries()) outcomes.push(await joinFrom(address, `s${i}`));
    expect(outcomes).toEqual(['joined', 'joined', 'rate-limited', 'joined', 'joined', 'joined']);

    const lookups = [];
    for (let i = 0; i < 4; i++) lookups.push((await fetch(`${server.url}/api/sessions/ZZZZZ${'ABCD'[i]}`, { headers: { 'x-forwarded-for': `2001:db8:5:6::${i + 100}` } })).status);
    expect(lookups).toEqual([404, 404, 404, 429]);
    expect((await fetch(`${server.url}/api/sessions/ZZZZZE`, { headers: { 'x-forwarded-for': '2001:db8:5:7::1' } })).status).toBe(404);
    await server.close();
  });

  it('cap handshakes per minute', async () => {
    const server = await startServer(testConfig({ addressLimits: { createsPerMinute: 100, handshakesPerMinute: 3, joinsPerMinute: 100, failedLookupsPerMinute: 100 } }));
    const { code } = await createSession(server.url);
    const ok = await Promise.all([1, 2, 3].map((i) => join(server.url, { code, role: 'student', name: `s${i}` })));
    await expect(join(server.url, { code, role: 'student', name: 's4' })).rejects.toMatchObject({ code: 'rate-limited' });
    for (const p of ok) p.close();
    await server.close();
  });

  it('cap new students per minute, below the handshakes, while returning students, instructors and projectors still connect', async () => {
    const server = await startServer(testConfig({ addressLimits: { createsPerMinute: 100, handshakesPerMinute: 100, joinsPerMinute: 2, failedLookupsPerMinute: 100 } }));
    const created = await createSession(server.url);
    const { code } = created;
    const a = await join(server.url, { code, role: 'student', name: 'a' });
    const b = await join(server.url, { code, role: 'student', name: 'b' });
    const refused = join(server.url, { code, role: 'student', name: 'bot' });
    await expect(refused).rejects.toMatchObject({ code: 'rate-limited' });
    await expect(refused).rejects.toThrow(/too many new students from your network; try again in \d+ s/);
    // Out of new joins in this session, but not out of handshakes; another session (the lecture
    // next door, behind the same address) has its own budget.
    const other = await createSession(server.url);
    const elsewhere = await join(server.url, { code: other.code, role: 'student', name: 'next door' });
    elsewhere.close();
    const again = await join(server.url, { code, role: 'student', resumeToken: a.you.resumeToken! });
    expect(again.you.name).toBe('a');
    const instructor = await join(server.url, { code, role: 'instructor', token: created.instructorToken });
    const projector = await join(server.url, { code, role: 'projector', key: created.projectorKey });
    expect(instructor.staff.students.map((s) => s.name).sort()).toEqual(['a', 'b']);
    for (const p of [a, b, again, instructor, projector]) p.close();
    await server.close();
  });
});

describe('session limits', () => {
  it('require the creation key when one is set', async () => {
    const server = await startServer(testConfig({ createSessionKey: 'sesame-sesame' }));
    expect((await post(server.url)).status).toBe(403);
    expect((await post(server.url, { 'x-create-session-key': 'wrong-key-here' })).status).toBe(403);
    expect((await post(server.url, { 'x-create-session-key': 'sesame-sesam' })).status).toBe(403);
    expect((await post(server.url, { 'x-create-session-key': 'sesame-sesame-' })).status).toBe(403);
    expect((await post(server.url, { 'x-create-session-key': 'sesame-sesame' })).status).toBe(201);
    await server.close();
  });

  it('cap the students of a session', async () => {
    const server = await startServer(testConfig({ maxStudentsPerSession: 2 }));
    const { code } = await createSession(server.url);
    const a = await join(server.url, { code, role: 'student', name: 'a' });
    const b = await join(server.url, { code, role: 'student', name: 'b' });
    await expect(join(server.url, { code, role: 'student', name: 'c' })).rejects.toMatchObject({ code: 'session-full' });
    // A returning student is not a new one.
    const again = await join(server.url, { code, role: 'student', resumeToken: a.you.resumeToken! });
    for (const p of [a, b, again]) p.close();
    await server.close();
  });

  it('cap the projector screens of a session on a node, and free a slot when a projector leaves', async () => {
    const server = await startServer(testConfig({ maxProjectorsPerSession: 2 }));
    const created = await createSession(server.url);
    const { code } = created;
    // Five opened at once: two get in.
    const opened = await Promise.allSettled([1, 2, 3, 4, 5].map(() => join(server.url, { code, role: 'projector', key: created.projectorKey })));
    const projectors = opened.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const refusals = opened.flatMap((r) => (r.status === 'rejected' ? [r.reason as Error & { code?: string }] : []));
    expect(projectors).toHaveLength(2);
    expect(refusals.map((e) => e.code)).toEqual(['session-full', 'session-full', 'session-full']);
    expect(refusals[0]!.message).toMatch(/already has 2 projector screens open/);
    // Students, the instructor and another session's projector are not affected.
    const student = await join(server.url, { code, role: 'student', name: 's' });
    const instructor = await join(server.url, { code, role: 'instructor', token: created.instructorToken });
    const other = await createSession(server.url);
    const elsewhere = await join(server.url, { code: other.code, role: 'projector', key: other.projectorKey });

    // A projector that leaves frees its slot (once the server has seen it go).
    const leaving = projectors[0]!;
    const serverSide = server.io.of('/').sockets.get(leaving.socket.id!)!;
    const gone = new Promise((resolve) => serverSide.once('disconnect', resolve));
    leaving.close();
    await gone;
    const replacement = await join(server.url, { code, role: 'projector', key: created.projectorKey });
    await expect(join(server.url, { code, role: 'projector', key: created.projectorKey })).rejects.toMatchObject({ code: 'session-full' });
    for (const p of [...projectors, student, instructor, elsewhere, replacement]) p.close();
    await server.close();
  });

  it('cap the sockets (tabs) of one student, refusing with rate-limited (the client retries), and free a slot when a tab leaves', async () => {
    const server = await startServer(testConfig({ maxTabsPerStudent: 2 }));
    const { code } = await createSession(server.url);
    const first = await join(server.url, { code, role: 'student', name: 'Tabby' });
    const resumeToken = first.you.resumeToken!;
    const second = await join(server.url, { code, role: 'student', resumeToken });
    const third = join(server.url, { code, role: 'student', resumeToken });
    await expect(third).rejects.toMatchObject({ code: 'rate-limited' });
    await expect(third).rejects.toThrow('you already have 2 tabs open in this session; close one (this one keeps trying)');
    // Another student is not affected.
    const other = await join(server.url, { code, role: 'student', name: 'Other' });

    const serverSide = server.io.of('/').sockets.get(second.socket.id!)!;
    const gone = new Promise((resolve) => serverSide.once('disconnect', resolve));
    second.close();
    await gone;
    const replacement = await join(server.url, { code, role: 'student', resumeToken });
    expect(replacement.you).toMatchObject({ id: first.you.id, name: 'Tabby' });
    await expect(join(server.url, { code, role: 'student', resumeToken })).rejects.toMatchObject({ code: 'rate-limited' });
    expect(server.registry.peek(code)!.state.activeStudents).toBe(2);
    for (const p of [first, other, replacement]) p.close();
    await server.close();
  });

  it('trim, normalise and bound names', async () => {
    const server = await startServer(testConfig());
    const { code } = await createSession(server.url);
    const s = await join(server.url, { code, role: 'student', name: `  Cafe\u0301\u202e  ${'x'.repeat(100)}` });
    expect(s.you.name).toBe(`Café ${'x'.repeat(35)}`);
    await expect(join(server.url, { code, role: 'student', name: '\u200b\u200b' })).rejects.toMatchObject({ code: 'invalid-name' });
    await expect(join(server.url, { code, role: 'student', name: 'y'.repeat(500) })).rejects.toMatchObject({ code: 'invalid-payload' });
    s.close();
    await server.close();
  });
});

describe('metrics token', () => {
  it('requires the metrics token when one is set', async () => {
    const server = await startServer(testConfig({ metricsToken: 'metrics-secret-456' }));
    const metrics = (authorization?: string) => fetch(`${server.url}/metrics`, authorization ? { headers: { authorization } } : {});
    for (const wrong of [undefined, 'Bearer metrics-secret-45', 'Bearer metrics-secret-4567', 'Bearer wrong', 'metrics-secret-456', 'Basic metrics-secret-456']) {
      const res = await metrics(wrong);
      expect(res.status).toBe(401);
      expect((await res.json()).error.code).toBe('forbidden');
    }
    const ok = await metrics('Bearer metrics-secret-456');
    expect(ok.status).toBe(200);
    expect(await ok.text()).toMatch(/^bpl_answers_total /m);
    await server.close();
  });
});

describe('headers', () => {
  it('send a CSP without inline script, and CORS only where configured', async () => {
    const server = await startServer(testConfig());
    const res = await fetch(`${server.url}/api/sessions/AAAAAA`, { headers: { origin: 'https://elsewhere.example' } });
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    await server.close();

    const open = await startServer(testConfig({ corsOrigins: ['https://lms.example.edu'] }));
    const allowed = await fetch(`${open.url}/api/sessions/AAAAAA`, { headers: { origin: 'https://lms.example.edu' } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://lms.example.edu');
    const other = await fetch(`${open.url}/api/sessions/AAAAAA`, { headers: { origin: 'https://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    await open.close();
  });
});

describe('observability', () => {
  it('exposes metrics and logs requests and sessions without secrets', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
    const logger = pino({ level: 'debug', redact: { paths: ['req.headers.authorization'], censor: '[redacted]' } }, sink);
    const server = await startServer(testConfig(), { logger });
    const created = await createSession(server.url);
    const instructor = await join(server.url, { code: created.code, role: 'instructor', token: created.instructorToken });
    const student = await join(server.url, { code: created.code, role: 'student', name: 'Obs' });
    await instructor.send('round:open', {});
    await student.send('answer:submit', { next: { w3: 0.33 } });
    await student.send('round:reveal', {});
    await instructor.send('round:reveal', {});
    await student.until(() => student.graded[0], 'graded');
    await fetch(`${server.url}/api/sessions/${created.code}/results.csv`, { headers: { authorization: `Bearer ${created.instructorToken}` } });
    await expect(join(server.url, { code: created.code, role: 'instructor', token: 'wrong-token-1234' })).rejects.toThrow();

    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/^bpl_answers_total 1$/m);
    expect(metrics).toMatch(/^bpl_connected_sockets\{role="student"\} 1$/m);
    expect(metrics).toMatch(/^bpl_sessions\{state="live"\} 1$/m);
    expect(metrics).toMatch(/^bpl_rejected_events_total\{reason="forbidden",event="round:reveal"\} 1$/m);
    expect(metrics).toMatch(/^bpl_rejected_events_total\{reason="forbidden",event="handshake"\} 1$/m);
    expect(metrics).toMatch(/^bpl_reveal_fanout_seconds_count 1$/m);
    expect(metrics).toMatch(/^nodejs_eventloop_lag_seconds /m);

    const all = lines.join('\n');
    const request = lines.map((l) => JSON.parse(l)).find((l) => l.req?.method === 'POST' && l.res);
    expect(request).toMatchObject({ req: { url: '/api/sessions' }, res: { statusCode: 201 } });
    expect(request.req.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines.map((l) => JSON.parse(l)).some((l) => l.session === created.code)).toBe(true);
    // The creation milestone names the session, with the request's id.
    expect(lines.map((l) => JSON.parse(l)).find((l) => l.msg === 'session created')).toMatchObject({ session: created.code, preset: 'three-parameters', req: { id: request.req.id } });
    expect(all).not.toContain(created.instructorToken);
    expect(all).not.toContain(student.you.resumeToken!);
    for (const p of [instructor, student]) p.close();
    await server.close();
  });
});
