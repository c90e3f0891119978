// A student refused at the door (issue 17, case 6), on a phone in real headless Chromium against
// the real server: a locked session, a full one and a code the server does not know are refusals,
// not connection failures (no red "Disconnected" badge; the reason is said); the "locked" message
// goes away once the instructor unlocks, and the student gets in; a finished session's join page
// says it has finished and offers no Join.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { RunningServer } from '../../server/app.js';
import { launchBrowser, openPage, screenshot } from '../support/browser.js';
import { createSession, join, startTestServer } from '../support/server.js';

let server: RunningServer;
/** A server that takes one student per session. */
let small: RunningServer;
let browser: Browser;
beforeAll(async () => {
  server = await startTestServer();
  small = await startTestServer({ maxStudentsPerSession: 1 });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await small?.close();
});

/** The words of the connection badge in the student's header. */
async function badge(page: Page): Promise<string> {
  return (await page.locator('bp-student-view bp-connection-status [data-connection]').innerText()).trim();
}

async function tryToJoin(page: Page, name: string): Promise<void> {
  await page.getByLabel('Your name').fill(name);
  await page.getByRole('button', { name: 'Join' }).click();
}

describe('refused at the door', () => {
  it('a locked session: says so instead of "Disconnected", and clears it once unlocked', { timeout: 60_000 }, async () => {
    const created = await createSession(server.url, {});
    const instructor = await join(server.url, { code: created.code, role: 'instructor', token: created.instructorToken });
    const { page, problems } = await openPage(browser, 'phone');
    await page.goto(created.joinUrl);
    await page.getByLabel('Your name').waitFor();
    expect((await instructor.send('session:lock', {})).ok).toBe(true);
    await tryToJoin(page, 'Ana');
    const alert = page.locator('bp-student-view #name-msg');
    await alert.filter({ hasText: 'locked' }).waitFor();
    await page.locator('bp-student-view bp-connection-status [data-connection]').waitFor();
    expect(await badge(page)).not.toContain('Disconnected');
    expect(await badge(page)).toMatch(/locked/i);
    await screenshot(page, 'student-door-locked');

    expect((await instructor.send('session:unlock', {})).ok).toBe(true);
    // The page learns of it by itself: the locked words go (message and badge), without a reload.
    await alert.filter({ hasText: /locked/i }).waitFor({ state: 'detached', timeout: 10_000 });
    expect(await page.locator('bp-student-view').getByText(/locked/i).count()).toBe(0);
    await page.getByRole('button', { name: 'Join' }).click();
    await page.getByTestId('lobby').waitFor();
    expect(await badge(page)).toContain('Connected');
    expect(problems).toEqual([]);
    instructor.close();
    await page.context().close();
  });

  it('a full session: says it is full, not "Disconnected"', { timeout: 60_000 }, async () => {
    const created = await createSession(small.url, {});
    const first = await join(small.url, { code: created.code, role: 'student', name: 'Ben' });
    const { page } = await openPage(browser, 'phone');
    await page.goto(created.joinUrl);
    await tryToJoin(page, 'Ana');
    await page.locator('bp-student-view #name-msg').filter({ hasText: /full/i }).waitFor();
    await page.locator('bp-student-view bp-connection-status [data-connection]').waitFor();
    expect(await badge(page)).not.toContain('Disconnected');
    expect(await badge(page)).toMatch(/full/i);
    first.close();
    await page.context().close();
  });

  it('a code the server does not know (a seat kept from a session that is gone): says so, not "Disconnected"', { timeout: 60_000 }, async () => {
    const { page } = await openPage(browser, 'phone');
    // This browser once joined a session of that code: it comes back with its stored seat.
    await page.addInitScript(() => window.localStorage.setItem('backprop-live:student:ZZZZZZ', JSON.stringify({ token: 'a-seat-of-a-session-that-is-gone', name: 'Ana' })));
    await page.goto(`${server.url}/join/ZZZZZZ`);
    await page.getByTestId('refused').filter({ hasText: 'No such session' }).waitFor();
    await page.locator('bp-student-view bp-connection-status [data-connection]').waitFor();
    expect(await badge(page)).not.toContain('Disconnected');
    expect(await badge(page)).toMatch(/no such session/i);
    await page.context().close();
  });

  it('a finished session: its join page says it has finished and offers no Join', { timeout: 60_000 }, async () => {
    const created = await createSession(server.url, {});
    const instructor = await join(server.url, { code: created.code, role: 'instructor', token: created.instructorToken });
    expect((await instructor.send('session:end', {})).ok).toBe(true);
    const { page } = await openPage(browser, 'phone');
    await page.goto(created.joinUrl);
    await page.locator('bp-student-view').getByText(/has finished/).first().waitFor();
    expect(await page.getByRole('button', { name: 'Join' }).count()).toBe(0);
    expect(await page.getByLabel('Your name').count()).toBe(0);
    await screenshot(page, 'student-door-finished');
    instructor.close();
    await page.context().close();
  });
});
