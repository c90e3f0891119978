// The worked solution on a phone, for the preset with the longest chain factors (all seven
// parameters: a hidden weight's factor is three numbers): nothing in it scrolls sideways, and
// every data point's term is on screen. Real headless Chromium against the real server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { RunningServer } from '../../server/app.js';
import { resolvePreset, stepFrom, toStepRecord } from '../../shared/engine/index.js';
import { clippedElements, launchBrowser, openPage, screenshot } from '../support/browser.js';
import { createSession, join, startTestServer } from '../support/server.js';

let server: RunningServer;
let browser: Browser;
beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the worked solution on a phone', () => {
  it('fits the screen for every parameter of the all-parameters preset', { timeout: 120_000 }, async () => {
    const preset = resolvePreset('all-parameters', { seed: 7 });
    const step = toStepRecord(stepFrom(preset.setup, preset.params));
    const created = await createSession(server.url, { preset: 'all-parameters', seed: 7, questions: { derivatives: true, next: true } });
    const instructor = await join(server.url, { code: created.code, role: 'instructor', token: created.instructorToken });
    const { page } = await openPage(browser, 'phone');
    await page.goto(`${server.url}/join/${created.code}`);
    await page.getByLabel('Your name').fill('Dana');
    await page.getByRole('button', { name: 'Join' }).click();
    await instructor.until(() => instructor.staff.activeCount === 1, 'Dana on the roster');
    expect((await instructor.send('round:open', {})).ok).toBe(true);
    await page.getByRole('textbox', { name: 'derivative dSSR/dw1', exact: true }).waitFor();
    expect((await instructor.send('round:reveal', {})).ok).toBe(true);

    const worked = page.locator('bp-worked-solution details');
    await worked.nth(6).locator('.katex').first().waitFor();
    expect(await worked.count()).toBe(7);
    await page.evaluate('document.fonts.ready');
    // Nothing in the worked solution scrolls sideways.
    expect(await clippedElements(page, { within: 'bp-worked-solution' })).toEqual([]);

    // w1's terms, each on screen: the row shows its term under its three-number factor.
    const w1 = page.locator('bp-worked-solution details[data-param="w1"]');
    const viewport = page.viewportSize()!;
    for (let i = 0; i < 3; i++) {
      const term = step.terms['w1']![i]!;
      const row = w1.locator('tbody tr').nth(i);
      // The last formula shown in the row is its term, with the engine's value.
      const shown = row.locator('bp-math:visible').last();
      expect((await shown.locator('.katex-html').innerText()).replace(/\s/g, '')).toBe(`=${term.toFixed(4).replace('-', '−')}`);
      const box = (await shown.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
    }
    await w1.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await screenshot(page, 'student-worked-hidden-weight');
    instructor.close();
  });
});
