// A whole class in real headless Chromium against the real server: the instructor starts a
// session through the UI, three students join on their own phones (own browser contexts), answer
// (one exactly, one with the sign flipped, one without the factor 2), the instructor reveals,
// and every view shows what it should. Writes a screenshot of every view (see SCREENSHOT_DIR).
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { RunningServer } from '../../server/app.js';
import { resolvePreset, stepFrom, toStepRecord, type StepRecord } from '../../shared/engine/index.js';
import { launchBrowser, openPage, screenshot, type WatchedPage } from '../support/browser.js';
import { startTestServer } from '../support/server.js';

// The address phones would use in a classroom (PUBLIC_URL); the browsers here use the real one.
const PUBLIC_URL = 'http://192.168.1.20:3000';

let server: RunningServer;
let browser: Browser;
const pages: WatchedPage[] = [];

beforeAll(async () => {
  server = await startTestServer({ publicUrl: PUBLIC_URL });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function open(kind: 'phone' | 'desktop' | 'projector'): Promise<WatchedPage> {
  const page = await openPage(browser, kind);
  pages.push(page);
  return page;
}

/** Types into the number field with this accessible name. */
function field(page: Page, name: string) {
  return page.getByRole('textbox', { name, exact: true });
}

const fmt = (v: number) => v.toFixed(4);

/** The three students' answers: what they type in each field. */
function typedAnswers(step: StepRecord): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = { Ana: {}, Ben: {}, Chloé: {} };
  for (const p of ['w3', 'w4', 'b3']) {
    const d = step.derivatives[p]!;
    const s = step.steps[p]!;
    const old = step.params[p]!;
    out['Ana']![`derivative dSSR/d${p}`] = fmt(d);
    out['Ana']![`new value of ${p}`] = fmt(step.next[p]!);
    // Ben keeps +2(O - P): every derivative has the wrong sign, and he carries it through.
    out['Ben']![`derivative dSSR/d${p}`] = fmt(-d);
    out['Ben']![`new value of ${p}`] = fmt(old + s);
    // Chloé drops the factor 2 and types with a decimal comma, as her phone's keyboard does.
    out['Chloé']![`derivative dSSR/d${p}`] = fmt(d / 2).replace('.', ',');
    out['Chloé']![`new value of ${p}`] = fmt(old - s / 2).replace('.', ',');
  }
  return out;
}

describe('a class in the browser', () => {
  it('runs a round end to end on the dashboard, three phones and the projector', { timeout: 240_000 }, async () => {
    const lesson = resolvePreset('three-parameters');
    const step = toStepRecord(stepFrom(lesson.setup, lesson.params));

    // --- The instructor starts a session on the start page.
    const host = await open('desktop');
    await host.page.goto(`${server.url}/`);
    // Each page is loaded on demand: wait for the start page to arrive.
    await host.page.getByRole('heading', { name: 'Start a session' }).waitFor();
    for (const p of ['w3', 'w4', 'b3']) await host.page.getByRole('checkbox', { name: `Ask for the derivative of ${p}` }).check();
    await host.page.getByRole('checkbox', { name: 'Timer' }).check();
    await host.page.getByRole('textbox', { name: 'Timer seconds' }).fill('900');
    await screenshot(host.page, 'start', { fullPage: true });
    await host.page.getByRole('button', { name: 'Start session' }).click();
    await host.page.waitForURL(/\/host\/[A-Z0-9]{6}$/);
    const code = new URL(host.page.url()).pathname.split('/').pop()!;
    const shownCode = `${code.slice(0, 3)}-${code.slice(3)}`;
    await host.page.getByTestId('join-code').filter({ hasText: shownCode }).waitFor();
    await host.page.getByText('Connected').first().waitFor();
    expect(await host.page.getByTestId('join-url').textContent()).toBe(`192.168.1.20:3000/join/${code}`);

    // --- The projector, opened from the dashboard's link (it carries the join URL).
    const projector = await open('projector');
    const projectorHref = await host.page.getByTestId('projector-link').getAttribute('href');
    // The link carries the projector's own key and the join URL.
    expect(projectorHref).toMatch(new RegExp(`/present/${code}#key=[^&]{16,}&join=`));
    await projector.page.goto(`${server.url}${projectorHref}`);
    await projector.page.getByTestId('joined-count').filter({ hasText: '0 students joined' }).waitFor();
    expect(await projector.page.getByTestId('join-url').first().textContent()).toBe(`192.168.1.20:3000/join/${code}`);

    // --- Three students join on their phones.
    const names = ['Ana', 'Ben', 'Chloé'] as const;
    const students = new Map<string, WatchedPage>();
    for (const name of names) {
      const s = await open('phone');
      await s.page.goto(`${server.url}/join/${code}`);
      await s.page.getByLabel('Your name').fill(name);
      if (name === 'Ana') await screenshot(s.page, 'student-join');
      await s.page.getByRole('button', { name: 'Join' }).click();
      await s.page.getByText(`You’re in, ${name}!`).waitFor();
      students.set(name, s);
    }
    await projector.page.getByTestId('joined-count').filter({ hasText: '3 students joined' }).waitFor();
    for (const name of names) await projector.page.getByText(name, { exact: true }).waitFor();
    await host.page.getByTestId('roster-counts').filter({ hasText: '3 joined · 3 online' }).waitFor();
    await screenshot(projector.page, 'projector-lobby');
    await screenshot(host.page, 'host-lobby');

    // --- Round 1 opens; each phone shows the numbers, the plot, the hint and exactly the asked inputs.
    await host.page.getByRole('button', { name: 'Open round 1' }).click();
    const typed = typedAnswers(step);
    for (const name of names) {
      const page = students.get(name)!.page;
      await page.getByTestId('answers').waitFor();
      expect(await page.locator('bp-param-panel [data-param="w3"] .value').first().textContent()).toBe('0.3600');
      expect(await page.locator('bp-param-panel [data-param="learning-rate"] .value').first().textContent()).toBe('0.01');
      // On a phone the data and the hint are folded below the answers during a round: open them.
      await page.locator('details[data-testid="data-fold"] summary').click();
      await page.getByTestId('hidden-values').waitFor();
      await page.getByRole('timer').waitFor();
      // Components render in their own update: wait for the sixth field, then count.
      await page.locator('bp-number-field').nth(5).waitFor();
      expect(await page.locator('bp-number-field').count()).toBe(6);
      expect(await field(page, 'step size of w3').count()).toBe(0);
    }
    await projector.page.getByTestId('open').waitFor();

    // Chloé first types something that is not a number and is told so, in words.
    const chloe = students.get('Chloé')!.page;
    await field(chloe, 'derivative dSSR/dw3').fill('1.2.8');
    await field(chloe, 'derivative dSSR/dw4').focus();
    await chloe.getByText('"1.2.8" is not a number').waitFor();
    await chloe.getByRole('button', { name: 'Send answer' }).click();
    await chloe.getByText('The derivative dSSR/dw3 is not a number yet').waitFor();
    expect(await field(chloe, 'derivative dSSR/dw3').getAttribute('aria-invalid')).toBe('true');

    // Ben types a positive number and flips it with the ± key, as on a phone keypad without a minus.
    const ben = students.get('Ben')!.page;
    await field(ben, 'derivative dSSR/dw3').fill(typed['Ben']!['derivative dSSR/dw3']!.replace('-', ''));
    await ben.getByRole('button', { name: 'Switch the sign of the derivative dSSR/dw3' }).click();
    expect(await field(ben, 'derivative dSSR/dw3').inputValue()).toBe(typed['Ben']!['derivative dSSR/dw3']);

    for (const name of names) {
      const page = students.get(name)!.page;
      for (const [label, value] of Object.entries(typed[name]!)) {
        if (name === 'Ben' && label === 'derivative dSSR/dw3') continue;
        await field(page, label).fill(value);
      }
      await page.getByRole('button', { name: 'Send answer' }).click();
      await page.getByText(/Saved at/).waitFor();
    }
    await host.page.getByTestId('answered').filter({ hasText: '3 of 3 answered (3 online)' }).waitFor();
    await projector.page.getByTestId('answered').filter({ hasText: '3 / 3 answered' }).waitFor();
    await screenshot(projector.page, 'projector-round');
    await screenshot(host.page, 'host-round');
    const ana = students.get('Ana')!.page;
    await ana.evaluate(() => window.scrollTo(0, 0));
    await screenshot(ana, 'student-round');
    await ana.getByTestId('answers').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await screenshot(ana, 'student-answers');

    // A reload mid-round keeps Ben's name and stored answers.
    await ben.reload();
    await ben.getByTestId('answers').waitFor();
    expect(await ben.getByTestId('me').textContent()).toContain('Ben');
    expect(Number(await field(ben, 'derivative dSSR/dw3').inputValue())).toBeCloseTo(-step.derivatives['w3']!, 4);
    expect(Number(await field(ben, 'new value of b3').inputValue())).toBeCloseTo(step.params['b3']! + step.steps['b3']!, 4);
    await ben.getByRole('button', { name: 'Update answer' }).waitFor();

    // --- The reveal.
    await host.page.getByRole('button', { name: 'Reveal answers' }).click();
    for (const name of names) await students.get(name)!.page.getByTestId('result').waitFor();

    // Ana: every field right.
    // The verdicts, once the student's grade has arrived (answer:graded follows round:revealed).
    const verdicts = async (page: Page) => {
      await page.getByTestId('tally').waitFor();
      return page.locator('bp-result-list li').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-field')}=${e.getAttribute('data-verdict')}`));
    };
    const announced = (page: Page, text: string) => page.getByTestId('announcer').filter({ hasText: text }).waitFor({ state: 'attached' });
    expect(await verdicts(ana)).toEqual(['derivatives:w3=correct', 'derivatives:w4=correct', 'derivatives:b3=correct', 'next:w3=correct', 'next:w4=correct', 'next:b3=correct']);
    expect(await ana.getByTestId('round-points').textContent()).toBe('+600');
    await announced(ana, 'Round 1 revealed: 6 of 6 correct');

    // Ben: the sign, diagnosed in words on every derivative; his new values follow from them (half credit).
    expect(await verdicts(ben)).toEqual(['derivatives:w3=wrong', 'derivatives:w4=wrong', 'derivatives:b3=wrong', 'next:w3=partial', 'next:w4=partial', 'next:b3=partial']);
    const benMistake = ben.locator('bp-result-list li[data-field="derivatives:w3"] [data-mistake]');
    expect(await benMistake.getAttribute('data-mistake')).toBe('sign-flipped');
    expect(await benMistake.textContent()).toContain('Sign flipped');
    expect(await benMistake.textContent()).toContain('keep the minus sign');
    await announced(ben, 'Round 1 revealed: 0 of 6 correct');

    // Chloé: the factor 2.
    expect(await verdicts(chloe)).toEqual(['derivatives:w3=wrong', 'derivatives:w4=wrong', 'derivatives:b3=wrong', 'next:w3=partial', 'next:w4=partial', 'next:b3=partial']);
    const chloeMistake = chloe.locator('bp-result-list li[data-field="derivatives:b3"] [data-mistake]');
    expect(await chloeMistake.getAttribute('data-mistake')).toBe('missing-factor-2');
    expect(await chloeMistake.textContent()).toContain('Factor 2 missing');

    // The worked chain rule with the numbers, and the student's own beside the exact ones.
    const worked = ben.locator('bp-worked-solution details[data-param="w3"]');
    await worked.locator('tbody tr').nth(2).waitFor();
    expect(await worked.locator('tbody tr').count()).toBe(3);
    expect(await worked.textContent()).toContain(`You: ${fmt(-step.derivatives['w3']!).replace('-', '−')}`);
    await worked.locator('.katex').nth(5).waitFor();
    expect(await chloe.getByTestId('total').textContent()).toBe('150');

    // The projector: three answers, the mistakes counted.
    await projector.page.getByTestId('revealed').waitFor();
    // The class summary comes with the staff snapshot that follows the reveal.
    await projector.page.getByTestId('answer-count').filter({ hasText: /^3$/ }).waitFor();
    const projectorMistakes = projector.page.getByTestId('mistakes');
    // Counted per student (issue 17, case 5): Ben flipped three signs, Chloé dropped three factors
    // 2; one student each, never more than the three who answered.
    expect(await projectorMistakes.locator('li[data-mistake="sign-flipped"] .count').textContent()).toBe('1');
    expect(await projectorMistakes.locator('li[data-mistake="missing-factor-2"] .count').textContent()).toBe('1');
    expect(await projectorMistakes.locator('li[data-mistake^="follows-from"]').count()).toBe(0);
    expect(await host.page.locator('bp-mistake-counts li[data-mistake="sign-flipped"] .count').first().textContent()).toBe('1');
    expect(await projector.page.locator('bp-leaderboard li').first().textContent()).toContain('Ana');
    await host.page.getByTestId('class-answers').waitFor();
    await host.page.locator('bp-class-summary bp-strip-plot').nth(5).waitFor();
    expect(await host.page.locator('bp-class-summary bp-strip-plot').count()).toBe(6);

    await screenshot(projector.page, 'projector-reveal');
    await screenshot(host.page, 'host-reveal', { fullPage: true });
    await ben.evaluate(() => window.scrollTo(0, 0));
    await screenshot(ben, 'student-result');
    await ben.getByTestId('worked').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await screenshot(ben, 'student-worked');

    // --- Chloé reloads: same name, answers, verdicts and score.
    await chloe.reload();
    await chloe.getByTestId('result').waitFor();
    expect(await chloe.getByTestId('me').textContent()).toContain('Chloé');
    expect(await chloe.getByTestId('score').textContent()).toBe('150');
    expect(await verdicts(chloe)).toEqual(['derivatives:w3=wrong', 'derivatives:w4=wrong', 'derivatives:b3=wrong', 'next:w3=partial', 'next:w4=partial', 'next:b3=partial']);
    expect(await chloe.locator('bp-result-list li[data-field="derivatives:w3"] dd').first().textContent()).toBe(fmt(step.derivatives['w3']! / 2));

    // --- Results as CSV and JSON, fetched with the instructor token.
    const [csvDownload] = await Promise.all([host.page.waitForEvent('download'), host.page.getByRole('button', { name: '⬇ CSV' }).click()]);
    const csv = readFileSync((await csvDownload.path())!, 'utf8');
    expect(csvDownload.suggestedFilename()).toBe(`backprop-live-${code}-results.csv`);
    for (const name of names) expect(csv).toContain(name);
    expect(csv).toContain('sign-flipped');
    expect(csv).toContain('missing-factor-2');
    const [jsonDownload] = await Promise.all([host.page.waitForEvent('download'), host.page.getByRole('button', { name: '⬇ JSON' }).click()]);
    const results = JSON.parse(readFileSync((await jsonDownload.path())!, 'utf8')) as { rows: unknown[] };
    expect(results.rows).toHaveLength(3 * 6);

    // --- Training: run 300 steps and watch the squiggle move on the projector, then pause.
    await host.page.getByRole('spinbutton', { name: 'Number of steps to run' }).fill('300');
    await host.page.getByRole('button', { name: 'Run', exact: true }).click();
    await projector.page.getByTestId('training').waitFor();
    await projector.page.waitForFunction(() => {
      const el = document.querySelector('bp-app')?.shadowRoot?.querySelector('bp-present-view')?.shadowRoot?.querySelector('[data-testid="iteration"]');
      return Number(el?.textContent) >= 25;
    });
    await screenshot(projector.page, 'projector-training');
    await ana.getByTestId('running').waitFor();
    await host.page.getByRole('button', { name: 'Pause' }).click();
    await host.page.getByTestId('phase').filter({ hasText: 'No round open' }).waitFor();
    const stoppedAt = Number(await projector.page.getByTestId('iteration').textContent());
    expect(stoppedAt).toBeGreaterThan(25);
    expect(stoppedAt).toBeLessThan(301);
    await screenshot(host.page, 'host-training', { fullPage: true });

    // --- Settings between rounds: a larger learning rate reaches the phones.
    await host.page.getByTestId('settings').locator('summary').click();
    await host.page.getByTestId('settings').getByLabel('Learning rate').fill('0,05');
    await host.page.getByRole('button', { name: 'Apply settings' }).click();
    await host.page.getByTestId('host-message').filter({ hasText: 'Settings applied.' }).waitFor();
    await host.page.getByRole('button', { name: 'Open round 2' }).click();
    await ana.getByTestId('round').waitFor();
    expect(await ana.locator('bp-param-panel [data-param="learning-rate"] .value').first().textContent()).toBe('0.05');

    // --- The end: confirmed, graded, and every phone says so.
    host.page.once('dialog', (dialog) => void dialog.accept());
    await host.page.getByRole('button', { name: 'End session' }).click();
    for (const name of names) await students.get(name)!.page.getByText('The session has finished').first().waitFor();
    await host.page.getByTestId('phase').filter({ hasText: 'Session finished' }).waitFor();

    // Nothing broke the Content-Security-Policy or threw along the way.
    for (const p of pages) expect(p.problems).toEqual([]);
  });
});
