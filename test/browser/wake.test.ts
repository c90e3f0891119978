// A phone that wakes from sleep on a network that silently dropped its connections (issue 17,
// case 8). Real server, real headless Chromium; between them a TCP proxy that plays the NAT: while
// the phone sleeps, every connection it had goes dead without either end being told, and only
// connections opened after the wake get through. The page must drop what it cannot trust and come
// back on a fresh connection, instead of retrying over dead pooled ones (the old client waited out
// a 20 s connect timeout per dead connection) or waiting out the heartbeat.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, CDPSession, Page } from 'playwright-core';
import type { RunningServer } from '../../server/app.js';
import { launchBrowser, openPage, screenshot, type WatchedPage } from '../support/browser.js';
import { startBlackholeProxy, type BlackholeProxy } from '../support/blackhole-proxy.js';
import { createSession, join, startTestServer } from '../support/server.js';

/** How long the phone sleeps: longer than the server's heartbeat window, so the server has given up on it too. */
const SLEEP_MS = 30_000;
/**
 * The page must be back on a fresh connection within this after the wake. Not a performance
 * target: one connect attempt over a dead connection alone takes socket.io's default connect
 * timeout (20 s), so a client that reuses one cannot be back in time.
 */
const BACK_WITHIN_MS = 15_000;

let server: RunningServer;
let proxy: BlackholeProxy;
let browser: Browser;
const pages: WatchedPage[] = [];
beforeAll(async () => {
  server = await startTestServer();
  proxy = await startBlackholeProxy({ host: '127.0.0.1', port: server.port });
  browser = await launchBrowser();
});
afterAll(async () => {
  await Promise.all(pages.map((p) => p.context.close()));
  await browser?.close();
  await proxy?.close();
  await server?.close();
});

const field = (page: Page, param: string) => page.getByRole('textbox', { name: `new value of ${param}`, exact: true });
const connection = (page: Page) => page.locator('bp-connection-status [data-connection]').first().getAttribute('data-connection');

/** What a phone's browser reports when the screen goes off or on (headless Chromium is always "visible"). */
async function setVisibility(page: Page, state: 'hidden' | 'visible'): Promise<void> {
  await page.evaluate((s) => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => s });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => s === 'hidden' });
    document.dispatchEvent(new Event('visibilitychange'));
  }, state);
}

/**
 * Freezes the page as a sleeping phone does: no script runs (timers and events wait) until
 * `thaw`. Through the debugger, since Page.setWebLifecycleState does not freeze a page headless
 * Chromium shows as visible.
 */
async function freeze(cdp: CDPSession): Promise<void> {
  await cdp.send('Debugger.enable');
  const paused = new Promise((resolve) => cdp.once('Debugger.paused', resolve));
  await cdp.send('Debugger.pause');
  // The page pauses at the next script it runs: run one now (its answer comes after the thaw).
  void cdp.send('Runtime.evaluate', { expression: 'void 0' }).catch(() => undefined);
  await paused;
}

async function thaw(cdp: CDPSession): Promise<void> {
  await cdp.send('Debugger.resume');
  await cdp.send('Debugger.disable');
}

