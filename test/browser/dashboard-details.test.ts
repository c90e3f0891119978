// The dashboard's smaller troubles (issue 17, case 6), each in real headless Chromium against the
// real server: the Settings panel shows a disclosure marker; its inputs stay inside their boxes;
// Tab reaches the step count before "Run"; the status line does not keep "Round opened." after
// the timer revealed; the localhost hint names the port the page is served on; a reload keeps
// the scroll position.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import type { RunningServer } from '../../server/app.js';
import { launchBrowser, openPage, screenshot } from '../support/browser.js';
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

/** What has the focus, through shadow roots. */
function focused(page: Page): Promise<{ tag: string; label: string; text: string }> {
  return page.evaluate(() => {
    let el: Element | null = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    return { tag: el?.tagName.toLowerCase() ?? '', label: el?.getAttribute('aria-label') ?? '', text: (el?.textContent ?? '').trim() };
  });
}

/** A disclosure marker is drawn: the browser's own (a list-item summary) or one of ::before's. */
function hasMarker(summary: Locator): Promise<boolean> {
  return summary.evaluate((el) => {
    const own = getComputedStyle(el).display === 'list-item' && getComputedStyle(el, '::marker').content !== 'none';
    const before = getComputedStyle(el, '::before').content;
    return own || (before !== 'none' && before !== 'normal' && before.replace(/["']/g, '').trim() !== '');
  });
}

async function openDashboard(hostUrl: string): Promise<Page> {
  const { page } = await openPage(browser, 'desktop');
  await page.goto(hostUrl);
  await page.getByTestId('phase').waitFor();
  return page;
}

describe('the dashboard', () => {
  it('marks the Settings panel as one that opens, and keeps its inputs inside their boxes', { timeout: 60_000 }, async () => {
    const created = await createSession(server.url, {});
    const page = await openDashboard(created.hostUrl);
    const settings = page.locator('bp-host-view details[data-testid="settings"]');
    const summary = settings.locator('summary');
    expect(await hasMarker(summary)).toBe(true);
    // It says what is inside: the round timer lives there.
    expect(await summary.innerText()).toMatch(/timer/i);
    await summary.click();
    await page.locator('bp-settings-form #learningRate').waitFor();
    await page.evaluate('document.fonts.ready');
    const overflow = await page.locator('bp-settings-form').evaluate((host) => {
      const out: string[] = [];
      for (const el of host.shadowRoot!.querySelectorAll('input:not([type="checkbox"]):not([type="radio"]), select')) {
        const box = el.getBoundingClientRect();
        const parent = el.parentElement!.getBoundingClientRect();
        const fieldset = el.closest('fieldset')!.getBoundingClientRect();
        if (box.right > parent.right + 0.5 || box.right > fieldset.right + 0.5) out.push(`${el.id || el.getAttribute('aria-label')}: ${box.right - parent.right} px past its box`);
      }
      return out;
    });
    expect(overflow).toEqual([]);
    await settings.scrollIntoViewIfNeeded();
    await screenshot(page, 'dashboard-settings-open');
    await page.context().close();
  });

  it('reaches the step count before its Run button with Tab', { timeout: 60_000 }, async () => {
    const created = await createSession(server.url, {});
    const page = await openDashboard(created.hostUrl);
    const count = page.getByRole('spinbutton', { name: 'Number of steps to run' });
    const run = page.getByRole('button', { name: 'Run', exact: true });
    // Focus what comes just before the pair, then Tab through it.
    await page.getByRole('button', { name: /^Open round 1/ }).focus();
    const order: string[] = [];
    for (let i = 0; i < 4 && order.length < 2; i++) {
      await page.keyboard.press('Tab');
      const f = await focused(page);
      if (f.label === 'Number of steps to run') order.push('count');
      if (f.tag === 'button' && f.text === 'Run') order.push('run');
    }
    expect(order).toEqual(['count', 'run']);
    // And it still runs the typed count.
    await count.fill('3');
    await run.click();
    await page.getByTestId('phase').filter({ hasText: /^No round open/ }).waitFor();
    await page.locator('bp-host-controls .phase').getByText('Iteration 3').waitFor();
    await page.context().close();
  });

  it('clears "Round opened." from the status line once the timer has revealed the round', { timeout: 60_000 }, async () => {
    const created = await createSession(server.url, { timerSeconds: 5 });
    const student = await join(server.url, { code: created.code, role: 'student', name: 'Ana' });
    const page = await openDashboard(created.hostUrl);
    await page.getByRole('button', { name: 'Open round 1' }).click();
    const status = page.getByTestId('host-message');
    await status.filter({ hasText: 'Round opened.' }).waitFor();
    await page.getByTestId('phase').filter({ hasText: /^Round open/ }).waitFor();
    // The timer closes the round by itself: nobody pressed anything on this dashboard.
    await page.getByTestId('phase').filter({ hasText: /^Answers revealed/ }).waitFor({ timeout: 15_000 });
    expect(await status.innerText()).not.toContain('Round opened.');
    // A command in the new phase still reports.
    await page.getByRole('button', { name: 'Lock joining' }).click();
    await status.filter({ hasText: 'Joining locked.' }).waitFor();
    student.close();
    await page.context().close();
  });

  it('names the port the page is served on in the localhost hint', { timeout: 60_000 }, async () => {
    const created = await createSession(server.url, {});
    const port = new URL(server.url).port;
    expect(port).not.toBe('3000');
    const page = await openDashboard(created.hostUrl);
    const hint = page.locator('bp-host-view .warn').filter({ hasText: 'Phones cannot open' });
    const text = await hint.innerText();
    expect(text).toContain(`:${port})`);
    expect(text).not.toContain(':3000');
    await page.context().close();
  });

  it('keeps the scroll position across a reload', { timeout: 60_000 }, async () => {
    const created = await createSession(server.url, {});
    // A laptop narrower than the three columns: the dashboard is one long column.
    const { page } = await openPage(browser, 'desktop', { viewport: { width: 1024, height: 768 } });
    await page.goto(created.hostUrl);
    await page.getByTestId('phase').waitFor();
    await page.locator('bp-host-view bp-squiggle-plot svg').first().waitFor();
    const max = await page.evaluate(() => document.documentElement.scrollHeight - window.innerHeight);
    expect(max).toBeGreaterThan(500);
    const y = Math.round(max * 0.7);
    await page.mouse.wheel(0, y);
    await page.waitForFunction((target) => Math.abs(window.scrollY - target) < 2, y);
    await page.reload();
    await page.getByTestId('phase').waitFor();
    // The position comes back once the live content is in (the reload itself starts short of it).
    await page.waitForFunction((target) => Math.abs(window.scrollY - target) < 2, y, { timeout: 10_000 });
    await page.context().close();
  });
});
