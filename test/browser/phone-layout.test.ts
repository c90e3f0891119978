// The student's phone (390×844). During an open round the page is built around the answer: the
// current parameters and the first answer field are on the first screen, Send within a screen and
// a half, the plot and the tables folded away below; every answer field shows an 8-character
// number whole. After the reveal, the worked solution for the preset with the longest chain
// factors (all seven parameters: a hidden weight's factor is three numbers) does not scroll
// sideways and every data point's term is on screen. Real headless Chromium against the real server.
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

const PHONE_HEIGHT = 844;

describe('answering on a phone', () => {
  const CASES = [
    // With a round timer, as in a timed lecture round: the countdown takes a line of the sticky header.
    { name: 'the lesson (three new values) with a timer', body: { timerSeconds: 300 } },
    { name: 'every quantity of the lesson (nine fields)', body: { questions: { derivatives: true, steps: true, next: true } } },
  ] as const;
  for (const { name, body } of CASES) {
    it(`puts the parameters and the answer fields first for ${name}`, { timeout: 60_000 }, async () => {
      const created = await createSession(server.url, body);
      const instructor = await join(server.url, { code: created.code, role: 'instructor', token: created.instructorToken });
      const { page, problems } = await openPage(browser, 'phone');
      await page.goto(created.joinUrl);
      await page.getByLabel('Your name').fill('Dana');
      await page.getByRole('button', { name: 'Join' }).click();
      await instructor.until(() => instructor.staff.activeCount === 1, 'Dana on the roster');
      expect((await instructor.send('round:open', {})).ok).toBe(true);
      const inputs = page.locator('bp-answer-form bp-number-field input');
      await inputs.first().waitFor();
      await page.evaluate('document.fonts.ready');
      await page.evaluate(() => window.scrollTo(0, 0));
      expect(page.viewportSize()).toEqual({ width: 390, height: PHONE_HEIGHT });

      // The first screen: the current values to compute from, and the first answer field.
      const lastParam = page.locator('bp-param-panel [data-param="learning-rate"]').first();
      const firstInput = (await inputs.first().boundingBox())!;
      expect(firstInput.y + firstInput.height).toBeLessThan(PHONE_HEIGHT);
      const param = (await lastParam.boundingBox())!;
      expect(param.y + param.height).toBeLessThan(PHONE_HEIGHT);
      // Send within a screen and a half.
      const send = (await page.getByRole('button', { name: 'Send answer' }).boundingBox())!;
      const count = await inputs.count();
      if (count <= 3) expect(send.y + send.height).toBeLessThan(PHONE_HEIGHT);
      expect(send.y + send.height).toBeLessThan(1.5 * PHONE_HEIGHT);

      // The plot and the data tables are below the answers, folded, with a visible marker.
      const folds = page.locator('bp-student-view details[data-testid$="-fold"]');
      expect(await folds.evaluateAll((els) => els.map((el) => `${el.getAttribute('data-testid')}:${(el as HTMLDetailsElement).open}`))).toEqual(['plot-fold:false', 'data-fold:false']);
      for (const fold of await folds.all()) {
        const summary = (await fold.locator('summary').boundingBox())!;
        expect(summary.y).toBeGreaterThan(send.y);
        expect(await fold.locator('summary').evaluate((el) => getComputedStyle(el, '::marker').content !== 'none' || getComputedStyle(el, '::before').content !== 'none')).toBe(true);
      }
      await page.locator('bp-student-view details[data-testid="plot-fold"] summary').click();
      await page.locator('bp-student-view details[data-testid="plot-fold"] bp-squiggle-plot svg').first().waitFor();

      // Each field shows an 8-character number whole at the default font size.
      expect(await page.evaluate(() => getComputedStyle(document.documentElement).fontSize)).toBe('16px');
      for (const typed of ['0.02576', '18.996e-3', '-0.0257']) {
        for (let i = 0; i < count; i++) {
          const input = inputs.nth(i);
          await input.fill(typed);
          const fits = await input.evaluate((el: HTMLInputElement) => ({ scroll: el.scrollWidth, client: el.clientWidth, value: el.value }));
          expect(fits.value).toBe(typed);
          expect(fits.scroll, `field ${i} shows "${typed}" whole`).toBeLessThanOrEqual(fits.client);
        }
      }
      await page.evaluate(() => window.scrollTo(0, 0));
      await screenshot(page, `student-phone-open-round-${count}-fields`);
      expect(problems).toEqual([]);
      instructor.close();
    });
  }
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