describe('a phone waking from sleep', () => {
  it('drops its dead connections and is back on a fresh one with its typed answer', { timeout: 120_000 }, async () => {
    const created = await createSession(server.url, { questions: { derivatives: false, next: ['w3', 'w4', 'b3'] } });
    const instructor = await join(server.url, { code: created.code, role: 'instructor', token: created.instructorToken });
    const phone = await openPage(browser, 'phone');
    pages.push(phone);
    const { page } = phone;

    // The student joins through the proxy; the round opens; she types w3 and does not send it yet.
    await page.goto(`${proxy.url}/join/${created.code}`);
    await page.getByLabel('Your name').fill('Wren');
    await page.getByRole('button', { name: 'Join' }).click();
    await page.getByText('You’re in, Wren!').waitFor();
    expect((await instructor.send('round:open', {})).ok).toBe(true);
    await field(page, 'w3').fill('0.4321');
    expect(await connection(page)).toBe('connected');
    // The page's last requests leave keep-alive connections idle in the browser's pool (the
    // server would close them after a few idle seconds, but the dead network swallows that too).
    await page.evaluate(() => Promise.all([0, 1, 2].map((i) => fetch(`/healthz?n=${i}`).then((r) => r.text()))));

    // Sleep: the screen goes off, the page is frozen and the network forgets every connection.
    const cdp = await page.context().newCDPSession(page);
    await setVisibility(page, 'hidden');
    await freeze(cdp);
    const killed = proxy.blackhole();
    expect(killed).toBeGreaterThan(0);
    const before = proxy.connections.length;
    await new Promise((r) => setTimeout(r, SLEEP_MS));

    // Wake: the network takes new connections again, the page runs and becomes visible.
    proxy.wake();
    const wokeAt = Date.now();
    await thaw(cdp);
    await setVisibility(page, 'visible');
    // Back: connected, over a connection opened after the wake (the dead ones carry nothing any more).
    const freshSocket = () => proxy.connections.slice(before).find((c) => !c.dead && c.bytesDown > 0 && c.requests.some((r) => r.includes('/socket.io/')));
    await expect.poll(async () => freshSocket() !== undefined && (await connection(page)) === 'connected', { timeout: BACK_WITHIN_MS, interval: 50 }).toBe(true);
    const backAfter = Date.now() - wokeAt;
    const lost = proxy.connections.flatMap((c) => c.swallowed);
    console.log(
      `wake: connected again ${backAfter} ms after the wake, on fresh connection #${freshSocket()!.id} (${freshSocket()!.requests[0]}); ` +
        `${killed} connections had died in the sleep; requests sent into dead connections: ${lost.length} (${lost.join(' | ')})`,
    );

    // What she typed is still there, and sending it is acknowledged and stored.
    expect(await field(page, 'w3').inputValue()).toBe('0.4321');
    await page.getByRole('button', { name: 'Send answer' }).click();
    await page.getByText(/Saved at/).waitFor();
    await screenshot(page, 'student-after-wake');
    expect((await instructor.send('round:reveal', {})).ok).toBe(true);
    await instructor.until(() => instructor.staff.summary !== null, 'the summary');
    const w3 = instructor.staff.summary!.fields.find((f) => f.param === 'w3' && f.quantity === 'next');
    expect(w3?.answers).toEqual([0.4321]);
    instructor.close();
  });

  it('moving to another network, comes back on a fresh connection as soon as it is online', async () => {
    const created = await createSession(server.url);
    const instructor = await join(server.url, { code: created.code, role: 'instructor', token: created.instructorToken });
    const phone = await openPage(browser, 'phone');
    pages.push(phone);
    const { page, context } = phone;
    await page.goto(`${proxy.url}/join/${created.code}`);
    await page.getByLabel('Your name').fill('Yuri');
    await page.getByRole('button', { name: 'Join' }).click();
    await page.getByText('You’re in, Yuri!').waitFor();
    await page.evaluate(() => Promise.all([0, 1, 2].map((i) => fetch(`/healthz?n=${i}`).then((r) => r.text()))));

    // The phone leaves the Wi-Fi: offline for a moment, every old path dead; the new network
    // carries new connections.
    await context.setOffline(true);
    proxy.blackhole();
    proxy.wake();
    const before = proxy.connections.length;
    await page.locator('[data-connection="reconnecting"]').waitFor();
    await context.setOffline(false);
    const onlineAt = Date.now();
    const freshSocket = () => proxy.connections.slice(before).find((c) => !c.dead && c.bytesDown > 0 && c.requests.some((r) => r.includes('/socket.io/')));
    await expect.poll(async () => freshSocket() !== undefined && (await connection(page)) === 'connected', { timeout: BACK_WITHIN_MS, interval: 50 }).toBe(true);
    console.log(`network change: connected again ${Date.now() - onlineAt} ms after going online, on fresh connection #${freshSocket()!.id} (${freshSocket()!.requests[0]})`);
    await instructor.until(() => instructor.staff.activeCount === 1, 'Yuri connected');
    instructor.close();
  });

  it('kept to the Content-Security-Policy and threw nothing', () => {
    expect(pages.length).toBeGreaterThan(0);
    for (const p of pages) expect(p.problems).toEqual([]);
  });
});
