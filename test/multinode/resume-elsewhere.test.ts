// Two in-process nodes sharing the real Redis. A student joins through node A and at once comes
// back through node B, which has not yet read the join from the store (its catch-up is held up).
// Node B must read the store before calling the resume token unknown: a refusal there makes the
// web client forget the student's seat, which would cost them their score.
import { describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../server/app.js';
import { testConfig } from '../../server/config.js';
import { RedisSessionStore } from '../../server/store/redis-store.js';
import type { SessionEvent } from '../../shared/session/events.js';
import { REDIS_URL, useRedis } from '../support/redis.js';
import { createSession, join, wait, type Participant } from '../support/server.js';
import { LaggingStore } from '../support/stores.js';

const servers: RunningServer[] = [];
const participants: Participant[] = [];
const { client, prefix } = useRedis('resume', async () => {
  for (const p of participants) p.close();
  for (const s of servers) await s.close();
});


describe('a student who joined through one node and comes back through another', () => {
  it('is recognised even before that node has heard of the join', async () => {
    const config = testConfig({ redisUrl: REDIS_URL, redisPrefix: prefix });
    const a = await startServer(config);
    servers.push(a);
    const lagging = new LaggingStore(new RedisSessionStore({ client, prefix, ttlMs: config.sessionTtlMs }));
    const b = await startServer(config, { store: lagging });
    servers.push(b);

    const created = await createSession(a.url);
    // The session is loaded on node B (its instructor is there) before the student joins.
    const instructor = await join(b.url, { code: created.code, role: 'instructor', token: created.instructorToken });
    participants.push(instructor);

    lagging.hold();
    const ana = await join(a.url, { code: created.code, role: 'student', name: 'Ana' });
    participants.push(ana);
    const token = ana.you.resumeToken!;
    const id = ana.you.id;
    // Node B was told about the join; its read of the store is held up.
    await expect.poll(() => lagging.readsHeld, { timeout: 10_000 }).toBeGreaterThan(0);
    expect(b.registry.peek(created.code)!.state.students.has(id)).toBe(false);
    ana.close();

    // Ana's phone reconnects through node B while it still lags; the lag ends shortly after.
    const resumed = join(b.url, { code: created.code, role: 'student', resumeToken: token });
    void wait(300).then(() => lagging.letGo());
    const back = await resumed;
    participants.push(back);
    expect(back.you).toMatchObject({ id, name: 'Ana' });
    expect(b.registry.peek(created.code)!.state.students.get(id)!.removed).toBe(false);

    // A token that no node knows is still refused, after the same read.
    await expect(join(b.url, { code: created.code, role: 'student', resumeToken: token.replace(/^[^.]+/, 'x'.repeat(token.split('.')[0]!.length)) })).rejects.toMatchObject({ code: 'forbidden' });
  });
});
