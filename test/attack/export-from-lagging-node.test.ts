// Found by an attack review, fixed since; kept as a regression test (issue 18's export, across the Redis store: "whether grades are consistent ... across
// the Redis store").
//
// WHAT WAS WRONG: GET /api/sessions/:code/results.csv answers from the node's in-memory state
// (api-routes.ts: `const state = host.state`) without first reading the store, unlike a resume
// (SessionHost.readStore()). HTTP requests are not sticky behind a load balancer: the instructor
// reveals a stage on node A, clicks "Export", the request lands on node B whose catch-up has not
// run yet, and the CSV lacks the round just revealed (no row for it at all, and nothing says the
// file is incomplete). Here node B's reads are held up as a busy node's would be; the export is
// asked while it lags, and the lag ends shortly after.
import { describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../server/app.js';
import { testConfig } from '../../server/config.js';
import { RedisSessionStore } from '../../server/store/redis-store.js';
import { REDIS_URL, useRedis } from '../support/redis.js';
import { createSession, join, wait, type Participant } from '../support/server.js';
import { LaggingStore } from '../support/stores.js';

const servers: RunningServer[] = [];
const participants: Participant[] = [];
const { client, prefix } = useRedis('attack-export', async () => {
  for (const p of participants) p.close();
  for (const s of servers) await s.close();
});


describe('the results export through a node that has not caught up', () => {
  it('holds the round revealed through the other node', { timeout: 20_000 }, async () => {
    const config = testConfig({ redisUrl: REDIS_URL, redisPrefix: prefix });
    const a = await startServer(config);
    servers.push(a);
    const lagging = new LaggingStore(new RedisSessionStore({ client, prefix, ttlMs: config.sessionTtlMs }));
    const b = await startServer(config, { store: lagging });
    servers.push(b);

    const created = await createSession(a.url, { questions: { points: ['predicted'], next: false } });
    const instructor = await join(a.url, { code: created.code, role: 'instructor', token: created.instructorToken });
    // The projector is on node B, so B holds the session.
    const projector = await join(b.url, { code: created.code, role: 'projector', key: created.projectorKey });
    const ana = await join(a.url, { code: created.code, role: 'student', name: 'Ana' });
    participants.push(instructor, projector, ana);
    await projector.until(() => projector.projectorView.activeCount === 1, 'Ana seen on node B');

    lagging.hold();
    expect(await instructor.send('round:open', {})).toMatchObject({ ok: true });
    expect(await ana.send('answer:submit', { points: { predicted: [0.68, 0.42, 0.7] } })).toMatchObject({ ok: true });
    expect(await instructor.send('round:reveal', {})).toMatchObject({ ok: true });
    await ana.until(() => ana.graded.find((g) => g.round === 1), 'graded on node A');
    await expect.poll(() => lagging.readsHeld, { timeout: 10_000 }).toBeGreaterThan(0);

    const exported = fetch(`${b.url}/api/sessions/${created.code}/results.csv`, { headers: { authorization: `Bearer ${created.instructorToken}` } });
    void wait(300).then(() => lagging.letGo());
    const res = await exported;
    expect(res.status).toBe(200);
    const rows = (await res.text()).trim().split('\r\n').slice(1);
    // Fails: no rows (node B still thinks round 1 is unrevealed).
    expect(rows, 'rows for Ana\'s three predictions of round 1').toHaveLength(3);
  });
});
