// Issue 17, case 2, in the browser: "Run to the stop rule" on the lesson (learning rate 0.01) stops
// at the 1000-step cap, and the class goes on: every screen says why training stopped, none says
// the session finished, every control the lobby accepts is enabled, and a round opens on the phone.
// Real server, headless Chromium.
import { describe, expect, it } from 'vitest';
import { canSend, INSTRUCTOR_EVENTS } from '../../shared/protocol/event-meta.js';
import { screenshot } from '../support/browser.js';
import { joinAs, liveClass } from '../support/live-class.js';
import { createSession } from '../support/server.js';

const live = liveClass();

describe('training that reaches the stop rule', () => {
  it('stops training at the cap and leaves the class running on every screen', { timeout: 120_000 }, async () => {
    const created = await createSession(live.server.url, { stepsPerSecond: 60 });
    const [host, projector, phone] = await Promise.all([live.open('desktop'), live.open('projector'), live.open('phone')]);
    await host.page.goto(created.hostUrl);
    await projector.page.goto(created.presentUrl);
    await joinAs(phone.page, live.server.url, created.code, 'Ana');
    // Said before running: where the stop rule leaves the fit.
    await host.page.getByTestId('forecast').filter({ hasText: 'stops after 1,000 steps at iteration 1,000, SSR 0.108' }).waitFor();
    await host.page.getByRole('button', { name: 'Run to the stop rule' }).click();
    for (const p of [host, projector, phone]) await p.page.getByTestId('training-stop').filter({ hasText: /Training stopped at iteration 1000 \(SSR 0\.10[78]\d\): the step cap was reached/ }).waitFor({ timeout: 60_000 });
    await screenshot(projector.page, 'projector-training-stopped');
    await screenshot(phone.page, 'student-training-stopped');
    await screenshot(host.page, 'dashboard-training-stopped-lesson');
    // Nobody is told the session finished.
    for (const p of [host, projector, phone]) expect(await p.page.getByText(/session has finished|Session finished|Class finished/).count()).toBe(0);
    await host.page.getByTestId('phase').filter({ hasText: 'No round open' }).waitFor();
    // Every control the lobby accepts is usable.
    for (const event of INSTRUCTOR_EVENTS) {
      const buttons = host.page.locator(`bp-host-controls [data-event="${event}"]`);
      for (let i = 0; i < (await buttons.count()); i++) {
        const label = (await buttons.nth(i).innerText()).trim();
        if (label === 'Run') continue; // needs its step count, which it has
        expect(await buttons.nth(i).isEnabled(), `${event} (${label})`).toBe(canSend('lobby', event));
      }
    }
    // A round opens, on the phone too.
    await host.page.getByRole('button', { name: /Open round 1/ }).click();
    await phone.page.getByTestId('round').waitFor();
    for (const p of [host, projector, phone]) expect(p.problems).toEqual([]);
  });
});
