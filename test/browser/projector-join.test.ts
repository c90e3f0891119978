// The projector invites people to join only when they can: with an address phones can open, and
// while joining is open. Real server, real sockets, headless Chromium at 1920×1080.
// - Opened at http://localhost:PORT (as the README suggests) with no PUBLIC_URL, it shows the
//   dashboard's warning instead of a QR code and a localhost link (case 10).
// - With PUBLIC_URL set to a network address, it shows that link, and the round banner's QR code
//   is at least 300 px on a 1080p screen: large enough to scan from the back row (case 10).
// - When the instructor locks joining, and once the session is over, the QR code and code are gone;
//   unlocking brings them back (case 6).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { RunningServer } from '../../server/app.js';
import { launchBrowser, openPage, screenshot } from '../support/browser.js';
import { createSession, join, startTestServer } from '../support/server.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** The QR codes the page shows, with their rendered size (through the shadow roots). */
function qrCodes(page: Page): Promise<Array<{ alt: string; width: number; height: number }>> {
  return page.evaluate(`(() => {
    const out = [];
    const walk = (root) => {
      for (const el of root.querySelectorAll('*')) {
        if (el.tagName === 'IMG' && root.host && root.host.tagName === 'BP-QR-CODE') {
          const r = el.getBoundingClientRect();
          if (r.width > 0) out.push({ alt: el.alt, width: r.width, height: r.height });
        }
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    walk(document);
    return out;
  })()`);
}

describe('the projector on localhost', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('warns that phones cannot open localhost, and shows no QR code and no localhost link', { timeout: 60_000 }, async () => {
    const created = await createSession(server.url);
    const instructor = await join(server.url, { code: created.code, role: 'instructor', token: created.instructorToken });
    const { page, problems } = await openPage(browser, 'projector');
    const port = new URL(server.url).port;
    await page.goto(`http://localhost:${port}/present/${created.code}#key=${created.projectorKey}`);
    await page.getByTestId('lobby').waitFor();
    const warning = page.getByTestId('join-warning');
    await warning.waitFor();
    expect(await warning.innerText()).toMatch(/Phones cannot open localhost\.[\s\S]*PUBLIC_URL/);
    // The hint names this server's port, not a fixed one.
    expect(await warning.innerText()).toContain(`:${port}`);
    expect(await qrCodes(page)).toEqual([]);
    expect(await page.getByTestId('join-url').count()).toBe(0);
    await screenshot(page, 'projector-localhost-lobby');

    // The round banner too.
    const student = await join(server.url, { code: created.code, role: 'student', name: 'Ana' });
    expect((await instructor.send('round:open', {})).ok).toBe(true);
    await page.getByTestId('open').waitFor();
    await warning.waitFor();
    expect(await qrCodes(page)).toEqual([]);
    expect(problems).toEqual([]);
    student.close();
    instructor.close();
  });
});

describe('the projector with PUBLIC_URL', () => {
  const PUBLIC = 'http://192.0.2.10:8080';
  let server: RunningServer;
  beforeAll(async () => {
    server = await startTestServer({ publicUrl: PUBLIC });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('shows the public link with a QR code of at least 300 px in the round banner, and hides it while joining is locked and once the class is over', { timeout: 90_000 }, async () => {
    const created = await createSession(server.url);
    const instructor = await join(server.url, { code: created.code, role: 'instructor', token: created.instructorToken });
    const { page, problems } = await openPage(browser, 'projector');
    await page.goto(`${server.url}/present/${created.code}#key=${created.projectorKey}`);
    await page.getByTestId('lobby').waitFor();
    const link = `192.0.2.10:8080/join/${created.code}`;
    await page.getByTestId('join-url').filter({ hasText: link }).waitFor();
    await expect.poll(async () => (await qrCodes(page)).length).toBe(1);
    expect((await qrCodes(page))[0]!.alt).toBe(`QR code to join: ${link}`);
    expect(await page.getByTestId('join-warning').count()).toBe(0);

    // Locked: no QR, no code, no link; the lobby says joining is closed.
    expect((await instructor.send('session:lock', {})).ok).toBe(true);
    await page.getByTestId('joining-closed').waitFor();
    expect(await qrCodes(page)).toEqual([]);
    expect(await page.getByTestId('join-code').count()).toBe(0);
    expect(await page.getByTestId('join-url').count()).toBe(0);
    await screenshot(page, 'projector-locked-lobby');
    // Unlocked: back.
    expect((await instructor.send('session:unlock', {})).ok).toBe(true);
    await page.getByTestId('join-code').waitFor();

    // The round banner: the QR code large enough for the back row.
    const student = await join(server.url, { code: created.code, role: 'student', name: 'Ana' });
    expect((await instructor.send('round:open', {})).ok).toBe(true);
    await page.getByTestId('open').waitFor();
    await expect.poll(async () => (await qrCodes(page)).length).toBe(1);
    const [qr] = await qrCodes(page);
    expect(qr!.alt).toBe(`QR code to join: ${link}`);
    expect(qr!.width).toBeGreaterThanOrEqual(300);
    expect(qr!.height).toBeGreaterThanOrEqual(300);
    await screenshot(page, 'projector-round-banner');
    // Locked during the round: the banner goes.
    expect((await instructor.send('session:lock', {})).ok).toBe(true);
    await expect.poll(async () => (await qrCodes(page)).length).toBe(0);
    expect(await page.getByTestId('join-code').count()).toBe(0);
    expect((await instructor.send('session:unlock', {})).ok).toBe(true);
    await expect.poll(async () => (await qrCodes(page)).length).toBe(1);

    // The class is over: nothing invites anyone to join.
    expect((await instructor.send('session:end', {})).ok).toBe(true);
    await page.getByTestId('ending').waitFor();
    expect(await qrCodes(page)).toEqual([]);
    expect(await page.getByTestId('join-code').count()).toBe(0);
    expect(await page.getByTestId('join-url').count()).toBe(0);
    expect(problems).toEqual([]);
    student.close();
    instructor.close();
  });
});
