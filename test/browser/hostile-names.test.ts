// A student whose name is HTML: it shows as text on every view and nothing in it runs. Also: a
// projector opened on its own shows the join link the server is configured with (PUBLIC_URL).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { RunningServer } from '../../server/app.js';
import { startServer } from '../../server/app.js';
import { testConfig } from '../../server/config.js';
import { launchBrowser, openPage, screenshot, type WatchedPage } from '../support/browser.js';
import { createSession, join } from '../support/server.js';

const HOSTILE = '<img src=x onerror=alert(1)>';
const SCRIPTED = '<script>alert(2)</script>';
const PUBLIC_URL = 'http://192.0.2.10:3000';

let browser: Browser;
let server: RunningServer;
const pages: WatchedPage[] = [];
const dialogs: string[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
  server = await startServer(testConfig({ publicUrl: PUBLIC_URL }));
});
afterAll(async () => {
  await Promise.all(pages.map((p) => p.context.close()));
  await browser?.close();
  await server?.close();
});

async function open(kind: 'phone' | 'desktop' | 'projector'): Promise<Page> {
  const watched = await openPage(browser, kind);
  pages.push(watched);
  watched.page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  // Anything the name could inject would run in the page: count what runs.
  await watched.page.addInitScript(() => {
    (window as unknown as { injected: number }).injected = 0;
    window.alert = () => {
      (window as unknown as { injected: number }).injected++;
    };
  });
  return watched.page;
}

/** Elements anywhere in the page, shadow roots included, that a name could have created. */
function injectedElements(page: Page): Promise<number> {
  return page.evaluate(() => {
    let found = 0;
    const walk = (root: Document | ShadowRoot) => {
      for (const el of root.querySelectorAll('*')) {
        if ((el.tagName === 'IMG' && el.getAttribute('src') === 'x') || el.hasAttribute('onerror') || (el.tagName === 'SCRIPT' && el.textContent?.includes('alert'))) found++;
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    walk(document);
    return found;
  });
}

describe('names that are HTML', () => {
  it('show as text on the student, dashboard and projector views, and nothing runs', async () => {
    const created = await createSession(server.url, { questions: { derivatives: ['w3'], next: false } });
    const code = created.code;
    const projector = await open('projector');
    // Opened on its own, straight from the address bar (with the projector's key, not the join link).
    await projector.goto(`${server.url}/present/${code}#key=${created.projectorKey}`);
    await projector.getByTestId('join-url').first().filter({ hasText: `192.0.2.10:3000/join/${code}` }).waitFor();

    const student = await open('phone');
    await student.goto(`${server.url}/join/${code}`);
    await student.getByLabel('Your name').fill(HOSTILE);
    await student.getByRole('button', { name: 'Join' }).click();
    await student.getByText(HOSTILE, { exact: false }).first().waitFor();
    const other = await join(server.url, { code, role: 'student', name: SCRIPTED });

    const host = await open('desktop');
    await host.goto(`${server.url}/host/${code}#token=${created.instructorToken}`);
    await host.getByTestId('roster-counts').filter({ hasText: '2 joined' }).waitFor();
    for (const page of [host, projector]) {
      await page.getByText(HOSTILE, { exact: true }).first().waitFor();
      await page.getByText(SCRIPTED, { exact: true }).first().waitFor();
    }

    // A round, so the names reach the leaderboards too.
    const instructor = await join(server.url, { code, role: 'instructor', token: created.instructorToken });
    await instructor.send('round:open', {});
    await other.untilState((s) => s.session.phase === 'open', 'open');
    expect((await other.send('answer:submit', { derivatives: { w3: 2.58 } })).ok).toBe(true);
    await instructor.send('round:reveal', {});
    await host.locator('bp-leaderboard li').filter({ hasText: SCRIPTED }).first().waitFor();
    await projector.locator('bp-leaderboard li').filter({ hasText: SCRIPTED }).first().waitFor();
    await student.locator('bp-leaderboard li').filter({ hasText: SCRIPTED }).first().waitFor();

    await screenshot(student, 'hostile-name-student');
    await screenshot(projector, 'hostile-name-projector');
    for (const page of [student, host, projector]) {
      expect(await injectedElements(page)).toBe(0);
      expect(await page.evaluate(() => (window as unknown as { injected: number }).injected)).toBe(0);
    }
    expect(dialogs).toEqual([]);
    for (const p of pages) expect(p.problems).toEqual([]);
    instructor.close();
    other.close();
  });
});
