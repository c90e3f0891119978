// Stages of one iteration: another round may open after a reveal, on the same parameters, but not
// to ask again what an earlier stage of the iteration revealed (the class would be graded on
// copying it from the screen). The invariants test covers the rest of the session rules.
import { describe, expect, it } from 'vitest';
import { lessonPlan } from '../../shared/session/stages.js';
import { decide } from '../../shared/session/decide.js';
import { Drive } from './fixtures.js';

describe('another stage on the same iteration', () => {
  it('opens with new fields, refuses the fields already revealed, and allows them again once the parameters move', () => {
    const d = new Drive();
    d.join('ana');
    const [forward, shared] = lessonPlan(2, ['w3', 'w4', 'b3']);
    d.do({ type: 'configure', change: { questions: forward!.questions } });
    d.do({ type: 'open' });
    d.do({ type: 'reveal', by: 'instructor' });
    // The same questions again: refused, naming what was revealed; nothing changes.
    const version = d.state.version;
    const again = decide(d.state, { type: 'open' }, { now: d.now });
    expect(again).toMatchObject({ ok: false, error: { code: 'invalid-settings', message: expect.stringMatching(/^already revealed at this iteration: x1 at every dose, x2 at every dose, y1 at every dose, y2 at every dose, predicted at every dose\. Ask other fields/) } });
    expect(d.state.version).toBe(version);
    // Only one field overlapping is refused too.
    d.do({ type: 'configure', change: { questions: { points: ['predicted', 'residual'] } } });
    expect(d.refused({ type: 'open' })).toBe('invalid-settings');
    // The next stage opens on the same iteration.
    d.do({ type: 'configure', change: { questions: shared!.questions } });
    d.do({ type: 'open' });
    expect(d.state.round).toMatchObject({ number: 2, iteration: 0 });
    d.do({ type: 'reveal', by: 'instructor' });
    // After the parameters move, the forward pass may be asked again (it is a new step).
    d.do({ type: 'advance', open: false });
    d.do({ type: 'configure', change: { questions: forward!.questions } });
    d.do({ type: 'open' });
    expect(d.state.round).toMatchObject({ number: 3, iteration: 1 });
  });
});
