/**
 * What nodes tell each other about the sessions they share. With one node there is nothing to
 * tell (LocalCoordination). With several (RedisCoordination): a node that stored events says so,
 * and the others holding that session catch up from the store; nodes share which students are
 * connected to them; and one node at a time (a lease in Redis) runs a session's training ticker.
 */
import { randomUUID } from 'node:crypto';
import type { RedisClientType } from 'redis';
import type { IoServer } from '../realtime/types.js';

export interface Coordination {
  readonly nodeId: string;
  /** Whether other nodes may write the same sessions (so this node's view can lag behind). */
  readonly shared: boolean;
  /** After this node stored events of a session. */
  appended(code: string, version: number): void;
  /** Whether this node may run the session's training ticker now (taking or renewing a lease). */
  holdTicker(code: string): Promise<boolean>;
  /** This node's connected students of a session changed. */
  presenceChanged(code: string, studentId: string, on: boolean): void;
  /** Students of a session connected to other nodes. */
  remoteStudents(code: string): ReadonlySet<string>;
  close(): Promise<void>;
}

const EMPTY: ReadonlySet<string> = new Set();

export class LocalCoordination implements Coordination {
  readonly nodeId = 'local';
  readonly shared = false;
  appended(): void {}
  async holdTicker(): Promise<boolean> {
    return true;
  }
  presenceChanged(): void {}
  remoteStudents(): ReadonlySet<string> {
    return EMPTY;
  }
  async close(): Promise<void> {}
}

export interface RedisCoordinationOptions {
  readonly io: IoServer;
  readonly client: RedisClientType;
  readonly prefix: string;
  /** The other nodes' news about a session (catch up, presence): the registry routes it to the host. */
  readonly onAppended: (code: string, version: number) => void;
  readonly onPresence: (code: string) => void;
  /** This node's connected students per loaded session, for the periodic full presence. */
  readonly localPresence: () => Iterable<[code: string, ids: string[]]>;
}

const LEASE_MS = 3000;
const PRESENCE_EVERY_MS = 5000;
/** A node not heard from for this long is taken to be gone, with its students. */
const PRESENCE_STALE_MS = 3 * PRESENCE_EVERY_MS;

// Renew the lease if this node holds it, take it if nobody does.
const LEASE = `
local holder = redis.call('GET', KEYS[1])
if holder == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end
if not holder then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1 end
return 0
`;

export class RedisCoordination implements Coordination {
  readonly nodeId = randomUUID();
  readonly shared = true;
  /** code -> node -> its students and when we last heard. */
  private readonly remote = new Map<string, Map<string, { ids: Set<string>; at: number }>>();
  private readonly heartbeat: NodeJS.Timeout;

  constructor(private readonly options: RedisCoordinationOptions) {
    const { io } = options;
    io.on('bpl:appended', (code, version) => options.onAppended(code, version));
    io.on('bpl:presence', (u) => {
      if (u.node === this.nodeId) return;
      let nodes = this.remote.get(u.code);
      if (!nodes) this.remote.set(u.code, (nodes = new Map()));
      let entry = nodes.get(u.node);
      if (!entry || u.full) nodes.set(u.node, (entry = { ids: new Set(u.full ? u.ids : entry?.ids ?? []), at: Date.now() }));
      if (!u.full) for (const id of u.ids) u.on ? entry.ids.add(id) : entry.ids.delete(id);
      entry.at = Date.now();
      options.onPresence(u.code);
    });
    this.heartbeat = setInterval(() => {
      for (const [code, ids] of options.localPresence()) io.serverSideEmit('bpl:presence', { node: this.nodeId, code, ids, on: true, full: true });
    }, PRESENCE_EVERY_MS);
    this.heartbeat.unref();
  }

  appended(code: string, version: number): void {
    this.options.io.serverSideEmit('bpl:appended', code, version);
  }

  async holdTicker(code: string): Promise<boolean> {
    const held = await this.options.client.eval(LEASE, { keys: [`${this.options.prefix}:lease:${code}`], arguments: [this.nodeId, String(LEASE_MS)] });
    return Number(held) === 1;
  }

  presenceChanged(code: string, studentId: string, on: boolean): void {
    this.options.io.serverSideEmit('bpl:presence', { node: this.nodeId, code, ids: [studentId], on, full: false });
  }

  remoteStudents(code: string): ReadonlySet<string> {
    const nodes = this.remote.get(code);
    if (!nodes) return EMPTY;
    const now = Date.now();
    const all = new Set<string>();
    for (const [node, entry] of nodes) {
      if (now - entry.at > PRESENCE_STALE_MS) nodes.delete(node);
      else for (const id of entry.ids) all.add(id);
    }
    return all;
  }

  async close(): Promise<void> {
    clearInterval(this.heartbeat);
  }
}
