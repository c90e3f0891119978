// Keyboard only: a student joins, answers and reads the verdict without a pointer; the
// instructor's controls are reachable and work with Enter; the reveal is announced in a live region;
// a settings form with a mistake says so and puts the focus on the field to fix.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { RunningServer } from '../../server/app.js';
import { resolvePreset, stepFrom, toStepRecord } from '../../shared/engine/index.js';
import { launchBrowser, openPage, screenshot, type WatchedPage } from '../support/browser.js';
import { createSession, startTestServer } from '../support/server.js';

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

/** What has the focus, through shadow roots: tag, id and accessible label. */
function focused(page: Page): Promise<{ tag: string; id: string; label: string; text: string }> {
  return page.evaluate(() => {
    let el: Element | null = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    const host = (el?.getRootNode() as ShadowRoot | Document | undefined) ?? document;
    const label = el?.id ? (host as ParentNode).querySelector(`label[for="${el.id}"]`)?.textContent ?? '' : '';
    return {
      tag: el?.tagName.toLowerCase() ?? '',
      id: el?.id ?? '',
      label: (el?.getAttribute('aria-label') ?? label).trim().replace(/\s+/g, ' '),
      text: (el?.textContent ?? '').trim(),
    };
  });
}

/** Presses Tab until the focused element matches, at most `max` times. */
async function tabTo(page: Page, matches: (f: { tag: string; id: string; label: string; text: string }) => boolean, max = 40): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (matches(await focused(page))) return;
  }
  throw new Error(`Tab never reached the element; last focus ${JSON.stringify(await focused(page))}`);
}

describe('keyboard only', () => {
  it('joins, answers and reads the verdict with the keyboard; the dashboard works with Enter', { timeout: 60_000 }, async () => {
    const created = await createSession(server.url, { questions: { derivatives: ['w3'], next: ['w3'] } });
    const step = toStepRecord(stepFrom(resolvePreset('three-parameters').setup, resolvePreset('three-parameters').params));
    const host: WatchedPage = await openPage(browser, 'desktop');
    await host.page.goto(created.hostUrl);
    const phone: WatchedPage = await openPage(browser, 'phone');
    await phone.page.goto(created.joinUrl);

    await tabTo(phone.page, (f) => f.id === 'name');
    await phone.page.keyboard.type('Kai');
    await phone.page.keyboard.press('Enter');
    await phone.page.getByText('You’re in, Kai!').waitFor();

    const open = host.page.getByRole('button', { name: 'Open round 1' });
    await open.focus();
    await host.page.keyboard.press('Enter');
    await phone.page.getByTestId('answers').waitFor();

    await tabTo(phone.page, (f) => f.tag === 'input' && f.label.includes('derivative dSSR/dw3'));
    await phone.page.keyboard.type(step.derivatives['w3']!.toFixed(4));
    await tabTo(phone.page, (f) => f.tag === 'input' && f.label.includes('new value of w3'), 3);
    await phone.page.keyboard.type(step.next['w3']!.toFixed(4));
    // The ± key next to the field: Tab reaches it, Enter flips the sign and returns to the field.
    const nextField = phone.page.getByRole('textbox', { name: 'new value of w3', exact: true });
    await tabTo(phone.page, (f) => f.tag === 'button' && f.label === 'Switch the sign of the new value of w3', 1);
    await phone.page.keyboard.press('Enter');
    expect(await nextField.inputValue()).toBe(`-${step.next['w3']!.toFixed(4)}`);
    expect((await focused(phone.page)).label).toContain('new value of w3');
    await tabTo(phone.page, (f) => f.label === 'Switch the sign of the new value of w3', 1);
    await phone.page.keyboard.press('Enter');
    expect(await nextField.inputValue()).toBe(step.next['w3']!.toFixed(4));
    await tabTo(phone.page, (f) => f.tag === 'button' && f.text === 'Send answer', 3);
    await phone.page.keyboard.press('Enter');
    await phone.page.getByText(/Saved at/).waitFor();

    const reveal = host.page.getByRole('button', { name: 'Reveal answers' });
    await reveal.focus();
    await host.page.keyboard.press('Enter');
    await phone.page.getByTestId('result').waitFor();
    const announcer = phone.page.getByTestId('announcer');
    expect(await announcer.getAttribute('aria-live')).toBe('polite');
    await announcer.filter({ hasText: 'Round 1 revealed: 2 of 2 correct, 200 points' }).waitFor({ state: 'attached' });
    // The worked solution's sections are disclosure widgets a keyboard can close and open.
    await tabTo(phone.page, (f) => f.tag === 'summary');
    await phone.page.keyboard.press('Enter');
    expect(await phone.page.locator('bp-worked-solution details[data-param="w3"]').getAttribute('open')).toBeNull();
    await phone.page.keyboard.press('Enter');
    expect(await phone.page.locator('bp-worked-solution details[data-param="w3"]').getAttribute('open')).toBe('');

    expect(host.problems).toEqual([]);
    expect(phone.problems).toEqual([]);
  });
  it('puts the focus on the first setting to fix and announces what is wrong', async () => {
    const start: WatchedPage = await openPage(browser, 'desktop');
    await start.page.goto(server.url);
    const rate = start.page.getByRole('textbox', { name: 'Learning rate', exact: true });
    await rate.fill('fast');
    const submit = start.page.getByRole('button', { name: 'Start session' });
    await submit.focus();
    await start.page.keyboard.press('Enter');
    const alert = start.page.getByRole('alert').filter({ hasText: 'to fix' });
    await alert.waitFor();
    expect(await alert.innerText()).toMatch(/1 setting to fix: Learning rate: "fast" is not a number/);
    expect((await focused(start.page)).label).toBe('Learning rate');
    expect(await rate.getAttribute('aria-invalid')).toBe('true');
    await alert.evaluate((e) => e.scrollIntoView({ block: 'center' }));
    await screenshot(start.page, 'start-settings-error');
    // Nothing was created: the page is still the start page.
    expect(new URL(start.page.url()).pathname).toBe('/');
    expect(start.problems).toEqual([]);
    await start.context.close();
  });
});
