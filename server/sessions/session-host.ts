/**
 * One live session on this node: the thin adapter around the pure core. It queues commands,
 * decides them in batches against the current state, stores the events (acknowledging nothing
 * before the store has them), then adopts the new state, fans out what changed, and keeps the
 * round timer and the training ticker in step with the state.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Logger } from 'pino';
import type { ProtocolError } from '../../shared/protocol/errors.js';
import type { SessionCommand } from '../../shared/session/commands.js';
import { decide } from '../../shared/session/decide.js';
import type { SessionEvent } from '../../shared/session/events.js';
import { evolve } from '../../shared/session/evolve.js';
import type { SessionState } from '../../shared/session/state.js';
import type { SessionStore } from '../store/session-store.js';
import { LocalCoordination, type Coordination } from '../cluster/coordination.js';
import { SessionFanout } from './session-fanout.js';
import type { IoServer, IoSocket } from '../realtime/types.js';

export type Outcome = { readonly ok: true; readonly events: readonly SessionEvent[]; readonly state: SessionState } | { readonly ok: false; readonly error: ProtocolError };

const UNAVAILABLE: ProtocolError = { code: 'unavailable', message: 'the change could not be stored; nothing changed, please try again' };

export interface HostOptions {
  readonly store: SessionStore;
  readonly io: IoServer;
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
/**
 * Refusals of the round timer's reveal that settle it: the round is closed already (or another one
 * is open, or the session ended or is shutting down). Anything else (the store failed) is retried.
 */
const SETTLED_REVEAL_REFUSALS: ReadonlySet<string> = new Set(['wrong-phase', 'wrong-round', 'finished', 'shutting-down']);
/** The round timer retries a failed reveal after 250 ms, doubling up to 5 s. */
const TIMER_RETRY_FIRST_MS = 250;
const TIMER_RETRY_MAX_MS = 5000;

/** The same event, whether it is the object this node built or the one read back from the store. */
function sameEvent(ours: SessionEvent, stored: SessionEvent): boolean {
  return isDeepStrictEqual(JSON.parse(JSON.stringify(ours)), stored);
}

export class SessionHost {
  private current: SessionState;
  private readonly queue: Queued[] = [];
  private drainScheduled = false;
  private draining = false;
  private roundTimer: NodeJS.Timeout | null = null;
  private roundTimerFor = 0;
  private ticker: NodeJS.Timeout | null = null;
  /** Bumped on every stop, so a tick still in flight from an earlier run cannot continue. */
  private tickerGeneration = 0;
  private closed = false;
  readonly fanout: SessionFanout;
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
    this.fanout = new SessionFanout(this, options.io, this.coordination);
    this.syncTimers();
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

  attach(socket: IoSocket, resumeToken?: string): void {
    this.fanout.attach(socket, resumeToken);
  }

  /** Stops timers and refuses new commands; queued commands still complete. */
  async close(): Promise<void> {
    this.closed = true;
    for (const done of this.storeReaders.splice(0)) done();
    this.clearRoundTimer();
    this.stopTicker();
    while (this.draining || this.queue.length > 0) await new Promise((r) => setImmediate(r));
    this.fanout.close();
  }

