/**
 * The session's commit protocol: appends a batch's events at the version they were decided on and
 * says what became of them. `stored` (with whatever other nodes stored after them), `conflict`
 * (another node extended the log first: catch up and decide again) or `failed` (nothing stored).
 * A failed append whose reply was lost but which landed is found by reading the log back.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Logger } from 'pino';
import type { SessionEvent } from '../../shared/session/events.js';
import type { SessionState } from '../../shared/session/state.js';
import type { SessionStore, StoredLog } from '../store/session-store.js';

export type CommitResult = { readonly kind: 'stored'; readonly later: StoredLog | null } | { readonly kind: 'conflict' } | { readonly kind: 'failed' };

/** What the committer needs of its session host. */
export interface CommitterHost {
  readonly state: SessionState;
  /** Adopts events another node stored (the log then at `log.version`). */
  applyRemote(log: StoredLog): void;
  /** Reads and adopts what other nodes stored; false if the store could not be read. */
  tryCatchUp(): Promise<boolean>;
}

/** The same event, whether it is the object this node built or the one read back from the store. */
function sameEvent(ours: SessionEvent, stored: SessionEvent): boolean {
  return isDeepStrictEqual(JSON.parse(JSON.stringify(ours)), stored);
}

export class SessionCommitter {
  constructor(
    private readonly store: SessionStore,
    private readonly host: CommitterHost,
    private readonly log: Logger,
  ) {}

  /** Appends `events`, decided on `before` (the host's current state), after `before.version`. */
  async commit(before: SessionState, events: readonly SessionEvent[]): Promise<CommitResult> {
    let result: 'ok' | 'conflict' | 'error';
    try {
      result = await this.store.append(before.code, before.version, events);
    } catch (error) {
      this.log.error({ err: error }, 'store append failed');
      result = 'error';
    }
    if (result === 'ok') return { kind: 'stored', later: null };
    if (result === 'conflict') return { kind: 'conflict' };
    // A failed append may still have reached the store (a lost reply): re-read before anything else.
    const later = await this.readBackFailedAppend(before, events);
    return later ? { kind: 'stored', later: later.events.length > 0 ? later : null } : { kind: 'failed' };
  }

  /**
   * After an append that failed: reads the log from where the batch started. If it begins with
   * exactly the events the batch tried to append, the write did land and only its reply was lost:
   * returns the events stored after them (usually none). Otherwise adopts whatever others stored,
   * as any catch-up does, and returns null.
   */
  private async readBackFailedAppend(before: SessionState, events: readonly SessionEvent[]): Promise<StoredLog | null> {
    if (this.host.state !== before) {
      await this.host.tryCatchUp();
      return null;
    }
    let stored: StoredLog;
    try {
      stored = await this.store.eventsSince(before.code, before.version);
    } catch (error) {
      this.log.error({ err: error }, 'catching up failed');
      return null;
    }
    if (this.host.state !== before) return null;
    if (stored.events.length >= events.length && events.every((e, i) => sameEvent(e, stored.events[i]!))) {
      this.log.warn({ events: events.length, version: before.version + events.length }, 'the store reported a failed append that did land: treating it as stored');
      return { events: stored.events.slice(events.length), version: stored.version };
    }
    if (stored.events.length > 0) this.host.applyRemote(stored);
    return null;
  }
}
