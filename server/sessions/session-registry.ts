/**
 * The sessions this node serves: created here, or loaded from the store on first use (after a
 * restart, or when another node created them). Idle finished sessions are dropped from memory;
 * expired ones are deleted from the store.
 */
import type { Logger } from 'pino';
import { sessionCreated, type NewSession } from '../../shared/session/create.js';
import type { SessionEvent } from '../../shared/session/events.js';
import { replay } from '../../shared/session/evolve.js';
import { hashSecret, randomJoinCode, randomToken } from '../security/tokens.js';
import { restore, type SessionStore } from '../store/session-store.js';
import { LocalCoordination, type Coordination } from '../cluster/coordination.js';
import { SessionHost } from './session-host.js';
import type { Broadcaster } from './session-fanout.js';

export interface RegistryOptions {
  readonly store: SessionStore;
  readonly broadcaster: Broadcaster;
  readonly logger: Logger;
  readonly sessionTtlMs: number;
  readonly now?: () => number;
  readonly onEvents?: (host: SessionHost, events: readonly SessionEvent[], committedHere: boolean) => void;
  readonly onRevealFanout?: (seconds: number) => void;
  readonly coordination?: Coordination;
}

export interface CreatedHost {
  readonly host: SessionHost;
  readonly instructorToken: string;
  readonly projectorKey: string;
}

/** How long a finished session with nobody connected stays in memory. */
const IDLE_EVICT_MS = 10 * 60 * 1000;
/**
 * A host handed out (to a handshake, a socket, an HTTP request) this recently counts as in use
 * even with nobody attached yet: the caller is between looking it up and attaching to it.
 */
const IN_USE_GRACE_MS = 60 * 1000;

export class SessionRegistry {
  private readonly hosts = new Map<string, SessionHost>();
  private readonly loading = new Map<string, Promise<SessionHost | null>>();
  /** When each loaded host was last handed out (see IN_USE_GRACE_MS). */
  private readonly usedAt = new Map<string, number>();
  private readonly now: () => number;

  constructor(private readonly options: RegistryOptions) {
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.hosts.size;
  }

  all(): IterableIterator<SessionHost> {
    return this.hosts.values();
  }

  /** Creates a session (the engine may refuse the setup: RangeError with a readable message). */
  async create(input: Omit<NewSession, 'code' | 'instructorTokenHash' | 'projectorKey' | 'now'>): Promise<CreatedHost> {
    const instructorToken = randomToken(32);
    const projectorKey = randomToken(24);
    for (let attempt = 0; attempt < 10; attempt++) {
      const code = randomJoinCode();
      const event = sessionCreated({ ...input, code, instructorTokenHash: hashSecret(instructorToken), projectorKey, now: this.now() });
      if (this.hosts.has(code)) continue;
      if (!(await this.options.store.create(code, [event]))) continue;
      const host = this.host(replay([event]));
      return { host, instructorToken, projectorKey };
    }
    throw new Error('could not find a free join code');
  }

  /** The session with this code, loading it from the store if needed; null if unknown. */
  async get(code: string): Promise<SessionHost | null> {
    const known = this.hosts.get(code);
    if (known) {
      this.usedAt.set(code, this.now());
      return known;
    }
    let pending = this.loading.get(code);
    if (!pending) {
      pending = this.load(code).finally(() => this.loading.delete(code));
      this.loading.set(code, pending);
    }
    const host = await pending;
    if (host) this.usedAt.set(code, this.now());
    return host;
  }

  peek(code: string): SessionHost | undefined {
    return this.hosts.get(code);
  }

  /** Another node stored events of a session: if we hold it and are behind, catch up. */
  onAppended(code: string, version: number): void {
    const host = this.hosts.get(code);
    if (host && host.state.version < version) host.requestCatchUp();
  }

  /** Another node's students of a session came or went. */
  onPresence(code: string): void {
    const host = this.hosts.get(code);
    host?.presenceChanged();
  }

  /** This node's connected students, per session it holds. */
  *localPresence(): Iterable<[string, string[]]> {
    for (const [code, host] of this.hosts) {
      const ids = [...host.audience.students.keys()];
      if (ids.length > 0) yield [code, ids];
    }
  }

  /** Loads every unfinished session, so their timers and training runs resume at start. */
  async resumeLive(): Promise<number> {
    const codes = await this.options.store.liveCodes();
    let loaded = 0;
    for (const code of codes) if (await this.get(code)) loaded++;
    return loaded;
  }

  /**
   * In use: someone is connected, a command is queued or running, or it was handed out moments ago.
   * Such a session is neither dropped from memory nor deleted from the store, however long ago its
   * last event was (an instructor may keep a lobby open without doing anything).
   */
  private inUse(host: SessionHost, now: number): boolean {
    return !host.idle || now - (this.usedAt.get(host.code) ?? -Infinity) < IN_USE_GRACE_MS;
  }

  /** Drops idle sessions that keep no time from memory, and expired ones from the store. */
  async sweep(): Promise<void> {
    let now = this.now();
    for (const [code, host] of [...this.hosts]) {
      if (this.inUse(host, now)) continue;
      const s = host.state;
      const expired = now - s.lastActivityAt > this.options.sessionTtlMs;
      // A timed round or a training run needs its host to keep time; anything else reloads lazily
      // from the store on the next lookup, so an abandoned lobby does not hold memory for days.
      const keepsTime = (s.phase === 'open' && s.round?.deadline != null) || s.phase === 'running';
      if (expired || (!keepsTime && now - s.lastActivityAt > IDLE_EVICT_MS)) {
        // Out of the map first: a lookup from now on loads it afresh (or finds it expired).
        this.hosts.delete(code);
        this.usedAt.delete(code);
        await host.close();
      }
    }
    // The store deletes by last activity alone: stop short of the oldest session in use here, so it
    // cannot be deleted from under its host (other expired sessions wait until it is idle). Decided in
    // the same turn as the delete, so nothing can come into use in between.
    now = this.now();
    let before = now - this.options.sessionTtlMs;
    for (const host of this.hosts.values()) if (this.inUse(host, now)) before = Math.min(before, host.state.lastActivityAt);
    const removed = await this.options.store.expire(before);
    if (removed > 0) this.options.logger.info({ removed }, 'expired sessions removed');
  }

  async close(): Promise<void> {
    await Promise.all([...this.hosts.values()].map((h) => h.close()));
  }

  private async load(code: string): Promise<SessionHost | null> {
    const log = await this.options.store.load(code);
    if (!log) return null;
    const state = restore(log);
    if (this.now() - state.lastActivityAt > this.options.sessionTtlMs) return null;
    const known = this.hosts.get(code);
    if (known) return known;
    const host = this.host(state);
    // Another node's news that arrived while we were reading the log found no host to tell.
    if (host.coordination.shared) host.requestCatchUp();
    return host;
  }

  private host(state: ReturnType<typeof replay>): SessionHost {
    const host = new SessionHost(state, {
      store: this.options.store,
      broadcaster: this.options.broadcaster,
      logger: this.options.logger,
      now: this.now,
      ...(this.options.onEvents && { onEvents: this.options.onEvents }),
      ...(this.options.onRevealFanout && { onRevealFanout: this.options.onRevealFanout }),
      coordination: this.options.coordination ?? new LocalCoordination(),
    });
    this.hosts.set(state.code, host);
    this.usedAt.set(state.code, this.now());
    return host;
  }
}
