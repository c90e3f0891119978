// The end of a class on a student's phone (issue 17, cases 6 and 7), in real headless Chromium
// against the real server. Three rounds, each asking dSSR/dw3 and the new w3 (two fields); the
// instructor ends the session while the third round is open. Ana (the phone) answers round 1 half
// right and round 3 fully right and skips round 2; Ben (a socket) answers rounds 1 and 2 right;
// Cleo never answers. Worked by hand: Ana has 3 of 6 fields right (100 points each, no speed
// bonus), 300 points, 2 of 3 rounds answered, behind Ben (4 fields, 400 points): 2nd. Her phone,
// scrolled down to the Send button when the session ends, shows that summary at the top, in view.
// Before that, a reload of the reveal keeps the phone's scroll position.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { RunningServer } from '../../server/app.js';
import { resolvePreset, stepFrom, toStepRecord } from '../../shared/engine/index.js';
import { launchBrowser, openPage, screenshot } from '../support/browser.js';
import { createSession, join, startTestServer, type Participant } from '../support/server.js';

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

const lesson = resolvePreset('three-parameters');

/** The exact answers of the round open now, from the parameters the participant was sent. */
function exactNow(p: Participant): { derivative: number; next: number } {
  const step = toStepRecord(stepFrom(lesson.setup, p.state.session.params));
  return { derivative: step.derivatives['w3']!, next: step.next['w3']! };
}

async function answerOnPhone(page: Page, derivative: number, next: number): Promise<void> {
  await page.getByRole('textbox', { name: 'derivative dSSR/dw3', exact: true }).fill(String(derivative));
  await page.getByRole('textbox', { name: 'new value of w3', exact: true }).fill(String(next));
  await page.getByRole('button', { name: 'Send answer' }).click();
  await page.getByText(/Saved/).waitFor();
}

describe('the end of the class on a phone', () => {
  it('shows the student her own summary at the top, in view, when the session ends with a round open', { timeout: 120_000 }, async () => {
    const created = await createSession(server.url, { questions: { derivatives: ['w3'], next: ['w3'] }, scoring: { speedBonus: false } });
    const instructor = await join(server.url, { code: created.code, role: 'instructor', token: created.instructorToken });
    const { page, problems } = await openPage(browser, 'phone');
    await page.goto(created.joinUrl);
    await page.getByLabel('Your name').fill('Ana');
    await page.getByRole('button', { name: 'Join' }).click();
    await page.getByTestId('lobby').waitFor();
    const ben = await join(server.url, { code: created.code, role: 'student', name: 'Ben' });
    const cleo = await join(server.url, { code: created.code, role: 'student', name: 'Cleo' });
    await instructor.until(() => instructor.staff.activeCount === 3, 'three students');

    // Round 1: Ana's derivative right, her new value far off; Ben both right.
    expect((await instructor.send('round:open', {})).ok).toBe(true);
    await ben.untilState((s) => s.session.phase === 'open', 'round 1 open');
    const r1 = exactNow(ben);
    await page.getByTestId('answers').waitFor();
    await answerOnPhone(page, r1.derivative, 1000);
    expect((await ben.send('answer:submit', { derivatives: { w3: r1.derivative }, next: { w3: r1.next } })).ok).toBe(true);
    expect((await instructor.send('round:reveal', {})).ok).toBe(true);
    await page.getByTestId('result').waitFor();
    await page.locator('bp-worked-solution .katex').first().waitFor();

    // A reload keeps the place the student was reading.
    const max = await page.evaluate(() => document.documentElement.scrollHeight - window.innerHeight);
    expect(max).toBeGreaterThan(800);
    const y = Math.round(max * 0.6);
    await page.evaluate((target) => window.scrollTo(0, target), y);
    await page.waitForFunction((target) => Math.abs(window.scrollY - target) < 2, y);
    // Let the page note where it is (it does so on the next frame after a scroll).
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    await page.reload();
    await page.getByTestId('result').waitFor();
    await page.waitForFunction((target) => Math.abs(window.scrollY - target) < 2, y, { timeout: 10_000 });

    // Round 2: Ana skips it; Ben right.
    expect((await instructor.send('round:advance', { open: true })).ok).toBe(true);
    await ben.untilState((s) => s.session.phase === 'open' && s.session.round?.number === 2, 'round 2 open');
    const r2 = exactNow(ben);
    expect((await ben.send('answer:submit', { derivatives: { w3: r2.derivative }, next: { w3: r2.next } })).ok).toBe(true);
    expect((await instructor.send('round:reveal', {})).ok).toBe(true);
    await page.getByTestId('result').filter({ hasText: 'Round 2' }).waitFor();

    // Round 3: Ana both right; Ben and Cleo nothing. The session ends with the round open.
    expect((await instructor.send('round:advance', { open: true })).ok).toBe(true);
    await ben.untilState((s) => s.session.phase === 'open' && s.session.round?.number === 3, 'round 3 open');
    const r3 = exactNow(ben);
    await page.getByTestId('round').filter({ hasText: 'Round 3' }).waitFor();
    await answerOnPhone(page, r3.derivative, r3.next);
    // She is down at the Send button when the instructor ends the class.
    await page.getByRole('button', { name: 'Update answer' }).scrollIntoViewIfNeeded();
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
    expect((await instructor.send('session:end', {})).ok).toBe(true);

    const final = page.getByTestId('final');
    await final.waitFor();
    await page.waitForFunction(() => {
      const view = document.querySelector('bp-app')?.shadowRoot?.querySelector('bp-student-view')?.shadowRoot;
      const card = view?.querySelector('[data-testid="final"]');
      if (!card) return false;
      const box = card.getBoundingClientRect();
      return box.top >= 0 && box.top < window.innerHeight;
    });
    // At the top of the page: above the last round's results.
    const finalBox = (await final.boundingBox())!;
    const resultBox = (await page.getByTestId('result').boundingBox())!;
    expect(finalBox.y).toBeLessThan(resultBox.y);
    expect(await final.getByRole('heading').innerText()).toContain('The session has finished');

    expect(await page.getByTestId('final-points').innerText()).toBe('300');
    expect(await page.getByTestId('final-rank').innerText()).toBe('2nd');
    expect(await page.getByTestId('final-rounds').innerText()).toBe('2 of 3');
    expect(await page.getByTestId('final-fields').innerText()).toBe('3 of 6');
    await screenshot(page, 'student-phone-finished');
    expect(problems).toEqual([]);
    for (const p of [instructor, ben, cleo]) p.close();
    await page.context().close();
  });
});
