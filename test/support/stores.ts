/** A store that passes every call to a real one: tests subclass it to inject a fault in one method. */
import type { AppendResult, SessionStore, StoredLog } from '../../server/store/session-store.js';
import type { SessionEvent } from '../../shared/session/events.js';

export class DelegatingStore implements SessionStore {
  constructor(readonly inner: SessionStore) {}
  get kind(): string {
    return `${this.inner.kind}-with-faults`;
  }
  create(code: string, events: readonly SessionEvent[]): Promise<boolean> {
    return this.inner.create(code, events);
  }
  append(code: string, expectedVersion: number, events: readonly SessionEvent[]): Promise<AppendResult> {
    return this.inner.append(code, expectedVersion, events);
  }
  load(code: string): Promise<StoredLog | null> {
    return this.inner.load(code);
  }
  eventsSince(code: string, version: number): Promise<StoredLog> {
    return this.inner.eventsSince(code, version);
  }
  liveCodes(): Promise<string[]> {
    return this.inner.liveCodes();
  }
  expire(before: number): Promise<number> {
    return this.inner.expire(before);
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

/** A real store whose reads of newer events can be held up (`hold`, `letGo`): a node that lags behind. */
export class LaggingStore extends DelegatingStore {
  private gate: Promise<void> | null = null;
  private release: (() => void) | null = null;
  readsHeld = 0;
  hold(): void {
    this.gate = new Promise((r) => (this.release = r));
  }
  letGo(): void {
    this.release?.();
    this.gate = null;
  }
  override async eventsSince(code: string, version: number): Promise<StoredLog> {
    if (this.gate) {
      this.readsHeld++;
      await this.gate;
    }
    return super.eventsSince(code, version);
  }
}
