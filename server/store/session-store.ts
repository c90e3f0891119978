/**
 * Where sessions live between restarts. A session is its event log (shared/session/events.ts):
 * appending is the only write, guarded by the version the writer saw, so two writers can never
 * both extend the same state. Implementations: SQLite (embedded, the default) and Redis
 * (shared by several nodes).
 */
import type { SessionEvent } from '../../shared/session/events.js';
import { replay } from '../../shared/session/evolve.js';
import type { SessionState } from '../../shared/session/state.js';

export type AppendResult = 'ok' | 'conflict';

/**
 * Events read back from a store, with the log's version after them. Each appended event advances the
 * version by one, but a student's answer supersedes her earlier answer of the same round and the
 * stores drop the earlier one (so a log grows with students, not keystrokes): the version can be
 * larger than the number of events, and is only ever compared, never counted.
 */
export interface StoredLog {
  readonly events: SessionEvent[];
  readonly version: number;
}

/** The state a stored log holds: its events replayed, at the log's version (not their count). */
export function restore(log: StoredLog): SessionState {
  return { ...replay(log.events), version: log.version };
}

export interface SessionStore {
  readonly kind: string;
  /** Stores a new session's log; false if the code is already taken. */
  create(code: string, events: readonly SessionEvent[]): Promise<boolean>;
  /**
   * Appends events to a session whose log is currently at `expectedVersion`; the log is then at
   * `expectedVersion + events.length`. An `answer-submitted` drops the stored answer it supersedes
   * (same round and student). Resolves only once the events are durable; 'conflict' if the log has
   * moved on (another writer) and nothing was written.
   */
  append(code: string, expectedVersion: number, events: readonly SessionEvent[]): Promise<AppendResult>;
  /** The whole log, or null for an unknown (or expired) session. */
  load(code: string): Promise<StoredLog | null>;
  /** The events stored after `version` (for catching up with other writers). */
  eventsSince(code: string, version: number): Promise<StoredLog>;
  /** Codes of sessions that have not finished, to resume at start. */
  liveCodes(): Promise<string[]>;
  /** Removes sessions with no activity since `before` (ms since epoch); returns how many. */
  expire(before: number): Promise<number>;
  close(): Promise<void>;
}
