// Random command sequences against the pure rules: whatever happens, the invariants hold.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SessionCommand } from '../../shared/session/commands.js';
import { decide } from '../../shared/session/decide.js';
import { evolve, replay } from '../../shared/session/evolve.js';
import { Drive } from './fixtures.js';

const ids = ['a', 'b', 'c', 'd'];
const value = fc.oneof(fc.double({ min: -5, max: 5, noNaN: true }), fc.constantFrom(0.3342, 0.6174, -0.019, 2.58, Number.NaN));
const answers = fc.record(
  { derivatives: fc.dictionary(fc.constantFrom('w3', 'w4', 'b3', 'w1'), value), next: fc.dictionary(fc.constantFrom('w3', 'w4', 'b3'), value) },
  { requiredKeys: [] },
);

const command: fc.Arbitrary<SessionCommand> = fc.oneof(
  fc.record({ type: fc.constant('join' as const), studentId: fc.constantFrom(...ids), name: fc.string({ maxLength: 8 }), tokenHash: fc.constant('h'), maxStudents: fc.constant(3) }),
  fc.record({ type: fc.constant('remove' as const), studentId: fc.constantFrom(...ids) }),
  fc.record({ type: fc.constant('submit' as const), studentId: fc.constantFrom(...ids), answers, round: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }) }).map((c) => {
    const { round, ...rest } = c;
    return round === undefined ? rest : c;
  }),
  fc.constantFrom<SessionCommand>(
    { type: 'open' },
    { type: 'reveal', by: 'instructor' },
    { type: 'reveal', by: 'timer', round: 1 },
    { type: 'advance', open: true },
    { type: 'advance', open: false },
    { type: 'run', steps: 2 },
    { type: 'run', steps: null },
    { type: 'tick' },
    { type: 'pause' },
    { type: 'reset' },
    { type: 'lock' },
    { type: 'unlock' },
    { type: 'end' },
    { type: 'configure', change: { learningRate: 0.5 } },
    { type: 'configure', change: { questions: { derivatives: ['w3'] } } },
  ),
);

describe('session invariants under random commands', () => {
  it('hold after every command, and the log replays to the same state', () => {
    fc.assert(
      fc.property(fc.array(command, { maxLength: 60 }), (commands) => {
        const d = new Drive();
        for (const c of commands) {
          d.now += 500;
          const before = d.state;
          const decision = decide(before, c, { now: d.now });
          if (!decision.ok) {
            expect(d.state).toBe(before);
            continue;
          }
          d.state = evolve(before, decision.events);
          d.log.push(...decision.events);
          expect(d.state.version).toBe(d.log.length);
          let active = 0;
          for (const s of d.state.students.values()) {
            if (!s.removed) active++;
            // A score is the sum of its points; one result per round.
            expect(s.score).toBe(s.results.reduce((sum, r) => sum + r.points, 0));
            expect(new Set(s.results.map((r) => r.round)).size).toBe(s.results.length);
          }
          expect(d.state.activeStudents).toBe(active);
          const round = d.state.round;
          if (round) for (const id of round.answers.keys()) expect(d.state.students.get(id)?.removed).toBe(false);
          if (d.state.phase === 'open') expect(round?.closedAt).toBeNull();
        }
        expect(replay(d.log)).toEqual(d.state);
      }),
      { numRuns: 300 },
    );
  });
});
