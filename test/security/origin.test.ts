// Pages of another site cannot use the server from students' browsers; bodies that are not JSON
// create nothing; secrets in a query string never reach the access log.
import { Writable } from 'node:stream';
import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../server/app.js';
import { testConfig } from '../../server/config.js';
import { createLogger } from '../../server/logger.js';
import { createSession, join } from '../support/server.js';

let server: RunningServer;
const logLines: string[] = [];
beforeAll(async () => {
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  server = await startServer(testConfig({ publicUrl: 'https://class.example.edu', corsOrigins: ['https://lms.example.edu'] }), { logger: createLogger('info', sink) });
});
afterAll(async () => {
  await server.close();
});

/** A socket.io handshake as a browser on `origin` would make it (undefined: a script, no Origin). */
function handshake(code: string, origin: string | undefined): Promise<'connected' | string> {
  return new Promise((resolve) => {
    const socket = connect(server.url, {
      auth: { code, role: 'student', name: 'Visitor' },
      forceNew: true,
      reconnection: false,
      transports: ['websocket'],
      ...(origin && { extraHeaders: { origin } }),
    });
    socket.once('session:state', () => {
      socket.close();
      resolve('connected');
    });
    socket.once('connect_error', (err) => {
      socket.close();
      resolve(err.message);
    });
  });
}

describe('the origin of a browser page', () => {
  it('lets the server’s own pages, PUBLIC_URL and listed origins open sockets, and refuses another site', async () => {
    const { code } = await createSession(server.url);
    const own = new URL(server.url).origin;
    expect(await handshake(code, own)).toBe('connected');
    expect(await handshake(code, 'https://class.example.edu')).toBe('connected');
    expect(await handshake(code, 'https://lms.example.edu')).toBe('connected');
    expect(await handshake(code, undefined)).toBe('connected');
    const students = () => server.registry.peek(code)!.state.activeStudents;
    const before = students();
    expect(await handshake(code, 'https://evil.example')).not.toBe('connected');
    expect(await handshake(code, 'null')).not.toBe('connected');
    expect(students()).toBe(before);
  });

  it('refuses a session created from another site, and a body that is not JSON, and creates nothing', async () => {
    const sessions = () => server.registry.size;
    const before = sessions();
    const crossSite = await fetch(`${server.url}/api/sessions`, { method: 'POST', headers: { origin: 'https://evil.example', 'content-type': 'text/plain' }, body: '{}' });
    expect(crossSite.status).toBe(403);
    expect(await crossSite.json()).toMatchObject({ error: { code: 'forbidden' } });
    const form = await fetch(`${server.url}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'preset=bias-only' });
    expect(form.status).toBe(415);
    expect((await form.json()).error.message).toMatch(/JSON/);
    const text = await fetch(`${server.url}/api/sessions`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"preset":"bias-only"}' });
    expect(text.status).toBe(415);
    expect(sessions()).toBe(before);
    // JSON, or no body at all, still works (from a script or the server's own page).
    const ok = await fetch(`${server.url}/api/sessions`, { method: 'POST', headers: { origin: new URL(server.url).origin, 'content-type': 'application/json' }, body: '{"preset":"bias-only"}' });
    expect(ok.status).toBe(201);
    expect((await fetch(`${server.url}/api/sessions`, { method: 'POST' })).status).toBe(201);
  });
});

describe('the access log', () => {
  it('never holds a token or key sent in a query string or a header', async () => {
    const created = await createSession(server.url);
    const res = await fetch(`${server.url}/api/sessions/${created.code}/results.csv?token=${created.instructorToken}&key=${created.projectorKey}`, { headers: { authorization: `Bearer ${created.instructorToken}` } });
    expect(res.status).toBe(200);
    const instructor = await join(server.url, { code: created.code, role: 'instructor', token: created.instructorToken });
    instructor.close();
    const lines = logLines.filter((l) => l.includes(created.code));
    expect(lines.some((l) => l.includes('results.csv?token=[redacted]&key=[redacted]'))).toBe(true);
    for (const secret of [created.instructorToken, created.projectorKey]) expect(logLines.filter((l) => l.includes(secret))).toEqual([]);
  });
});
