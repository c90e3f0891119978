/**
 * One live session on this node: the thin adapter around the pure core. It queues commands,
 * decides them in batches against the current state, has the committer store the events
 * (acknowledging nothing before the store has them), then adopts the new state, hands the change
 * to the fan-out (which sends the message plan) and to the timekeeper (which derives the round
 * timer and the training ticker from the state).
 */
import type { FreshCredentials } from '../../shared/session/views.js';
import type { Logger } from 'pino';
import type { ProtocolError } from '../../shared/protocol/errors.js';
import type { SessionCommand } from '../../shared/session/commands.js';
import { decide } from '../../shared/session/decide.js';
import { EVENT_TRAITS, type SessionEvent } from '../../shared/session/events.js';
import { evolve } from '../../shared/session/evolve.js';
import type { SessionState } from '../../shared/session/state.js';
import type { SessionStore, StoredLog } from '../store/session-store.js';
import { LocalCoordination, type Coordination } from '../cluster/coordination.js';
import { SessionFanout, type Broadcaster } from './session-fanout.js';
import type { SessionAudience } from './session-audience.js';
import { SessionCommitter } from './session-committer.js';
import { SessionTimekeeper } from './session-timekeeper.js';
import type { IoSocket } from '../realtime/types.js';

export type Outcome = { readonly ok: true; readonly events: readonly SessionEvent[]; readonly state: SessionState } | { readonly ok: false; readonly error: ProtocolError };

const UNAVAILABLE: ProtocolError = { code: 'unavailable', message: 'the change could not be stored; nothing changed, please try again' };

export interface HostOptions {
  readonly store: SessionStore;
  /** Sends to a socket.io room on every node (see socketIoBroadcaster). */
  readonly broadcaster: Broadcaster;
  readonly logger: Logger;
  readonly now?: () => number;
  /** Called after events are adopted; `committedHere` is false for events another node stored. */
  readonly onEvents?: (host: SessionHost, events: readonly SessionEvent[], committedHere: boolean) => void;
  /** How long handing a reveal's messages to socket.io took, in seconds (metrics). */
  readonly onRevealFanout?: (seconds: number) => void;
  /** Other nodes sharing the session (none by default). */
  readonly coordination?: Coordination;
}

interface Queued {
  readonly command: SessionCommand;
  readonly resolve: (outcome: Outcome) => void;
}

/** Commands decided per store write; bounds one transaction's size during a burst. */
const MAX_BATCH = 512;
const MAX_CONFLICT_RETRIES = 20;
/**
 * Refusals that depend on how far the session has come. With several nodes, this node may simply
 * not have heard of another node's events yet, so it catches up once and decides again.
 */
const STALE_STATE_REFUSALS: ReadonlySet<string> = new Set(['wrong-phase', 'wrong-round', 'not-found', 'removed', 'finished']);

export class SessionHost {
  private current: SessionState;
  private readonly queue: Queued[] = [];
  private drainScheduled = false;
  private draining = false;
  private closed = false;
  private readonly fanout: SessionFanout;
  private readonly committer: SessionCommitter;
  private readonly timekeeper: SessionTimekeeper;
  readonly now: () => number;
  readonly coordination: Coordination;
  private readonly log: Logger;
  /** Another node stored events: catch up before the next batch. */
  private catchUpRequested = false;
  /** Waiting for `readStore`: resolved after the next catch-up. */
  private readonly storeReaders: Array<() => void> = [];

  constructor(
    state: SessionState,
    private readonly options: HostOptions,
  ) {
    this.current = state;
    this.now = options.now ?? Date.now;
    this.log = options.logger.child({ session: state.code });
    this.coordination = options.coordination ?? new LocalCoordination();
    this.fanout = new SessionFanout(this, options.broadcaster, this.coordination);
    this.committer = new SessionCommitter(options.store, this, this.log);
    this.timekeeper = new SessionTimekeeper(this, this.coordination, this.log);
    this.timekeeper.sync();
  }

  get state(): SessionState {
    return this.current;
  }

  get code(): string {
    return this.current.code;
  }

  /** Queues a command; resolves once it is refused, or stored and applied. */
  execute(command: SessionCommand): Promise<Outcome> {
    if (this.closed) return Promise.resolve({ ok: false, error: { code: 'shutting-down', message: 'the server is shutting down; reconnect in a moment' } });
    return new Promise((resolve) => {
      this.queue.push({ command, resolve });
      this.scheduleDrain();
    });
  }

  attach(socket: IoSocket, fresh?: FreshCredentials): void {
    this.fanout.attach(socket, fresh);
  }

  /** This node's sockets of the session (and the slots the handshake holds for them). */
  get audience(): SessionAudience {
    return this.fanout.audience;
  }

  /** Another node's students of this session came or went. */
  presenceChanged(): void {
    this.fanout.scheduleStaff();
    this.maybeAutoClose();
  }

  /** Stops timers and refuses new commands; queued commands still complete. */
  async close(): Promise<void> {
    this.closed = true;
    for (const done of this.storeReaders.splice(0)) done();
    this.timekeeper.close();
    while (this.draining || this.queue.length > 0) await new Promise((r) => setImmediate(r));
    this.fanout.close();
  }

  get idle(): boolean {
    return this.queue.length === 0 && !this.draining && this.fanout.audience.socketCount === 0;
  }

