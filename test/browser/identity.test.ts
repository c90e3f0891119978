// Who is who, across reloads, devices, removals and a server restart; and what the projector
// shows when the instructor anonymises the leaderboard. Real server, real headless Chromium.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { RunningServer } from '../../server/app.js';
import { resolvePreset, stepFrom, toStepRecord } from '../../shared/engine/index.js';
import { launchBrowser, openPage, screenshot, type WatchedPage } from '../support/browser.js';
import { freePort, spawnServer } from '../support/process.js';
import { createSession, join, startTestServer } from '../support/server.js';

let browser: Browser;
const pages: WatchedPage[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function open(kind: 'phone' | 'desktop' | 'projector', colorScheme: 'light' | 'dark' = 'light'): Promise<WatchedPage> {
  const page = await openPage(browser, kind, { colorScheme });
  pages.push(page);
  return page;
}

async function joinAs(page: Page, url: string, code: string, name: string): Promise<void> {
  await page.goto(`${url}/join/${code}`);
  await page.getByLabel('Your name').fill(name);
  await page.getByRole('button', { name: 'Join' }).click();
  await page.getByText(`You’re in, ${name}!`).waitFor();
}

/** Waits until the student view's connection indicator reads `state`. */
function waitForConnection(page: Page, state: string): Promise<unknown> {
  return page.waitForFunction(
    (want) => {
      const view = document.querySelector('bp-app')?.shadowRoot?.querySelector('bp-student-view');
      const pill = view?.shadowRoot?.querySelector('bp-connection-status')?.shadowRoot?.querySelector('[data-connection]');
      return pill?.getAttribute('data-connection') === want;
    },
    state,
    { timeout: 30_000 },
  );
}

const connection = (page: Page) => page.locator('bp-connection-status [data-connection]').first().getAttribute('data-connection');

describe('identity in the browser', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    // The devices leave first, as at the end of a class; then the server stops.
    await Promise.all(pages.map((p) => p.context.close()));
    await server?.close();
  });

  it('reopens the dashboard from the host link on another device and after a refresh; a wrong token is refused', async () => {
    const created = await createSession(server.url);
    const code = created.code;

    // A second device opens the host link: the token comes from the fragment and leaves the address bar.
    const laptop = await open('desktop');
    await laptop.page.goto(created.hostUrl);
    await laptop.page.getByRole('button', { name: 'Open round 1' }).waitFor();
    expect(await connection(laptop.page)).toBe('connected');
    expect(new URL(laptop.page.url()).hash).toBe('');
    await laptop.page.reload();
    await laptop.page.getByRole('button', { name: 'Open round 1' }).waitFor();
    expect(await laptop.page.getByTestId('join-code').textContent()).toBe(`${code.slice(0, 3)}-${code.slice(3)}`);

    // A wrong token: the server refuses, the dashboard says why and asks for the link.
    const other = await open('desktop');
    await other.page.goto(`${server.url}/host/${code}#token=not-the-instructor-token`);
    await other.page.getByText('does not open this session').waitFor();
    expect(await other.page.evaluate((c) => localStorage.getItem(`backprop-live:instructor:${c}`), code)).toBeNull();
    await other.page.getByLabel('Host link or token').fill(created.hostUrl);
    await other.page.getByRole('button', { name: 'Open dashboard' }).click();
    await other.page.getByRole('button', { name: 'Open round 1' }).waitFor();
  });

  it('tells a removed student why, forgets their seat, and lets them join again only as someone new', async () => {
    const created = await createSession(server.url);
    const host = await open('desktop');
    await host.page.goto(created.hostUrl);
    const phone = await open('phone');
    await joinAs(phone.page, server.url, created.code, 'Dora');
    await host.page.locator('tr[data-student="Dora"]').waitFor();

    host.page.once('dialog', (dialog) => {
      expect(dialog.message()).toContain('Remove Dora');
      void dialog.accept();
    });
    await host.page.getByRole('button', { name: 'Remove Dora' }).click();
    await phone.page.getByTestId('refused').getByText('The instructor removed you from this session.').waitFor();
    expect(await connection(phone.page)).toBe('refused');
    expect(await phone.page.evaluate((c) => localStorage.getItem(`backprop-live:student:${c}`), created.code)).toBeNull();
    await host.page.getByTestId('roster-counts').filter({ hasText: '0 joined' }).waitFor();

    // Back on the join link the phone is asked for a name: the old seat is gone.
    await phone.page.reload();
    await phone.page.getByLabel('Your name').waitFor();
  });

  it('reconnects by itself after a server restart, as the same student with the same answer', { timeout: 90_000 }, async () => {
    // The built server as its own process on a real SQLite file, stopped and started again on the same port.
    const port = await freePort();
    const env = { DB_PATH: joinPath(mkdtempSync(joinPath(tmpdir(), 'bpl-browser-')), 'live.db') };
    let proc = await spawnServer(env, port);
    try {
      const created = await createSession(proc.url);
      const code = created.code;
      const phone = await open('phone', 'dark');
      await joinAs(phone.page, proc.url, code, 'Emil');
      let instructor = await join(proc.url, { code, role: 'instructor', token: created.instructorToken });
      expect((await instructor.send('round:open', {})).ok).toBe(true);
      await phone.page.getByTestId('answers').waitFor();
      const step = toStepRecord(stepFrom(resolvePreset('three-parameters').setup, resolvePreset('three-parameters').params));
      for (const p of ['w3', 'w4', 'b3']) await phone.page.getByRole('textbox', { name: `new value of ${p}`, exact: true }).fill(step.next[p]!.toFixed(4));
      await phone.page.getByRole('button', { name: 'Send answer' }).click();
      await phone.page.getByText(/Saved at/).waitFor();
      await phone.page.evaluate(() => window.scrollTo(0, 0));
      await screenshot(phone.page, 'student-round-dark');
      instructor.close();

      // The server stops (SIGTERM: graceful); the phone shows it is reconnecting, then is back by itself.
      proc.kill('SIGTERM');
      await proc.exited;
      await waitForConnection(phone.page, 'reconnecting');
      proc = await spawnServer(env, port);
      await waitForConnection(phone.page, 'connected');
      expect(await phone.page.getByTestId('me').textContent()).toContain('Emil');
      await phone.page.getByTestId('answers').waitFor();
      expect(Number(await phone.page.getByRole('textbox', { name: 'new value of w3', exact: true }).inputValue())).toBeCloseTo(step.next['w3']!, 4);

      // The same student is graded: the answer given before the restart counts.
      instructor = await join(proc.url, { code, role: 'instructor', token: created.instructorToken });
      expect(instructor.staff.students.map((s) => s.name)).toEqual(['Emil']);
      expect((await instructor.send('round:reveal', {})).ok).toBe(true);
      await phone.page.getByTestId('result').waitFor();
      expect(await phone.page.getByTestId('round-points').textContent()).toBe('+300');
      instructor.close();
      await phone.context.close();
    } finally {
      proc.kill('SIGTERM');
      await proc.exited;
    }
  });

  it('shows an anonymised leaderboard on the projector while the dashboard keeps the names', async () => {
    const created = await createSession(server.url, { leaderboard: 'anonymous', questions: { derivatives: true, next: false } });
    const code = created.code;
    const instructor = await join(server.url, { code, role: 'instructor', token: created.instructorToken });
    const step = toStepRecord(stepFrom(resolvePreset('three-parameters').setup, resolvePreset('three-parameters').params));
    const students = await Promise.all(['Fay', 'Gus', 'Hana', 'Ivo', 'Jun'].map((name) => join(server.url, { code, role: 'student', name })));
    const projector = await open('projector', 'dark');
    await projector.page.goto(created.presentUrl);
    await projector.page.getByTestId('joined-count').filter({ hasText: '5 students joined' }).waitFor();
    await instructor.send('round:open', {});
    await Promise.all(
      students.map(async (s, i) => {
        await s.untilState((st) => st.session.phase === 'open', 'open');
        const scale = [1, 1, -1, 0.5, 1.4][i]!;
        const ack = await s.send('answer:submit', { derivatives: Object.fromEntries(['w3', 'w4', 'b3'].map((p) => [p, step.derivatives[p]! * scale])) });
        expect(ack.ok).toBe(true);
      }),
    );
    await instructor.send('round:reveal', {});
    await projector.page.getByTestId('revealed').waitFor();
    await projector.page.getByTestId('answer-count').filter({ hasText: /^5$/ }).waitFor();
    const board = projector.page.locator('bp-leaderboard li');
    await board.first().waitFor();
    const rows = await board.allTextContents();
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row).toContain('Anonymous');
      for (const name of ['Fay', 'Gus', 'Hana', 'Ivo', 'Jun']) expect(row).not.toContain(name);
    }
    // Only the derivatives were asked: one plot per field, no new values.
    await projector.page.locator('bp-class-summary section.field').nth(2).waitFor();
    expect(await projector.page.locator('bp-class-summary section.field').count()).toBe(3);
    await screenshot(projector.page, 'projector-reveal-dark');
    const host = await open('desktop');
    await host.page.goto(created.hostUrl);
    await host.page.locator('bp-leaderboard li').filter({ hasText: 'Fay' }).waitFor();
    for (const p of [instructor, ...students]) p.close();
  });

  it('kept to the Content-Security-Policy and threw nothing', () => {
    expect(pages.length).toBeGreaterThan(0);
    for (const p of pages) expect(p.problems).toEqual([]);
  });
});
