// The HTTP API over a real server: creation, validation, lookups, health.
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../server/app.js';
import { testConfig } from '../../server/config.js';
import { JOIN_CODE_ALPHABET } from '../../shared/protocol/join-code.js';
import { createSession, startTestServer } from '../support/server.js';

let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

const post = (body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${server.url}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('POST /api/sessions', () => {
  it('creates a session with links for the three roles', async () => {
    const res = await post({});
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(Object.keys(body).sort()).toEqual(['code', 'hostUrl', 'instructorToken', 'joinUrl', 'presentUrl', 'projectorKey']);
    expect(body.code).toMatch(new RegExp(`^[${JOIN_CODE_ALPHABET}]{6}$`));
    expect(body.joinUrl).toBe(`${server.url}/join/${body.code}`);
    expect(body.hostUrl).toBe(`${server.url}/host/${body.code}#token=${body.instructorToken}`);
    // The projector's own key travels in the fragment, like the instructor's token.
    expect(body.presentUrl).toBe(`${server.url}/present/${body.code}#key=${body.projectorKey}`);
    expect(body.instructorToken.length).toBeGreaterThanOrEqual(40);
    expect(body.projectorKey.length).toBeGreaterThanOrEqual(30);
    expect(body.projectorKey).not.toBe(body.instructorToken);
    const state = server.registry.peek(body.code)!.state;
    expect(state.settings.questions).toEqual({ derivatives: [], steps: [], next: ['w3', 'w4', 'b3'], points: [], terms: [] });
    expect(state.settings.learningRate).toBe(0.01);
  });

  it('applies every option', async () => {
    const body = await createSession(server.url, {
      preset: 'all-parameters',
      seed: 7,
      learningRate: 0.05,
      questions: { derivatives: ['w3', 'b3'], next: true },
      tolerance: { absolute: 0.1 },
      timerSeconds: 60,
      hints: false,
      scoring: { speedBonus: true },
      autoClose: true,
      leaderboard: 'anonymous',
      stepsPerSecond: 5,
      stopRule: { maxSteps: 50 },
    });
    const state = server.registry.peek(body.code)!.state;
    expect(state.setup).toMatchObject({ preset: 'all-parameters', seed: 7, rule: { maxSteps: 50, stepThreshold: 0.001 } });
    expect(state.settings).toMatchObject({
      learningRate: 0.05,
      questions: { derivatives: ['w3', 'b3'], steps: [], next: ['w1', 'b1', 'w2', 'b2', 'w3', 'w4', 'b3'], points: [], terms: [] },
      tolerance: { absolute: 0.1, relative: 0.02 },
      timerSeconds: 60,
      hints: false,
      scoring: { speedBonus: true },
      autoClose: true,
      leaderboard: 'anonymous',
      stepsPerSecond: 5,
    });
  });

  it('refuses bad bodies with a clear error and creates nothing', async () => {
    const before = server.registry.size;
    const cases: Array<[unknown, RegExp]> = [
      [{ preset: 'nope' }, /preset/],
      [{ learningRate: -1 }, /learningRate/],
      [{ learningRate: 'fast' }, /learningRate/],
      [{ bogus: 1 }, /Unrecognized key/],
      [{ questions: { next: ['w1'] } }, /cannot ask for w1/],
      [{ params: { w9: 1 } }, /unknown parameter w9/],
      [{ timerSeconds: 1 }, /timerSeconds/],
      ['{not json', /not valid JSON/],
      [JSON.parse('{"__proto__": {"admin": true}}'), /__proto__/],
    ];
    for (const [body, message] of cases) {
      const res = await post(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      const json = await res.json();
      expect(json.error.message).toMatch(message);
    }
    expect(server.registry.size).toBe(before);
  });
});

describe('body errors', () => {
  it('answers an unsupported content encoding with its 4xx status, not 500, and logs no error', async () => {
    const lines: Array<{ level: number; msg: string }> = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
        done();
      },
    });
    const own = await startServer(testConfig(), { logger: pino({ level: 'debug' }, sink) });
    const send = (headers: Record<string, string>) => fetch(`${own.url}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{}' });
    const encoded = await send({ 'content-encoding': 'br2' });
    expect(encoded.status).toBe(415);
    expect((await encoded.json()).error).toEqual({ code: 'invalid-payload', message: 'unsupported content encoding "br2"' });
    expect(own.registry.size).toBe(0);
    await own.close();
    expect(lines.filter((l) => l.level >= 50)).toEqual([]);
    expect(lines.some((l) => l.msg === 'request refused')).toBe(true);
  });
});

describe('GET /api/sessions/:code', () => {
  it('answers the public summary, case-insensitively, or 404', async () => {
    const { code } = await createSession(server.url);
    const res = await fetch(`${server.url}/api/sessions/${code.toLowerCase()}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ code, title: 'Optimizing w3, w4 and b3 together', preset: 'three-parameters', phase: 'lobby', locked: false, joinable: true, students: 0, joinUrl: `${server.url}/join/${code}` });
    expect((await fetch(`${server.url}/api/sessions/ZZZZZZ`)).status).toBe(404);
    expect((await fetch(`${server.url}/api/sessions/not-a-code`)).status).toBe(404);
    const body = JSON.stringify(await (await fetch(`${server.url}/api/sessions/${code}`)).json());
    expect(body).not.toMatch(/token/i);
  });
});

describe('health', () => {
  it('answers /healthz and /readyz', async () => {
    expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect((await ready.json()).status).toBe('ready');
  });
});
