// Issue 19, "send each thing once": round:revealed carries the public state as a patch of the one
// before and the step without what the session holds. Applying the patch gives back exactly the
// state the server holds, for every kind of reveal, and no value of the reveal travels twice.
import { describe, expect, it } from 'vitest';
import { applyRevealPatch, revealPatch } from '../../shared/protocol/reveal-wire.js';
import { lessonPlan } from '../../shared/session/stages.js';
import { publicSession } from '../../shared/session/views.js';
import type { SessionCommand } from '../../shared/session/commands.js';
import { Drive } from '../session/fixtures.js';

/** Reveals with `command` and checks the patch against the state after it; returns the patch. */
function revealWith(d: Drive, command: SessionCommand) {
  const before = publicSession(d.state);
  d.do(command);
  const after = publicSession(d.state);
  const patch = revealPatch(before, after);
  expect(applyRevealPatch(before, patch)).toEqual(after);
  return { patch, after };
}

/** Numbers of a JSON text that are not short (a value worth sending once: 0.2145539..., not 1 or 0.5). */
function longNumbers(json: string): string[] {
  return (json.match(/-?\d+\.\d{5,}(?:[eE][+-]?\d+)?/g) ?? []).filter((n) => n.replace(/[-.]/g, '').length >= 6);
}

describe('the reveal patch', () => {
  it('gives back the state after a lesson reveal, and sends each value once', () => {
    const d = new Drive();
    for (let i = 0; i < 12; i++) d.join(`s${i}`, `Student ${i}`);
    d.do({ type: 'open' });
    for (let i = 0; i < 12; i++) d.do({ type: 'submit', studentId: `s${i}`, answers: { next: { w3: 0.334, w4: 0.617 + i / 1000, b3: -0.019 } } });
    const { patch, after } = revealWith(d, { type: 'reveal', by: 'instructor' });
    // Static parts of the state are not resent.
    for (const key of ['settings', 'data', 'preset', 'params', 'trainable', 'ssr'] as const) expect(patch).not.toHaveProperty(key);
    const json = JSON.stringify(patch);
    const numbers = longNumbers(json);
    expect(numbers.length).toBeGreaterThan(30);
    expect(numbers.filter((n, i) => numbers.indexOf(n) !== i)).toEqual([]);
    // What a reveal used to carry (the step, the leaderboard and the whole state, with the step a
    // second time in it): this is less than half of it.
    expect(json.length).toBeLessThan(JSON.stringify({ step: after.reveal!.step, leaderboard: after.leaderboard, session: after }).length / 2);
    // The round that closed: when and why, not what it asked again.
    expect(patch).not.toHaveProperty('round');
    expect(patch.roundChange).toEqual({ closedAt: after.round!.closedAt, closedBy: 'instructor' });
  });

  it('holds for each stage of a staged iteration, the all-parameters preset, and a session ended with a round open', () => {
    const d = new Drive();
    d.join('ana');
    const plan = lessonPlan(2, ['w3', 'w4', 'b3']);
    for (const stage of plan) {
      d.do({ type: 'configure', change: { questions: stage.questions } });
      d.do({ type: 'open' });
      const { after } = revealWith(d, { type: 'reveal', by: 'instructor' });
      expect(after.reveal!.step.upTo).toBe(stage === plan[2] ? 'next' : stage === plan[1] ? 'dssrDpredicted' : 'predicted');
    }
    const all = new Drive({ preset: 'all-parameters' });
    all.join('ben');
    all.do({ type: 'configure', change: { questions: { derivatives: [...all.state.setup.trainable], terms: [...all.state.setup.trainable] } } });
    all.do({ type: 'open' });
    all.do({ type: 'submit', studentId: 'ben', answers: { derivatives: { w1: 0.1 } } });
    revealWith(all, { type: 'reveal', by: 'instructor' });
    const ended = new Drive();
    ended.join('cy');
    ended.do({ type: 'open' });
    const { patch } = revealWith(ended, { type: 'end' });
    expect(patch.phase).toBe('finished');
  });
});