  private scheduleDrain(): void {
    if (this.drainScheduled || this.draining) return;
    this.drainScheduled = true;
    // Wait for the rest of this turn's messages so they share one store write.
    setImmediate(() => {
      this.drainScheduled = false;
      void this.drain();
    });
  }

  /** Called when another node stored events of this session; applied in order with our own commands. */
  requestCatchUp(): void {
    this.catchUpRequested = true;
    this.scheduleDrain();
  }

  /**
   * Resolves once this node has read what the store holds now (in order with its own commands).
   * With one node there is nothing to read; with shared coordination another node may have
   * stored events this node has not heard of yet.
   */
  readStore(): Promise<void> {
    if (!this.coordination.shared || this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      this.storeReaders.push(resolve);
      this.requestCatchUp();
    });
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.catchUpRequested || this.queue.length > 0) {
        if (this.catchUpRequested) {
          this.catchUpRequested = false;
          const readers = this.storeReaders.splice(0);
          await this.tryCatchUp();
          for (const done of readers) done();
          continue;
        }
        const batch = this.queue.splice(0, MAX_BATCH);
        try {
          await this.runBatch(batch, 0);
        } catch (error) {
          // Never leave a caller waiting or the drain loop dead: whatever was not answered is refused.
          this.log.error({ err: error }, 'deciding a batch failed');
          const refusal: Outcome = { ok: false, error: UNAVAILABLE };
          for (const q of batch) q.resolve(refusal);
        }
      }
    } finally {
      this.draining = false;
    }
  }

  private async runBatch(batch: Queued[], attempt: number): Promise<void> {
    const before = this.current;
    const now = this.now();
    let state = before;
    const events: SessionEvent[] = [];
    const decided: Array<{ outcome: Outcome }> = [];
    let refusedForStaleState = false;
    for (const { command } of batch) {
      const decision = decide(state, command, { now });
      if (!decision.ok) {
        decided.push({ outcome: { ok: false, error: decision.error } });
        if (STALE_STATE_REFUSALS.has(decision.error.code)) refusedForStaleState = true;
        continue;
      }
      state = evolve(state, decision.events);
      events.push(...decision.events);
      decided.push({ outcome: { ok: true, events: decision.events, state } });
    }
    if (refusedForStaleState && attempt === 0 && this.coordination.shared) {
      // Refusals are rare, so the extra read is too: decide again only if there was news.
      await this.tryCatchUp();
      if (this.current.version !== before.version) return this.runBatch(batch, attempt + 1);
    }
    if (events.length > 0) {
      const result = await this.committer.commit(before, events);
      if (result.kind === 'conflict' && attempt < MAX_CONFLICT_RETRIES && (await this.tryCatchUp())) {
        // Another node extended the log: take its events, then decide again.
        return this.runBatch(batch, attempt + 1);
      }
      if (result.kind !== 'stored') {
        batch.forEach((q, i) => q.resolve(decided[i]!.outcome.ok ? { ok: false, error: UNAVAILABLE } : decided[i]!.outcome));
        return;
      }
      this.adopt(before, state, events, true);
      this.coordination.appended(state.code, state.version);
      // Whatever other nodes stored after our events (already announced by them).
      if (result.later) this.applyRemote(result.later);
    }
    batch.forEach((q, i) => q.resolve(decided[i]!.outcome));
  }

  /** catchUp that reports failure instead of throwing (the store may be briefly unreachable). */
  async tryCatchUp(): Promise<boolean> {
    try {
      await this.catchUp();
      return true;
    } catch (error) {
      this.log.error({ err: error }, 'catching up failed');
      return false;
    }
  }

  /** Applies events some other writer stored (another node), then fans them out locally. */
  async catchUp(): Promise<void> {
    const missing = await this.options.store.eventsSince(this.current.code, this.current.version);
    if (missing.events.length > 0) this.applyRemote(missing);
  }

  /** Adopts `log` (events stored after this state's version); the log's version may skip superseded answers. */
  applyRemote(log: StoredLog): void {
    const before = this.current;
    const after = { ...evolve(before, log.events), version: log.version };
    this.adopt(before, after, log.events, false);
  }

  private adopt(before: SessionState, after: SessionState, events: readonly SessionEvent[], committedHere: boolean): void {
    this.current = after;
    for (const e of events) {
      if (EVENT_TRAITS[e.type].milestone) {
        this.log.info({ event: e.type, version: after.version, phase: after.phase, iteration: after.iteration }, `session ${e.type}`);
      }
    }
    const started = performance.now();
    this.fanout.published(before, after, events, committedHere);
    if (this.options.onRevealFanout && events.some((e) => e.type === 'round-revealed')) this.options.onRevealFanout((performance.now() - started) / 1000);
    this.timekeeper.sync();
    this.options.onEvents?.(this, events, committedHere);
    if (events.some((e) => e.type === 'answer-submitted')) this.maybeAutoClose();
  }

  /** Closes the round once every connected student has answered, if the instructor asked. */
  maybeAutoClose(): void {
    const s = this.current;
    if (!s.settings.autoClose || s.phase !== 'open' || !s.round) return;
    if (this.fanout.everyConnectedStudentAnswered(s.round.answers)) {
      void this.execute({ type: 'reveal', by: 'all-answered', round: s.round.number });
    }
  }
}
