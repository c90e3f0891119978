/**
 * The shared store for several nodes: each session's event log is a Redis list, extended only by
 * a Lua script that first checks the log still has the length (version) the writer saw. Redis runs
 * a script atomically, so of two nodes deciding from the same state exactly one extends the log;
 * the other gets 'conflict', catches up and decides again. That makes answers neither lost nor
 * doubled, and a reveal, an advance or a timer happen exactly once, whichever node they reach.
 *
 * Keys, under a prefix (REDIS_PREFIX, default "bpl"):
 *   <p>:log:<code>              list of event JSON (the source of truth), expires SESSION_TTL after the last write
 *   <p>:answers:<code>:<round>  hash student id -> answer event (a projection, for inspection and counts)
 *   <p>:live                    set of codes not finished (to resume at start)
 *   <p>:lease:<code>            which node runs the session's training ticker (see coordination.ts)
 */
import type { RedisClientType } from 'redis';
import { assertNever, type SessionEvent } from '../../shared/session/events.js';
import type { AppendResult, SessionStore } from './session-store.js';

// KEYS[1] the log, KEYS[2] the live set, KEYS[3..] the answer hashes this write touches.
// ARGV: expected length, ttl, then per event its JSON, what it does to the projections
// ('' nothing, 'live', 'done', or 'answer') and for an answer the KEYS index and the student id.
// The script never parses JSON: a write is all-or-nothing, whatever the text holds.
const APPEND = `
local log = KEYS[1]
local expected = tonumber(ARGV[1])
local ttl = tonumber(ARGV[2])
local len = redis.call('LLEN', log)
if len ~= expected then return -1 end
local count = 0
for i = 3, #ARGV, 4 do
  redis.call('RPUSH', log, ARGV[i])
  count = count + 1
  local effect = ARGV[i + 1]
  if effect == 'answer' then
    local key = KEYS[tonumber(ARGV[i + 2])]
    redis.call('HSET', key, ARGV[i + 3], ARGV[i])
    redis.call('PEXPIRE', key, ttl)
  elseif effect == 'live' then
    redis.call('SADD', KEYS[2], ARGV[i + 2])
  elseif effect == 'done' then
    redis.call('SREM', KEYS[2], ARGV[i + 2])
  end
end
redis.call('PEXPIRE', log, ttl)
return len + count
`;

export interface RedisStoreOptions {
  readonly client: RedisClientType;
  readonly prefix: string;
  readonly ttlMs: number;
}

export class RedisSessionStore implements SessionStore {
  readonly kind = 'redis';
  private sha: string | null = null;

  constructor(private readonly options: RedisStoreOptions) {}

  private key(kind: string, code: string): string {
    return `${this.options.prefix}:${kind}:${code}`;
  }

  async create(code: string, events: readonly SessionEvent[]): Promise<boolean> {
    return (await this.append(code, 0, events)) === 'ok';
  }

  async append(code: string, expectedVersion: number, events: readonly SessionEvent[]): Promise<AppendResult> {
    if (events.length === 0) return 'ok';
    const keys = [this.key('log', code), `${this.options.prefix}:live`];
    const args = [String(expectedVersion), String(this.options.ttlMs)];
    for (const e of events) {
      const json = JSON.stringify(e);
      // What the script does beside appending: index an answer, or mark the session live or done.
      switch (e.type) {
        case 'answer-submitted': {
          const answersKey = this.key('answers', `${code}:${e.round}`);
          let index = keys.indexOf(answersKey);
          if (index < 0) index = keys.push(answersKey) - 1;
          args.push(json, 'answer', String(index + 1), e.studentId);
          break;
        }
        case 'session-created':
        case 'session-reset':
          args.push(json, 'live', code, '');
          break;
        case 'session-finished':
          args.push(json, 'done', code, '');
          break;
        case 'student-joined':
        case 'student-removed':
        case 'student-token-changed':
        case 'student-readmitted':
        case 'joining-locked':
        case 'projector-key-changed':
        case 'round-opened':
        case 'round-extended':
        case 'round-revealed':
        case 'advanced':
        case 'run-started':
        case 'run-stopped':
        case 'training-stopped':
        case 'settings-changed':
          args.push(json, '', '', '');
          break;
        default:
          assertNever(e);
      }
    }
    const client = this.options.client;
    let result: number;
    try {
      this.sha ??= await client.scriptLoad(APPEND);
      result = Number(await client.evalSha(this.sha, { keys, arguments: args }));
    } catch (error) {
      // The script cache is empty after a Redis restart: load it again.
      if (!String((error as Error).message).includes('NOSCRIPT')) throw error;
      this.sha = await client.scriptLoad(APPEND);
      result = Number(await client.evalSha(this.sha, { keys, arguments: args }));
    }
    return result < 0 ? 'conflict' : 'ok';
  }

  async load(code: string): Promise<SessionEvent[] | null> {
    const rows = await this.options.client.lRange(this.key('log', code), 0, -1);
    return rows.length === 0 ? null : rows.map((r) => JSON.parse(r) as SessionEvent);
  }

  async eventsSince(code: string, version: number): Promise<SessionEvent[]> {
    const rows = await this.options.client.lRange(this.key('log', code), version, -1);
    return rows.map((r) => JSON.parse(r) as SessionEvent);
  }

  async liveCodes(): Promise<string[]> {
    const client = this.options.client;
    const codes = await client.sMembers(`${this.options.prefix}:live`);
    const live: string[] = [];
    for (const code of codes) {
      // A log that expired leaves its code behind in the set.
      if (await client.exists(this.key('log', code))) live.push(code);
      else await client.sRem(`${this.options.prefix}:live`, code);
    }
    return live;
  }

  /** Redis expires idle logs by itself (PEXPIRE on every write); nothing to sweep. */
  async expire(): Promise<number> {
    return 0;
  }

  /** The client is shared with the adapter and coordination; its owner closes it. */
  async close(): Promise<void> {}
}
