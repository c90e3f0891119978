// The one phase table: decide's refusals follow it, and docs/protocol.md prints it as it is.
// (The dashboard's buttons are checked against it in real Chromium: test/browser/dashboard-phases.test.ts.)
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { SessionCommand, SessionCommandType } from '../../shared/session/commands.js';
import { decide } from '../../shared/session/decide.js';
import { can, PHASE_TABLE, PHASES, phaseRefusal } from '../../shared/session/phases.js';
import type { Phase } from '../../shared/session/state.js';
import { withPhaseTable } from '../../scripts/docs-phases.js';
import { Drive } from './fixtures.js';

/** A session in the given phase, with students a and b (b stays removable). */
function inPhase(phase: Phase): Drive {
  const d = new Drive();
  d.join('a');
  d.join('b');
  d.join('c');
  d.do({ type: 'remove', studentId: 'c' });
  if (phase === 'open' || phase === 'revealed') d.do({ type: 'open' });
  if (phase === 'revealed') d.do({ type: 'reveal', by: 'instructor' });
  if (phase === 'running') d.do({ type: 'run', steps: 100 });
  if (phase === 'finished') d.do({ type: 'end' });
  expect(d.state.phase).toBe(phase);
  return d;
}

/** A command that only its phase could refuse. */
const COMMANDS: { readonly [C in SessionCommandType]: Extract<SessionCommand, { type: C }> } = {
  join: { type: 'join', studentId: 'new', name: 'Newcomer', tokenHash: 'h-new', maxStudents: 10_000 },
  remove: { type: 'remove', studentId: 'b' },
  readmit: { type: 'readmit', studentId: 'c' },
  'change-seat': { type: 'change-seat', studentId: 'a', tokenHash: 'h-moved', secret: 's', reason: 'signed-out-others' },
  lock: { type: 'lock' },
  unlock: { type: 'unlock' },
  'replace-projector-key': { type: 'replace-projector-key', key: 'a-new-projector-key' },
  open: { type: 'open' },
  submit: { type: 'submit', studentId: 'a', answers: { next: { w3: 1 } } },
  reveal: { type: 'reveal', by: 'instructor' },
  extend: { type: 'extend', seconds: 30 },
  advance: { type: 'advance', open: false },
  run: { type: 'run', steps: 5 },
  tick: { type: 'tick' },
  pause: { type: 'pause' },
  reset: { type: 'reset' },
  configure: { type: 'configure', change: { hints: false } },
  end: { type: 'end' },
};

describe('the phase table', () => {
  for (const phase of PHASES) {
    it(`decides every command in the ${phase} phase as the table says`, () => {
      const d = inPhase(phase);
      // After a reveal, another round on the same iteration must ask something not revealed yet
      // (test/session/stage-rules.test.ts): here the derivatives, after the new values.
      const other = inPhase(phase);
      if (phase === 'revealed') other.do({ type: 'configure', change: { questions: { derivatives: ['w3'], next: [] } } });
      for (const command of Object.values(COMMANDS)) {
        const decision = decide((command.type === 'open' ? other : d).state, command, { now: d.now + 1000 });
        const expected = can(phase, command.type);
        expect({ command: command.type, accepted: decision.ok }).toEqual({ command: command.type, accepted: expected });
        if (!decision.ok) {
          expect(decision.error.code).toBe(phase === 'finished' ? 'finished' : 'wrong-phase');
          // The refusal names what would accept it (an answer says the answers are closed).
          if (command.type !== 'submit' && command.type !== 'join') expect(decision.error).toEqual(phaseRefusal(phase, command.type));
        }
      }
    });
  }

  it('lets the instructor reset while training runs, and not while a round is open', () => {
    // Where the old copies disagreed (the dashboard disabled it while running), decide's rule stands.
    expect(PHASE_TABLE.reset.phases).toEqual(['lobby', 'revealed', 'running', 'finished']);
    const d = inPhase('running');
    d.do({ type: 'reset' });
    expect(d.state).toMatchObject({ phase: 'lobby', iteration: 0, run: null });
    expect(inPhase('open').refused({ type: 'reset' })).toBe('wrong-phase');
  });

  it('is printed in docs/protocol.md exactly as the code has it', () => {
    const doc = readFileSync(new URL('../../docs/protocol.md', import.meta.url), 'utf8');
    // `npm run docs:phases` rewrites the block; a table edited by hand or left stale fails here.
    expect(doc).toBe(withPhaseTable(doc));
    for (const [command, rule] of Object.entries(PHASE_TABLE)) {
      const row = doc.split('\n').find((line) => line.startsWith(`| \`${command}\`:`));
      expect(row, command).toBeDefined();
      const marks = row!.split('|').slice(2, 2 + PHASES.length).map((c) => c.trim() === 'yes');
      expect(marks, command).toEqual(PHASES.map((p) => rule.phases.includes(p)));
    }
  });
});
