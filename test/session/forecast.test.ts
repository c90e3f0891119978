// "Run to the stop rule", said before running: the forecast agrees with what the session's own
// rules then do, step for step, and with the figures the issue measured on the lesson.
import { describe, expect, it } from 'vitest';
import { forecastRun } from '../../shared/session/forecast.js';
import { publicSession } from '../../shared/session/views.js';
import { Drive } from './fixtures.js';

function runToStop(d: Drive): void {
  d.do({ type: 'run', steps: null });
  let guard = 0;
  while (d.state.phase === 'running' && guard++ < 200_000) d.do({ type: 'tick' });
}

describe('the forecast of a run to the stop rule', () => {
  for (const [what, settings] of [
    ['the lesson at its learning rate (the cap: 1000 steps, SSR 0.108)', {}],
    ['the lesson at learning rate 0.1 (the step-size rule)', { learningRate: 0.1 }],
    ['the lesson at learning rate 1 (diverges)', { learningRate: 1 }],
  ] as const) {
    it(`matches the run for ${what}`, () => {
      const d = new Drive({ settings });
      const forecast = forecastRun(publicSession(d.state), d.state.history[0]!.ssr);
      runToStop(d);
      expect(forecast).toEqual({ steps: d.state.iteration, iteration: d.state.iteration, ssr: d.state.trainingStop!.ssr, reason: d.state.trainingStop!.reason });
    });
  }

  it('says a run at the cap would take no step', () => {
    const d = new Drive();
    runToStop(d);
    expect(forecastRun(publicSession(d.state), d.state.history[0]!.ssr)).toMatchObject({ steps: 0, iteration: 1000, reason: 'max-steps' });
    expect(forecastRun(publicSession(d.state), d.state.history[0]!.ssr).ssr).toBeCloseTo(0.108, 2);
  });
});