  get idle(): boolean {
    return this.queue.length === 0 && !this.draining && this.fanout.socketCount === 0;
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
      let result: 'ok' | 'conflict' | 'error';
      try {
        result = await this.options.store.append(before.code, before.version, events);
      } catch (error) {
        this.log.error({ err: error }, 'store append failed');
        result = 'error';
      }
      if (result === 'conflict' && attempt < MAX_CONFLICT_RETRIES) {
        // Another node extended the log: take its events, then decide again.
        if (await this.tryCatchUp()) return this.runBatch(batch, attempt + 1);
        result = 'error';
      }
      let after: readonly SessionEvent[] = [];
      if (result === 'error') {
        // A failed append may still have reached the store (a lost reply): re-read before anything else.
        const landed = await this.readBackFailedAppend(before, events);
        if (landed) {
          result = 'ok';
          after = landed;
        }
      }
      if (result !== 'ok') {
        batch.forEach((q, i) => q.resolve(decided[i]!.outcome.ok ? { ok: false, error: UNAVAILABLE } : decided[i]!.outcome));
        return;
      }
      this.adopt(before, state, events, true);
      this.coordination.appended(state.code, state.version);
      // Whatever other nodes stored after our events (already announced by them).
      if (after.length > 0) this.applyRemote(after);
    }
    batch.forEach((q, i) => q.resolve(decided[i]!.outcome));
  }

  /**
   * After an append that failed: reads the log from where this batch started. If it begins with
   * exactly the events this batch tried to append, the write did land and only its reply was lost:
   * returns the events stored after them (usually none), and the caller treats the batch as
   * committed here (fans it out, tells the other nodes, acknowledges). Otherwise applies whatever
   * others stored, as any catch-up does, and returns null.
   */
  private async readBackFailedAppend(before: SessionState, events: readonly SessionEvent[]): Promise<readonly SessionEvent[] | null> {
    if (this.current !== before) {
      await this.tryCatchUp();
      return null;
    }
    let stored: SessionEvent[];
    try {
      stored = await this.options.store.eventsSince(before.code, before.version);
    } catch (error) {
      this.log.error({ err: error }, 'catching up failed');
      return null;
    }
    if (this.current !== before) return null;
    if (stored.length >= events.length && events.every((e, i) => sameEvent(e, stored[i]!))) {
      this.log.warn({ events: events.length, version: before.version + events.length }, 'the store reported a failed append that did land: treating it as stored');
      return stored.slice(events.length);
    }
    if (stored.length > 0) this.applyRemote(stored);
    return null;
  }

  /** catchUp that reports failure instead of throwing (the store may be briefly unreachable). */
  private async tryCatchUp(): Promise<boolean> {
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
    if (missing.length > 0) this.applyRemote(missing);
  }

  applyRemote(events: readonly SessionEvent[]): void {
    const before = this.current;
    const after = evolve(before, events);
    this.adopt(before, after, events, false);
  }

  private adopt(before: SessionState, after: SessionState, events: readonly SessionEvent[], committedHere: boolean): void {
    this.current = after;
    for (const e of events) {
      // Answers and joins are counted in metrics; the class's milestones are worth a log line.
      if (e.type !== 'answer-submitted' && e.type !== 'student-joined' && e.type !== 'advanced') {
        this.log.info({ event: e.type, version: after.version, phase: after.phase, iteration: after.iteration }, `session ${e.type}`);
      }
    }
    const started = performance.now();
    this.fanout.published(before, after, events, committedHere);
    if (this.options.onRevealFanout && events.some((e) => e.type === 'round-revealed')) this.options.onRevealFanout((performance.now() - started) / 1000);
    this.syncTimers();
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

  private syncTimers(): void {
    const s = this.current;
    const round = s.round;
    if (s.phase === 'open' && round?.deadline != null) {
      if (this.roundTimerFor !== round.number) {
        this.clearRoundTimer();
        this.roundTimerFor = round.number;
        this.armRoundTimer(round.number, Math.max(0, round.deadline - this.now()), 0);
      }
    } else {
      this.clearRoundTimer();
    }
    if (s.phase === 'running') this.startTicker();
    else this.stopTicker();
  }

  private armRoundTimer(roundNumber: number, delay: number, failures: number): void {
    this.roundTimer = setTimeout(() => {
      this.roundTimer = null;
      void this.revealOnTimer(roundNumber, failures);
    }, delay);
  }

  /** The deadline passed: reveal, and if the store failed, try again (backing off) while the round is still open. */
  private async revealOnTimer(roundNumber: number, failures: number): Promise<void> {
    const outcome = await this.execute({ type: 'reveal', by: 'timer', round: roundNumber });
    if (outcome.ok || SETTLED_REVEAL_REFUSALS.has(outcome.error.code)) return;
    const s = this.current;
    // Stop once this timer no longer owns the round: it was closed, replaced, or re-armed meanwhile.
    if (this.closed || this.roundTimer || this.roundTimerFor !== roundNumber || s.phase !== 'open' || s.round?.number !== roundNumber) return;
    const delay = Math.min(TIMER_RETRY_MAX_MS, TIMER_RETRY_FIRST_MS * 2 ** Math.min(failures, 16));
    this.log.warn({ round: roundNumber, error: outcome.error.code, failures: failures + 1, retryInMs: delay }, 'the round timer could not reveal; retrying');
    this.armRoundTimer(roundNumber, delay, failures + 1);
  }

  private clearRoundTimer(): void {
    if (this.roundTimer) clearTimeout(this.roundTimer);
    this.roundTimer = null;
    this.roundTimerFor = 0;
  }

  private startTicker(): void {
    if (this.ticker || this.closed) return;
    const generation = this.tickerGeneration;
    const tick = async (): Promise<void> => {
      const started = this.now();
      // With several nodes, one of them (the lease holder) animates the run; the others stand by
      // and take over if it goes quiet.
      if (!(await this.coordination.holdTicker(this.code).catch(() => false))) {
        if (generation === this.tickerGeneration && this.current.phase === 'running' && !this.closed) this.ticker = setTimeout(() => void tick(), 1000);
        return;
      }
      if (generation !== this.tickerGeneration) return;
      await this.execute({ type: 'tick', iteration: this.current.iteration });
      if (generation !== this.tickerGeneration) return;
      if (this.current.phase !== 'running' || this.closed) {
        this.ticker = null;
        return;
      }
      // A steady rate: the next tick waits out what is left of this interval.
      const interval = 1000 / this.current.settings.stepsPerSecond;
      this.ticker = setTimeout(() => void tick(), Math.max(0, interval - (this.now() - started)));
    };
    this.ticker = setTimeout(() => void tick(), 1000 / this.current.settings.stepsPerSecond);
  }

  private stopTicker(): void {
    if (!this.ticker) return;
    clearTimeout(this.ticker);
    this.ticker = null;
    this.tickerGeneration++;
  }
}
