/**
 * Where sessions live between restarts. A session is its event log (shared/session/events.ts):
 * appending is the only write, guarded by the version the writer saw, so two writers can never
 * both extend the same state. Implementations: SQLite (embedded, the default) and Redis
 * (shared by several nodes).
 */
import type { SessionEvent } from '../../shared/session/events.js';

export type AppendResult = 'ok' | 'conflict';

export interface SessionStore {
  readonly kind: string;
  /** Stores a new session's log; false if the code is already taken. */
  create(code: string, events: readonly SessionEvent[]): Promise<boolean>;
  /**
   * Appends events to a session whose log currently ends at `expectedVersion` (the number of
   * events already stored). Resolves only once the events are durable; 'conflict' if the log has
   * moved on (another writer) and nothing was written.
   */
  append(code: string, expectedVersion: number, events: readonly SessionEvent[]): Promise<AppendResult>;
  /** The whole log, or null for an unknown (or expired) session. */
  load(code: string): Promise<SessionEvent[] | null>;
  /** Events after `version` (for catching up with other writers). */
  eventsSince(code: string, version: number): Promise<SessionEvent[]>;
  /** Codes of sessions that have not finished, to resume at start. */
  liveCodes(): Promise<string[]>;
  /** Removes sessions with no activity since `before` (ms since epoch); returns how many. */
  expire(before: number): Promise<number>;
  close(): Promise<void>;
}
