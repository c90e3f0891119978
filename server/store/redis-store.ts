/**
 * The shared store for several nodes: each session's event log is a Redis sorted set scored by
 * sequence number, extended only by a Lua script that first checks the log is still at the version
 * the writer saw. Redis runs a script atomically, so of two nodes deciding from the same state
 * exactly one extends the log; the other gets 'conflict', catches up and decides again. That makes
 * answers neither lost nor doubled, and a reveal, an advance or a timer happen exactly once,
 * whichever node they reach.
 *
 * A student's answer supersedes her earlier one of the same round, and the script removes the
 * earlier one: a log grows with students, not keystrokes. The newest event is never removed, so
 * the log's version is the highest score in it.
 *
 * Keys, under a prefix (REDIS_PREFIX, default "bpl"):
 *   <p>:events:<code>           sorted set of "<seq> <event JSON>" scored by seq (the source of truth),
 *                               expires SESSION_TTL after the last write
 *   <p>:answers:<code>:<round>  hash student id -> her latest answer's member in the log
 *   <p>:live                    set of codes not finished (to resume at start)
 *   <p>:lease:<code>            which node runs the session's training ticker (see coordination.ts)
 *   <p>:log:<code>              the list of event JSON of earlier versions: moved into the sorted set
 *                               when the session is first loaded (every node must run this version)
 */
import type { RedisClientType } from 'redis';
import { assertNever, type SessionEvent } from '../../shared/session/events.js';
import type { AppendResult, SessionStore, StoredLog } from './session-store.js';

// The log's version: the highest score (0 for no log).
const VERSION = `
local function version(log)
  local last = redis.call('ZRANGE', log, -1, -1, 'WITHSCORES')
  if #last == 0 then return 0 end
  return tonumber(last[2])
end
`;

// KEYS[1] the log, KEYS[2] the live set, KEYS[3..] the answer hashes this write touches.
// ARGV: expected version, ttl, then per event its JSON, what it does to the projections
// ('' nothing, 'live', 'done', or 'answer') and for an answer the KEYS index and the student id.
// The script never parses JSON: a write is all-or-nothing, whatever the text holds.
const APPEND = `${VERSION}
local log = KEYS[1]
local expected = tonumber(ARGV[1])
local ttl = tonumber(ARGV[2])
local seq = version(log)
if seq ~= expected then return -1 end
for i = 3, #ARGV, 4 do
  seq = seq + 1
  local member = string.format('%d', seq) .. ' ' .. ARGV[i]
  redis.call('ZADD', log, seq, member)
  local effect = ARGV[i + 1]
  if effect == 'answer' then
    local key = KEYS[tonumber(ARGV[i + 2])]
    local superseded = redis.call('HGET', key, ARGV[i + 3])
    if superseded then redis.call('ZREM', log, superseded) end
    redis.call('HSET', key, ARGV[i + 3], member)
    redis.call('PEXPIRE', key, ttl)
  elseif effect == 'live' then
    redis.call('SADD', KEYS[2], ARGV[i + 2])
  elseif effect == 'done' then
    redis.call('SREM', KEYS[2], ARGV[i + 2])
  end
end
redis.call('PEXPIRE', log, ttl)
return seq
`;

// KEYS[1] the log, KEYS[2] the list of an earlier version. Moves the list into the log, once.
const ADOPT_LIST = `
if redis.call('EXISTS', KEYS[1]) == 1 or redis.call('EXISTS', KEYS[2]) == 0 then return 0 end
local rows = redis.call('LRANGE', KEYS[2], 0, -1)
for i, json in ipairs(rows) do
  redis.call('ZADD', KEYS[1], i, string.format('%d', i) .. ' ' .. json)
end
local ttl = redis.call('PTTL', KEYS[2])
if ttl > 0 then redis.call('PEXPIRE', KEYS[1], ttl) end
redis.call('DEL', KEYS[2])
return #rows
`;

/** A log member "<seq> <json>" as its event and sequence number. */
function parseMember(member: string): { seq: number; event: SessionEvent } {
  const space = member.indexOf(' ');
  return { seq: Number(member.slice(0, space)), event: JSON.parse(member.slice(space + 1)) as SessionEvent };
}

export interface RedisStoreOptions {
  readonly client: RedisClientType;
  readonly prefix: string;
  readonly ttlMs: number;
}

export class RedisSessionStore implements SessionStore {
  readonly kind = 'redis';
  private readonly shas = new Map<string, string>();

  constructor(private readonly options: RedisStoreOptions) {}

  private key(kind: string, code: string): string {
    return `${this.options.prefix}:${kind}:${code}`;
  }

  async create(code: string, events: readonly SessionEvent[]): Promise<boolean> {
    return (await this.append(code, 0, events)) === 'ok';
  }

  async append(code: string, expectedVersion: number, events: readonly SessionEvent[]): Promise<AppendResult> {
    if (events.length === 0) return 'ok';
    const keys = [this.key('events', code), `${this.options.prefix}:live`];
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
    const result = await this.run(APPEND, keys, args);
    return result < 0 ? 'conflict' : 'ok';
  }

  async load(code: string): Promise<StoredLog | null> {
    await this.run(ADOPT_LIST, [this.key('events', code), this.key('log', code)], []);
    const log = await this.eventsSince(code, 0);
    return log.events.length === 0 ? null : log;
  }

  async eventsSince(code: string, version: number): Promise<StoredLog> {
    const members = await this.options.client.zRangeByScore(this.key('events', code), `(${version}`, '+inf');
    const rows = members.map(parseMember);
    return { events: rows.map((r) => r.event), version: rows.at(-1)?.seq ?? version };
  }

  async liveCodes(): Promise<string[]> {
    const client = this.options.client;
    const codes = await client.sMembers(`${this.options.prefix}:live`);
    const live: string[] = [];
    for (const code of codes) {
      // A log that expired leaves its code behind in the set.
      if (await client.exists([this.key('events', code), this.key('log', code)])) live.push(code);
      else await client.sRem(`${this.options.prefix}:live`, code);
    }
    return live;
  }

  /** Redis expires idle logs by itself (PEXPIRE on every write); nothing to sweep. */
  async expire(): Promise<number> {
    return 0;
  }

  /** Runs a script by its SHA, loading it first (and again after a Redis restart emptied the cache). */
  private async run(script: string, keys: string[], args: string[]): Promise<number> {
    const client = this.options.client;
    let sha = this.shas.get(script);
    try {
      sha ??= await client.scriptLoad(script);
      this.shas.set(script, sha);
      return Number(await client.evalSha(sha, { keys, arguments: args }));
    } catch (error) {
      if (!String((error as Error).message).includes('NOSCRIPT')) throw error;
      sha = await client.scriptLoad(script);
      this.shas.set(script, sha);
      return Number(await client.evalSha(sha, { keys, arguments: args }));
    }
  }

  /** The client is shared with the adapter and coordination; its owner closes it. */
  async close(): Promise<void> {}
}
