// Thousands of random and malformed payloads to every event while a round is open: the server
// stays up, every bad event gets an error ack, and the session's invariants hold.
import WebSocket from 'ws';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/app.js';
import { testConfig } from '../../server/config.js';
import { startServer } from '../../server/app.js';
import { CLIENT_EVENTS, CLIENT_EVENT_NAMES, type ClientEventName } from '../../shared/protocol/client-events.js';
import { structuralProblem } from '../../shared/protocol/guard.js';
import { createSession, join, type Participant } from '../support/server.js';

let server: RunningServer;
beforeAll(async () => {
  // Generous per-socket rates: this test is about payloads, the flood test about rates.
  server = await startServer(testConfig({ socketRate: { perSecond: 1e6, burst: 1e6, abuseLimit: 1e6, abuseWindowMs: 10_000 } }));
});
afterAll(async () => {
  await server.close();
});

const EVENTS: readonly ClientEventName[] = CLIENT_EVENT_NAMES;
const hostile = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype'),
  fc.string({ maxLength: 12 }),
  fc.constantFrom('w3', 'w4', 'b3', 'next', 'steps', 'derivatives', 'round', 'open', 'steps', 'studentId', 'learningRate'),
);
/** Values that look almost right, and plain garbage. */
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  leaf: fc.oneof(
    fc.double(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.string({ maxLength: 30 }),
    fc.constantFrom('NaN', 'Infinity', '1e999', '0,33', '', 'x'.repeat(5000), -0, 1e308),
  ),
  node: fc.oneof({ depthSize: 'small' }, tie('leaf'), fc.array(tie('node'), { maxLength: 4 }), fc.dictionary(hostile, tie('node'), { maxKeys: 5 })),
})).node;
/** Mostly well-formed shapes with one thing wrong, and some noise. */
const payload = fc.oneof(
  value,
  fc.record({ next: fc.dictionary(fc.constantFrom('w3', 'w4', 'b3', 'w1', '__proto__', 'W3'), value, { maxKeys: 4 }) }, { requiredKeys: [] }),
  fc.record({ derivatives: fc.dictionary(fc.constantFrom('w3', 'b3'), fc.double()), round: value }, { requiredKeys: [] }),
  fc.record({ open: value, steps: value, learningRate: value, studentId: value, extra: value }, { requiredKeys: [] }),
  fc.integer({ min: 1, max: 60 }).map((depth) => {
    let deep: unknown = { next: { w3: 1 } };
    for (let i = 0; i < depth; i++) deep = { next: deep };
    return deep;
  }),
);

async function emitRaw(p: Participant, event: string, body: unknown): Promise<{ ok: boolean; error?: { code: string } }> {
  return (await p.socket.timeout(5000).emitWithAck(event as 'round:open', body as never)) as never;
}

describe('fuzzing every event during an open round', () => {
  it('answers each bad event with an error, stays up, and keeps one answer per student and consistent scores', async () => {
    const created = await createSession(server.url, { questions: { derivatives: true, next: true } });
    const instructor = await join(server.url, { code: created.code, role: 'instructor', token: created.instructorToken });
    const students = await Promise.all(['f1', 'f2', 'f3'].map((name) => join(server.url, { code: created.code, role: 'student', name })));
    await instructor.send('round:open', {});
    let sent = 0;
    let badRefused = 0;

    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...EVENTS), payload, fc.integer({ min: 0, max: 3 }), async (event, body, who) => {
        // Students fuzz everything; the instructor only the student event and malformed commands,
        // so the round stays open for the invariants to be tested under load.
        const sender = who === 3 ? instructor : students[who]!;
        // Past maxHttpBufferSize the transport drops the connection instead (tested below).
        fc.pre((JSON.stringify(body) ?? '').length < 6000);
        const schemaOk = structuralProblem(body) === null && CLIENT_EVENTS[event].schema.safeParse(body).success;
        if (sender === instructor && schemaOk) return;
        const ack = await emitRaw(sender, event, body);
        sent++;
        expect(typeof ack.ok).toBe('boolean');
        if (!schemaOk) {
          expect(ack.ok, `${event} ${JSON.stringify(body)?.slice(0, 200)}`).toBe(false);
          expect(['invalid-payload', 'forbidden']).toContain(ack.error!.code);
          badRefused++;
        }
      }),
      { numRuns: 3000 },
    );
    expect(sent).toBeGreaterThan(2000);
    expect(badRefused).toBeGreaterThan(1000);

    // A message over maxHttpBufferSize costs its sender the connection, and nobody else anything.
    const big = await join(server.url, { code: created.code, role: 'student', name: 'big' });
    const dropped = new Promise<string>((resolve) => big.socket.once('disconnect', (reason) => resolve(reason)));
    (big.socket.emit as (event: string, payload: unknown) => void)('answer:submit', { next: { w3: 1 }, pad: 'x'.repeat(20_000) });
    expect(await dropped).toBe('transport close');

    // Raw frames the client library would never send: broken JSON, unknown packet types, binary junk.
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`);
    await new Promise<void>((resolve, reject) => {
      ws.once('error', reject);
      ws.once('message', () => resolve());
    });
    ws.send(`40${JSON.stringify({ code: created.code, role: 'student', name: 'raw' })}`);
    for (const frame of ['42["answer:submit",{"next":{"w3":', '42[1,2,3]', '49junk', '4', '42{}', Buffer.from([0, 1, 2, 3, 255])]) ws.send(frame);
    await new Promise((r) => setTimeout(r, 200));
    ws.terminate();

    // The server is up, and the session still works for everyone.
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const stored = await students[0]!.send('answer:submit', { next: { w3: 0.3342 } });
    expect(stored.ok).toBe(true);
    expect((await instructor.send('round:reveal', {})).ok).toBe(true);
    await Promise.all(students.map((s) => s.until(() => s.graded[0], 'graded')));

    const state = server.registry.peek(created.code)!.state;
    for (const s of state.students.values()) {
      expect(s.results.filter((r) => r.round === 1).length).toBeLessThanOrEqual(1);
      expect(s.score).toBe(s.results.reduce((sum, r) => sum + r.points, 0));
    }
    for (const s of students) expect(s.graded.at(-1)!.total).toBe(state.students.get(s.you.id)!.score);
    // One stored answer per student for the round, whatever was sent.
    expect(state.round!.answers.size).toBeLessThanOrEqual(3);
    const late = await join(server.url, { code: created.code, role: 'student', name: 'after the storm' });
    expect(late.state.session.phase).toBe('revealed');
    for (const p of [instructor, ...students, late]) p.close();
  });
});
