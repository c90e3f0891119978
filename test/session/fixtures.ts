import { sessionCreated, type NewSession } from '../../shared/session/create.js';
import type { SessionCommand } from '../../shared/session/commands.js';
import { decide } from '../../shared/session/decide.js';
import type { SessionEvent } from '../../shared/session/events.js';
import { evolve, initialState } from '../../shared/session/evolve.js';
import type { SessionState } from '../../shared/session/state.js';

/** A session driven by commands in a test, keeping its event log. */
export class Drive {
  state: SessionState;
  readonly log: SessionEvent[];
  now = 1_000_000;

  constructor(input: Partial<NewSession> = {}) {
    const created = sessionCreated({ code: 'TESTAB', instructorTokenHash: 'hash', projectorKey: 'projector-key', now: this.now, ...input });
    this.log = [created];
    this.state = initialState(created);
  }

  /** Applies a command that must be accepted; returns its events. */
  do(command: SessionCommand, advanceMs = 1000): SessionEvent[] {
    this.now += advanceMs;
    const d = decide(this.state, command, { now: this.now });
    if (!d.ok) throw new Error(`${command.type} refused: ${d.error.code} ${d.error.message}`);
    this.state = evolve(this.state, d.events);
    this.log.push(...d.events);
    return d.events;
  }

  /** A command that must be refused; returns the error code. */
  refused(command: SessionCommand): string {
    const d = decide(this.state, command, { now: this.now });
    if (d.ok) throw new Error(`${command.type} was accepted`);
    return d.error.code;
  }

  join(id: string, name = id): void {
    this.do({ type: 'join', studentId: id, name, tokenHash: `h-${id}`, maxStudents: 10_000 });
  }
}
