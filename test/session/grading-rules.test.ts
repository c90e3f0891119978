// The session's side of the grading rules: a round's sheet fixed at open, the precision on every
// screen, the dashboard's advice before a round, and divergence noticed early.
import { describe, expect, it } from 'vitest';
import { sumOfSquaredResiduals, layoutFor, toVector, LESSON_DATA } from '../../shared/engine/index.js';
import { precisionInput, settingsInput } from '../../shared/protocol/schemas.js';
import { replay } from '../../shared/session/evolve.js';
import { instructorView, publicSession } from '../../shared/session/views.js';
import { Drive } from './fixtures.js';

describe('the question sheet', () => {
  it('is fixed when a round opens: a precision changed after the reveal does not change what the round showed', () => {
    const d = new Drive({ settings: { precision: { significant: 4 }, questions: { derivatives: ['w3'], steps: [], next: [] } } });
    d.join('a');
    d.do({ type: 'open' });
    // Students see the precision to keep before they answer.
    expect(publicSession(d.state).round).toMatchObject({ precision: { significant: 4 }, asked: [{ quantity: 'derivatives', param: 'w3' }] });
    d.do({ type: 'submit', studentId: 'a', answers: { derivatives: { w3: 2.576 } } });
    d.do({ type: 'reveal', by: 'instructor' });
    const before = publicSession(d.state).reveal!.sheet;
    expect(before.precision).toEqual({ significant: 4 });
    d.do({ type: 'configure', change: { precision: { decimals: 1 } } });
    expect(publicSession(d.state).reveal!.sheet).toEqual(before);
    expect(d.state.students.get('a')!.results[0]!.fields[0]).toMatchObject({ correct: true });
    // A replay of the log gives the same sheet.
    expect(replay(JSON.parse(JSON.stringify(d.log))).round!.sheet.fields).toEqual(d.state.round!.sheet.fields);
  });

  it('never leaves the server before the reveal: students and the projector see only the policy', () => {
    const d = new Drive();
    d.do({ type: 'open' });
    const text = JSON.stringify(publicSession(d.state));
    expect(text).not.toContain('candidates');
    expect(publicSession(d.state).reveal).toBeNull();
  });

  it('a fixed tolerance override still works and can be removed again', () => {
    const d = new Drive({ settings: { tolerance: { absolute: 0.5 } } });
    expect(d.state.settings.tolerance).toEqual({ absolute: 0.5, relative: 0.02 });
    d.do({ type: 'configure', change: { tolerance: null } });
    expect(d.state.settings.tolerance).toBeNull();
  });

  it('the protocol takes { decimals } or { significant } and refuses anything else', () => {
    expect(precisionInput.safeParse({ significant: 3 }).success).toBe(true);
    expect(precisionInput.safeParse({ decimals: 0 }).success).toBe(true);
    for (const bad of [{ significant: 0 }, { decimals: -1 }, { significant: 2.5 }, { significant: 3, decimals: 2 }, { digits: 3 }, { significant: 11 }]) {
      expect(precisionInput.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
    expect(settingsInput.safeParse({ tolerance: null }).success).toBe(true);
  });
});

describe('the dashboard is told before a round that cannot tell', () => {
  it('near convergence it names the mistakes the band would accept and offers a precision that separates them', () => {
    const d = new Drive({ settings: { questions: { derivatives: ['w3'], steps: [], next: [] } } });
    // Far into the lesson, where dSSR/dw3 is small.
    d.do({ type: 'run', steps: 30 });
    for (let i = 0; i < 30; i++) d.do({ type: 'tick', iteration: d.state.iteration });
    expect(d.state.phase).toBe('lobby');
    const advice = instructorView(d.state, () => true).advice!;
    expect(advice.iteration).toBe(30);
    expect(advice.unclear[0]).toMatchObject({ field: { quantity: 'derivatives', param: 'w3' } });
    expect(advice.unclear[0]!.cannotTell).toContain('missing-factor-2');
    expect(advice.separating).not.toBeNull();
    // Taking the advice clears it.
    d.do({ type: 'configure', change: { precision: advice.separating! } });
    expect(instructorView(d.state, () => true).advice!.unclear).toEqual([]);
    // The round still opens either way.
    d.do({ type: 'open' });
    expect(instructorView(d.state, () => true).advice).toBeNull();
  });

  it('on the first step of the lesson there is nothing to warn about at the default precision', () => {
    const all = ['w3', 'w4', 'b3'];
    const d = new Drive({ settings: { questions: { derivatives: all, steps: all, next: all } } });
    expect(instructorView(d.state, () => true).advice).toMatchObject({ iteration: 0, unclear: [] });
  });
});

describe('divergence', () => {
  it('at learning rate 1 the lesson stops training as diverged within a few steps, long before the numbers overflow; the class goes on', () => {
    const d = new Drive({ settings: { learningRate: 1 } });
    d.do({ type: 'run', steps: null as never });
    let steps = 0;
    while (d.state.phase === 'running' && steps < 200) {
      d.do({ type: 'tick', iteration: d.state.iteration });
      steps++;
    }
    expect(d.state.trainingStop?.reason).toBe('diverged');
    expect(d.state).toMatchObject({ phase: 'lobby', finishReason: null, run: null });
    expect(Object.values(d.state.params).every(Number.isFinite)).toBe(true);
    expect(steps).toBeLessThan(20);
    // Checked independently: the SSR really grew past a million times its start.
    const layout = layoutFor(2);
    const ssr = (p: Record<string, number>) => sumOfSquaredResiduals({ activation: 'softplus', width: 2 }, LESSON_DATA, toVector(layout, p));
    expect(ssr(d.state.params)).toBeGreaterThan(1e6 * ssr(d.state.setup.initialParams) / 1e3);
    // A lower learning rate, back to the start, and the class trains on.
    d.do({ type: 'configure', change: { learningRate: 0.01 } });
    d.do({ type: 'reset' });
    d.do({ type: 'run', steps: 2 });
    expect(d.state).toMatchObject({ phase: 'running', trainingStop: null });
  });
});

describe('logs written by older versions', () => {
  it('replay: settings without a precision and round-opened events without a policy, or with a partial one', () => {
    const d = new Drive();
    d.join('a');
    d.do({ type: 'open' });
    d.do({ type: 'submit', studentId: 'a', answers: { next: { w3: 0.334, w4: 0.617, b3: -0.019 } } });
    d.do({ type: 'reveal', by: 'instructor' });
    const legacy = JSON.parse(JSON.stringify(d.log)) as typeof d.log;
    const created = legacy[0] as Extract<(typeof legacy)[number], { type: 'session-created' }>;
    (created.settings as { precision?: unknown }).precision = undefined;
    (created.settings as { tolerance?: unknown }).tolerance = { absolute: 0.06, relative: 0.02 };
    const opened = legacy.find((e) => e.type === 'round-opened') as { policy?: unknown };
    delete opened.policy;
    const old = replay(legacy);
    expect(old.settings).toMatchObject({ precision: { significant: 3 }, tolerance: null });
    expect(old.round!.sheet.precision).toEqual({ significant: 3 });
    opened.policy = { asked: [{ quantity: 'next', param: 'w3' }] };
    expect(replay(legacy).round!.sheet).toMatchObject({ precision: { significant: 3 }, tolerance: null, asked: [{ quantity: 'next', param: 'w3' }] });
  });
});
