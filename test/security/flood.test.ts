// One socket flooding far beyond its rate is throttled, then cut off; the rest of the class keeps
// answering as before.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/app.js';
import { createSession, join, startTestServer, wait, type Participant } from '../support/server.js';

let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

async function answerLoop(students: Participant[], rounds: number, latencies: number[]): Promise<number> {
  let failures = 0;
  for (let k = 0; k < rounds; k++) {
    await Promise.all(
      students.map(async (s, i) => {
        const t0 = performance.now();
        const ack = await s.send('answer:submit', { next: { w3: i + k / 100 } });
        latencies.push(performance.now() - t0);
        if (!ack.ok) failures++;
      }),
    );
    await wait(100);
  }
  return failures;
}

describe('a flooding socket', () => {
  it('is throttled, then disconnected, while the others answer with normal latency', async () => {
    const created = await createSession(server.url);
    const instructor = await join(server.url, { code: created.code, role: 'instructor', token: created.instructorToken });
    const students = await Promise.all(Array.from({ length: 10 }, (_, i) => join(server.url, { code: created.code, role: 'student', name: `calm ${i}` })));
    const flooder = await join(server.url, { code: created.code, role: 'student', name: 'flood' });
    await instructor.send('round:open', {});

    const before: number[] = [];
    expect(await answerLoop(students, 5, before)).toBe(0);

    const outcomes = { ok: 0, limited: 0, other: 0 };
    const cut = new Promise<string>((resolve) => flooder.socket.once('disconnect', (reason) => resolve(reason)));
    flooder.socket.on('disconnect', () => undefined);
    let flooding = true;
    const flood = (async () => {
      // As fast as the socket takes them, far beyond 10 per second.
      while (flooding && flooder.socket.connected) {
        const burst = Array.from({ length: 50 }, (_, k) =>
          flooder.socket
            .timeout(2000)
            .emitWithAck('answer:submit', { next: { w3: k } })
            .then((ack) => {
              if (ack.ok) outcomes.ok++;
              else if (ack.error.code === 'rate-limited') outcomes.limited++;
              else outcomes.other++;
            })
            .catch(() => undefined),
        );
        await Promise.all(burst);
      }
    })();
    const during: number[] = [];
    const failuresDuring = await answerLoop(students, 5, during);
    const reason = await cut;
    flooding = false;
    await flood;

    expect(reason).toBe('io server disconnect');
    expect(outcomes.ok).toBeGreaterThan(0);
    expect(outcomes.ok).toBeLessThanOrEqual(60);
    expect(outcomes.limited).toBeGreaterThanOrEqual(50);
    expect(outcomes.other).toBe(0);
    expect(failuresDuring).toBe(0);
    const p99Before = percentile(before, 99);
    const p99During = percentile(during, 99);
    console.log(`flood: ${outcomes.ok} accepted, ${outcomes.limited} refused as rate-limited, then cut off (${reason}); other students' ack latency p99 ${p99Before.toFixed(1)} ms before, ${p99During.toFixed(1)} ms during`);
    // Generous bound: a stall would be seconds.
    expect(p99During).toBeLessThan(Math.max(250, 10 * p99Before));

    // The flooder's one counted answer is still a single answer; the class is unaffected.
    const state = server.registry.peek(created.code)!.state;
    expect(state.round!.answers.size).toBe(11);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/bpl_rejected_events_total\{reason="rate-limited",event="answer:submit"\} \d+/);
    for (const p of [instructor, ...students]) p.close();
  });
});
