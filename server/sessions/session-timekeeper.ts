/**
 * The session's clocks, derived from its state: the round timer of an open round with a deadline
 * (it reveals when time is up, retrying with backoff if the store fails) and the training ticker
 * while training runs. `sync(state)` after every change arms or clears them; nothing else does.
 */
import type { Logger } from 'pino';
import type { SessionCommand } from '../../shared/session/commands.js';
import type { SessionState } from '../../shared/session/state.js';
import type { Coordination } from '../cluster/coordination.js';
import type { Outcome } from './session-host.js';

/** What the timekeeper needs of its session host. */
export interface TimekeeperHost {
  readonly state: SessionState;
  readonly code: string;
  now(): number;
  execute(command: SessionCommand): Promise<Outcome>;
}

/**
 * Refusals of the round timer's reveal that settle it: the round is closed already (or another one
 * is open, or the session ended or is shutting down). Anything else (the store failed) is retried.
 */
const SETTLED_REVEAL_REFUSALS: ReadonlySet<string> = new Set(['wrong-phase', 'wrong-round', 'finished', 'shutting-down']);
/** The round timer retries a failed reveal after 250 ms, doubling up to 5 s. */
const TIMER_RETRY_FIRST_MS = 250;
const TIMER_RETRY_MAX_MS = 5000;

export class SessionTimekeeper {
  private roundTimer: NodeJS.Timeout | null = null;
  private roundTimerFor = 0;
  /** The deadline the round timer was armed for (added time moves it). */
  private roundTimerDeadline: number | null = null;
  private ticker: NodeJS.Timeout | null = null;
  /** Bumped on every stop, so a tick still in flight from an earlier run cannot continue. */
  private tickerGeneration = 0;
  private closed = false;

  constructor(
    private readonly host: TimekeeperHost,
    private readonly coordination: Coordination,
    private readonly log: Logger,
  ) {}

  /** Arms or clears the timers for the state the session is in now. */
  sync(): void {
    const s = this.host.state;
    const round = s.round;
    if (s.phase === 'open' && round?.deadline != null) {
      // A new round, or more time for this one: (re-)arm for its deadline.
      if (this.roundTimerFor !== round.number || this.roundTimerDeadline !== round.deadline) {
        this.clearRoundTimer();
        this.roundTimerFor = round.number;
        this.roundTimerDeadline = round.deadline;
        this.armRoundTimer(round.number, Math.max(0, round.deadline - this.host.now()), 0);
      }
    } else {
      this.clearRoundTimer();
    }
    if (s.phase === 'running') this.startTicker();
    else this.stopTicker();
  }

  close(): void {
    this.closed = true;
    this.clearRoundTimer();
    this.stopTicker();
  }

  private armRoundTimer(roundNumber: number, delay: number, failures: number): void {
    this.roundTimer = setTimeout(() => {
      this.roundTimer = null;
      void this.revealOnTimer(roundNumber, failures);
    }, delay);
  }

  /** The deadline passed: reveal, and if the store failed, try again (backing off) while the round is still open. */
  private async revealOnTimer(roundNumber: number, failures: number): Promise<void> {
    const outcome = await this.host.execute({ type: 'reveal', by: 'timer', round: roundNumber });
    if (outcome.ok || SETTLED_REVEAL_REFUSALS.has(outcome.error.code)) return;
    const s = this.host.state;
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
    this.roundTimerDeadline = null;
  }

  private startTicker(): void {
    if (this.ticker || this.closed) return;
    const generation = this.tickerGeneration;
    const running = (): boolean => generation === this.tickerGeneration && this.host.state.phase === 'running' && !this.closed;
    const tick = async (): Promise<void> => {
      const started = this.host.now();
      // With several nodes, one of them (the lease holder) animates the run; the others stand by
      // and take over if it goes quiet.
      if (!(await this.coordination.holdTicker(this.host.code).catch(() => false))) {
        if (running()) this.ticker = setTimeout(() => void tick(), 1000);
        return;
      }
      if (generation !== this.tickerGeneration) return;
      await this.host.execute({ type: 'tick', iteration: this.host.state.iteration });
      if (generation !== this.tickerGeneration) return;
      if (!running()) {
        this.ticker = null;
        return;
      }
      // A steady rate: the next tick waits out what is left of this interval.
      const interval = 1000 / this.host.state.settings.stepsPerSecond;
      this.ticker = setTimeout(() => void tick(), Math.max(0, interval - (this.host.now() - started)));
    };
    this.ticker = setTimeout(() => void tick(), 1000 / this.host.state.settings.stepsPerSecond);
  }

  private stopTicker(): void {
    if (!this.ticker) return;
    clearTimeout(this.ticker);
    this.ticker = null;
    this.tickerGeneration++;
  }
}
