// Two in-process nodes sharing the real Redis (store, adapter, coordination). Node A's store
// writes to Redis and then loses the reply: the change took effect, so A must treat it as its
// own: acknowledge it, broadcast it, and tell node B, whose students would otherwise never hear.
import { describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../server/app.js';
import { testConfig } from '../../server/config.js';
import { RedisSessionStore } from '../../server/store/redis-store.js';
import type { AppendResult } from '../../server/store/session-store.js';
import type { SessionEvent } from '../../shared/session/events.js';
import { REDIS_URL, useRedis } from '../support/redis.js';
import { createSession, join, type Participant } from '../support/server.js';
import { DelegatingStore } from '../support/stores.js';

const servers: RunningServer[] = [];
const participants: Participant[] = [];
const { client, prefix } = useRedis('lost-reply', async () => {
  for (const p of participants) p.close();
  for (const s of servers) await s.close();
});

/** The real Redis store; the next `loseReplies` appends are written, then throw. */
class LostReplyStore extends DelegatingStore {
  loseReplies = 0;
  override async append(code: string, version: number, events: readonly SessionEvent[]): Promise<AppendResult> {
    const result = await super.append(code, version, events);
    if (this.loseReplies > 0 && result === 'ok') {
      this.loseReplies--;
      throw new Error('injected: the script ran but its reply was lost');
    }
    return result;
  }
}

async function log(code: string): Promise<SessionEvent[]> {
  return (await client.zRange(`${prefix}:events:${code}`, 0, -1)).map((m) => JSON.parse(m.slice(m.indexOf(' ') + 1)) as SessionEvent);
}

describe('an append whose reply was lost, with two nodes', () => {
  it('is acknowledged, reaches the students on the other node, and that node catches up', async () => {
    const config = testConfig({ redisUrl: REDIS_URL, redisPrefix: prefix });
    const faulty = new LostReplyStore(new RedisSessionStore({ client, prefix, ttlMs: config.sessionTtlMs }));
    const a = await startServer(config, { store: faulty });
    servers.push(a);
    const b = await startServer(config);
    servers.push(b);

    const created = await createSession(a.url);
    const instructor = await join(a.url, { code: created.code, role: 'instructor', token: created.instructorToken });
    const ana = await join(b.url, { code: created.code, role: 'student', name: 'Ana' });
    participants.push(instructor, ana);
    await instructor.until(() => instructor.states.length > 0 && instructor.staff.activeCount === 1, 'Ana seen on node A');
    await ana.untilState((s) => s.session.phase === 'lobby', 'Ana in the lobby');

    faulty.loseReplies = 1;
    const ack = await instructor.send('round:open', {});
    expect(ack).toMatchObject({ ok: true });
    // The broadcast went out (through the adapter) and node B heard that the log moved on.
    await ana.untilState((s) => s.session.phase === 'open' && s.session.round?.number === 1, 'the round open for Ana on node B');
    await expect.poll(() => b.registry.peek(created.code)?.state.phase, { timeout: 10_000 }).toBe('open');
    expect(a.registry.peek(created.code)!.state.version).toBe(b.registry.peek(created.code)!.state.version);

    // The round works on both nodes, and the log has it once.
    expect(await ana.send('answer:submit', { next: { w3: 0.3342, w4: 0.6174, b3: -0.019 } })).toMatchObject({ ok: true });
    await instructor.until(() => instructor.staff.answeredCount === 1, 'the answer seen on node A');
    expect((await log(created.code)).filter((e) => e.type === 'round-opened')).toHaveLength(1);
  });
});
