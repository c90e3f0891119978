// Accessibility, checked by axe-core 4.x in headless Chromium on every page of a class: the start
// page, the join page, a student during an open round, after the reveal and at the end, the
// dashboard and the projector. No violation of serious or critical impact, and none of the landmark and heading
// rules (a `main` landmark, a level-1 heading, no content outside landmarks, no empty table
// header). axe walks open shadow roots, where every view's content lives. The pages run under the
// server's Content-Security-Policy (script-src 'self'), which refuses an injected <script>, so axe
// is evaluated through the DevTools protocol instead.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { RunningServer } from '../../server/app.js';
import type { CreatedSession } from '../../shared/protocol/events.js';
import { launchBrowser, openPage, type WatchedPage } from '../support/browser.js';
import { createSession, join, startTestServer, type Participant } from '../support/server.js';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
/** Rules that must not fail whatever axe rates their impact. */
const STRUCTURE_RULES = ['landmark-one-main', 'region', 'page-has-heading-one', 'empty-table-header'];

interface Violation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly targets: readonly string[];
}

/** Runs axe on the page as it is and returns the violations that count, with where they are. */
async function violations(page: Page): Promise<{ version: string; passes: string[]; failing: Violation[] }> {
  await page.evaluate('document.fonts.ready');
  if (!(await page.evaluate('typeof window.axe === "object"'))) await page.evaluate(AXE_SOURCE);
  // A string, so the test's bundler adds nothing to what the page runs.
  const result = (await page.evaluate(`axe.run(document, { resultTypes: ['violations', 'passes'] }).then((r) => ({
    version: axe.version,
    passes: r.passes.map((p) => p.id),
    violations: r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => JSON.stringify(n.target)) })),
  }))`)) as { version: string; passes: string[]; violations: Violation[] };
  const failing = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical' || STRUCTURE_RULES.includes(v.id));
  return { version: result.version, passes: result.passes, failing };
}

/** Checks the page and says which rule failed where. */
async function expectAccessible(page: Page, what: string): Promise<void> {
  const { version, passes, failing } = await violations(page);
  expect(version).toMatch(/^4\./);
  expect(failing.map((v) => `${what}: ${v.id} (${v.impact}) ${v.help} at ${v.targets.slice(0, 3).join(', ')}`)).toEqual([]);
  // The page has a main landmark and a level-1 heading (passes, not merely inapplicable).
  expect(passes).toEqual(expect.arrayContaining(['landmark-one-main', 'page-has-heading-one']));
}

let server: RunningServer;
let browser: Browser;
let created: CreatedSession;
let instructor: Participant;
beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  // The hint (hidden-node values with math column headers) on, as in the lesson.
  created = await createSession(server.url, { hints: true, questions: { derivatives: ['w3'], next: true } });
  instructor = await join(server.url, { code: created.code, role: 'instructor', token: created.instructorToken });
});
afterAll(async () => {
  instructor?.close();
  await browser?.close();
  await server?.close();
});

describe('accessibility (axe-core)', () => {
  it('the start page', { timeout: 60_000 }, async () => {
    const { page, problems } = await openPage(browser, 'desktop');
    await page.goto(server.url);
    await page.locator('bp-start-page bp-settings-form form').waitFor();
    await expectAccessible(page, 'start page');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('the join page, a student during an open round, after the reveal and at the end, the dashboard and the projector', { timeout: 120_000 }, async () => {
    const dashboard: WatchedPage = await openPage(browser, 'desktop');
    await dashboard.page.goto(created.hostUrl);
    await dashboard.page.getByTestId('phase').waitFor();

    const projector: WatchedPage = await openPage(browser, 'projector');
    await projector.page.goto(created.presentUrl);
    await projector.page.locator('bp-present-view bp-connection-status [data-connection="connected"]').waitFor();

    const phone: WatchedPage = await openPage(browser, 'phone');
    await phone.page.goto(created.joinUrl);
    await phone.page.getByLabel('Your name').waitFor();
    await expectAccessible(phone.page, 'join page');

    await phone.page.getByLabel('Your name').fill('Ana');
    await phone.page.getByRole('button', { name: 'Join' }).click();
    await phone.page.getByTestId('lobby').waitFor();
    expect((await instructor.send('round:open', {})).ok).toBe(true);
    await phone.page.getByTestId('answers').waitFor();
    // Open the folded data so the hint table (math column headers) is checked too.
    await phone.page.locator('details[data-testid="data-fold"] summary').click();
    await phone.page.getByTestId('hidden-values').locator('.katex').first().waitFor();
    await expectAccessible(phone.page, 'student, open round');
    await phone.page.getByRole('textbox', { name: 'derivative dSSR/dw3', exact: true }).fill('0.1');
    await phone.page.getByRole('button', { name: 'Send answer' }).click();
    await phone.page.getByText(/Saved/).waitFor();

    await projector.page.getByTestId('open').waitFor();
    await expectAccessible(projector.page, 'projector, open round');
    await dashboard.page.getByTestId('answered').waitFor();
    await expectAccessible(dashboard.page, 'dashboard, open round');

    expect((await instructor.send('round:reveal', {})).ok).toBe(true);
    await phone.page.getByTestId('result').waitFor();
    await phone.page.locator('bp-worked-solution .katex').first().waitFor();
    await expectAccessible(phone.page, 'student, revealed');
    await projector.page.getByTestId('revealed').waitFor();
    await expectAccessible(projector.page, 'projector, revealed');
    await dashboard.page.getByTestId('class-answers').waitFor();
    await expectAccessible(dashboard.page, 'dashboard, revealed');

    // The end: the student's own summary at the top.
    expect((await instructor.send('session:end', {})).ok).toBe(true);
    await phone.page.getByTestId('final').waitFor();
    await expectAccessible(phone.page, 'student, finished');

    expect([...phone.problems, ...dashboard.problems, ...projector.problems]).toEqual([]);
    for (const p of [phone, dashboard, projector]) await p.context.close();
  });
});
