// Address limits, the creation key, the student cap, headers, metrics, and logs without secrets.
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { startServer } from '../../server/app.js';
import { testConfig } from '../../server/config.js';
import { createSession, join } from '../support/server.js';

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

  it('stop code guessing: failed lookups, by HTTP or handshake, block further lookups of codes not found before', async () => {
    const server = await startServer(testConfig({ addressLimits: { createsPerMinute: 100, handshakesPerMinute: 100, joinsPerMinute: 100, failedLookupsPerMinute: 4 } }));
    const real = await createSession(server.url);
    expect((await fetch(`${server.url}/api/sessions/${real.code}`)).status).toBe(200);
    expect((await fetch(`${server.url}/api/sessions/AAAAAA`)).status).toBe(404);
    expect((await fetch(`${server.url}/api/sessions/BBBBBB`)).status).toBe(404);
    await expect(join(server.url, { code: 'CCCCCC', role: 'student', name: 'guess' })).rejects.toMatchObject({ code: 'unknown-session' });
    await expect(join(server.url, { code: real.code, role: 'instructor', token: 'guessed-token-123' })).rejects.toMatchObject({ code: 'forbidden' });
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
    // Out of new joins (in another session too: the limit is the address's), but not out of handshakes.
    const other = await createSession(server.url);
    await expect(join(server.url, { code: other.code, role: 'student', name: 'bot' })).rejects.toMatchObject({ code: 'rate-limited' });
    const again = await join(server.url, { code, role: 'student', resumeToken: a.you.resumeToken! });
    expect(again.you.name).toBe('a');
    const instructor = await join(server.url, { code, role: 'instructor', token: created.instructorToken });
    const projector = await join(server.url, { code, role: 'projector' });
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
    const opened = await Promise.allSettled([1, 2, 3, 4, 5].map(() => join(server.url, { code, role: 'projector' })));
    const projectors = opened.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const refusals = opened.flatMap((r) => (r.status === 'rejected' ? [r.reason as Error & { code?: string }] : []));
    expect(projectors).toHaveLength(2);
    expect(refusals.map((e) => e.code)).toEqual(['session-full', 'session-full', 'session-full']);
    expect(refusals[0]!.message).toMatch(/already has 2 projector screens open/);
    // Students, the instructor and another session's projector are not affected.
    const student = await join(server.url, { code, role: 'student', name: 's' });
    const instructor = await join(server.url, { code, role: 'instructor', token: created.instructorToken });
    const elsewhere = await join(server.url, { code: (await createSession(server.url)).code, role: 'projector' });

    // A projector that leaves frees its slot (once the server has seen it go).
    const leaving = projectors[0]!;
    const serverSide = server.io.of('/').sockets.get(leaving.socket.id!)!;
    const gone = new Promise((resolve) => serverSide.once('disconnect', resolve));
    leaving.close();
    await gone;
    const replacement = await join(server.url, { code, role: 'projector' });
    await expect(join(server.url, { code, role: 'projector' })).rejects.toMatchObject({ code: 'session-full' });
    for (const p of [...projectors, student, instructor, elsewhere, replacement]) p.close();
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
    const request = lines.map((l) => JSON.parse(l)).find((l) => l.req?.method === 'POST');
    expect(request).toMatchObject({ req: { url: '/api/sessions' }, res: { statusCode: 201 } });
    expect(request.req.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines.map((l) => JSON.parse(l)).some((l) => l.session === created.code)).toBe(true);
    expect(all).not.toContain(created.instructorToken);
    expect(all).not.toContain(student.you.resumeToken!);
    for (const p of [instructor, student]) p.close();
    await server.close();
  });
});
