// What a student typed and what a revealed round shows stay true: an edited answer survives a
// send that never arrived, a reconnect and a reload; a revealed round reads the same on the
// phone, the projector and the dashboard after the instructor changes the settings, and the
// dashboard's dot plots stay right after a step taken without a round. Also the answer form on a
// phone (Enter, one click, the timer, ±, offline typing), the dashboard on a phone with
// PUBLIC_URL, and the last step at the stop rule. Real headless Chromium against the real server;
// a lost send is a websocket frame dropped on its way to the server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page, WebSocketRoute } from 'playwright-core';
import type { RunningServer } from '../../server/app.js';
import { resolvePreset, stepFrom, toStepRecord } from '../../shared/engine/index.js';
import { allowance, askedFields, buildSheet, DEFAULT_PRECISION } from '../../shared/grader/index.js';
import { smart } from '../../client/lib/format.js';
import { handDerivatives } from '../grader/hand-work.js';
import { launchBrowser, openPage, screenshot, type WatchedPage } from '../support/browser.js';
import { createSession, join, type Participant, startTestServer } from '../support/server.js';

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
const start = { w3: lesson.params['w3']!, w4: lesson.params['w4']!, b3: lesson.params['b3']! };
// Worked on paper (test/grader/hand-work.ts), independently of the engine.
const exact = handDerivatives(start);
const flipped = handDerivatives(start, { flipSign: true });
const halved = handDerivatives(start, { dropTwo: true });

const field = (page: Page, param: string) => page.getByRole('textbox', { name: `derivative dSSR/d${param}`, exact: true });

describe('an answer being edited', () => {
  it('survives a send that never arrived, the reconnect after it and a reload', { timeout: 90_000 }, async () => {
    const created = await createSession(server.url, { questions: { derivatives: ['w3', 'w4', 'b3'], next: [] } });
    const instructor = await join(server.url, { code: created.code, role: 'instructor', token: created.instructorToken });
    const phone: WatchedPage = await openPage(browser, 'phone');
    const { page } = phone;

    // Every socket.io websocket goes through here: page -> server frames can be dropped.
    let dropSubmits = false;
    let dropped = 0;
    const routes: WebSocketRoute[] = [];
    await page.routeWebSocket(/\/socket\.io\//, (ws) => {
      const upstream = ws.connectToServer();
      routes.push(ws);
      ws.onMessage((message) => {
        if (dropSubmits && String(message).includes('"answer:submit"')) {
          dropped++;
          return;
        }
        upstream.send(message);
      });
    });

    await page.goto(created.joinUrl);
    await page.getByLabel('Your name').fill('Ana');
    await page.getByRole('button', { name: 'Join' }).click();
    await instructor.until(() => instructor.staff.activeCount === 1, 'Ana on the roster');
    expect((await instructor.send('round:open', {})).ok).toBe(true);

    await field(page, 'w3').fill('1');
    await field(page, 'w4').fill('2');
    await page.getByRole('button', { name: 'Send answer' }).click();
    await page.getByText(/Saved at/).waitFor();

    // Ana corrects w3; the send leaves the page but never reaches the server.
    expect(routes.length).toBeGreaterThan(0);
    dropSubmits = true;
    await field(page, 'w3').fill('2,5');
    await page.getByRole('button', { name: 'Update answer' }).click();
    await expect.poll(() => dropped, { timeout: 10_000 }).toBe(1);
    dropSubmits = false;
    // The connection drops; the client reconnects and the server sends the answer it has (w3 = 1).
    const routesBefore = routes.length;
    await routes.at(-1)!.close();
    await expect.poll(() => routes.length, { timeout: 15_000 }).toBeGreaterThan(routesBefore);
    // The resumed socket's first snapshot carries the stored answer (w3 = 1) to the page; it
    // arrives right after the connect (over polling or the websocket): give it a moment.
    await page.locator('[data-connection="connected"]').waitFor();
    await page.waitForTimeout(1000);
    await page.getByText(/The connection dropped before the server confirmed this/).waitFor();
    expect(await field(page, 'w3').inputValue()).toBe('2,5');
    expect(await field(page, 'w4').inputValue()).toBe('2');

    // A reload keeps what was typed and not stored, still marked unsent.
    await page.reload();
    await field(page, 'w3').waitFor();
    await expect.poll(() => field(page, 'w3').inputValue(), { timeout: 10_000 }).toBe('2,5');
    expect(await field(page, 'w4').inputValue()).toBe('2');
    await page.getByText(/you have unsent changes/).waitFor();

    // Sent again, it is stored: the note goes away.
    await page.getByRole('button', { name: 'Update answer' }).click();
    await page.getByText(/You can change it until the round closes/).waitFor();

    // One more change is lost the same way just before the reveal: the reveal grades what was stored.
    dropSubmits = true;
    await field(page, 'w4').fill('3');
    await page.getByRole('button', { name: 'Update answer' }).click();
    await expect.poll(() => dropped, { timeout: 10_000 }).toBe(2);
    dropSubmits = false;
    await routes.at(-1)!.close();
    await page.getByText(/The connection dropped before the server confirmed this/).waitFor();
    expect((await instructor.send('round:reveal', {})).ok).toBe(true);
    await instructor.until(() => instructor.staff.summary !== null, 'the summary');
    const answers = Object.fromEntries(instructor.staff.summary!.fields.map((f) => [f.param, f.answers]));
    expect(answers).toEqual({ w3: [2.5], w4: [2], b3: [] });

    // The next round's form starts clean: no error, no status and no draft from round 1.
    expect((await instructor.send('round:advance', { open: true })).ok).toBe(true);
    await page.getByRole('heading', { name: /Round 2/ }).waitFor();
    await page.locator('[data-connection="connected"]').waitFor();
    for (const p of ['w3', 'w4', 'b3']) expect(await field(page, p).inputValue()).toBe('');
    // Round 1's unsent draft is not kept once round 2 is on the page.
    expect(await page.evaluate("Object.keys(sessionStorage).filter((k) => k.includes(':draft:'))")).toEqual([]);
    expect((await page.locator('bp-answer-form').evaluate((e) => e.shadowRoot!.querySelector('.status')!.textContent!)).trim()).toBe('');
    expect(phone.problems).toEqual([]);
    instructor.close();
    await phone.context.close();
  });
});

describe('a revealed round', () => {
  it('reads the same after the settings change and after a step taken without a round', { timeout: 120_000 }, async () => {
    const created = await createSession(server.url, { questions: { derivatives: ['w3', 'w4', 'b3'], next: [] } });
    const instructor = await join(server.url, { code: created.code, role: 'instructor', token: created.instructorToken });
    const phone = await openPage(browser, 'phone');
    const projector = await openPage(browser, 'projector');
    const host = await openPage(browser, 'desktop');
    await phone.page.goto(created.joinUrl);
    await phone.page.getByLabel('Your name').fill('Ana');
    await phone.page.getByRole('button', { name: 'Join' }).click();
    await projector.page.goto(created.presentUrl);
    await host.page.goto(created.hostUrl);
    const others: Participant[] = [];
    for (const name of ['Ben', 'Cy']) others.push(await join(server.url, { code: created.code, role: 'student', name }));
    await instructor.until(() => instructor.staff.activeCount === 3, 'three students');
    expect((await instructor.send('round:open', {})).ok).toBe(true);

    // Ana works it out exactly; Ben flips the sign of w3; Cy drops the 2 in w4.
    for (const p of ['w3', 'w4', 'b3'] as const) await field(phone.page, p).fill(exact[p].toFixed(4));
    await phone.page.getByRole('button', { name: 'Send answer' }).click();
    await phone.page.getByText(/Saved at/).waitFor();
    expect((await others[0]!.send('answer:submit', { derivatives: { ...exact, w3: flipped.w3 } })).ok).toBe(true);
    expect((await others[1]!.send('answer:submit', { derivatives: { ...exact, w4: halved.w4 } })).ok).toBe(true);
    expect((await instructor.send('round:reveal', {})).ok).toBe(true);
    await phone.page.getByTestId('result').waitFor();
    await projector.page.getByTestId('revealed').waitFor();
    await host.page.locator('bp-strip-plot').nth(2).locator('svg').waitFor();

    /** What each view shows of the round: the phone's verdicts and worked parameters, the projector's formulas and plots, the dashboard's plots. */
    const record = async () => ({
      phone: await phone.page.locator('bp-result-list').evaluate((e) => e.shadowRoot!.textContent!.replace(/\s+/g, ' ')),
      worked: await phone.page.locator('bp-worked-solution details').evaluateAll((els) => els.map((e) => e.getAttribute('data-param'))),
      projectorParams: await projector.page.locator('.formula-group[data-param]').evaluateAll((els) => els.map((e) => e.getAttribute('data-param'))),
      projectorPlots: await projector.page.locator('bp-strip-plot').evaluateAll((els) => els.map((e) => e.shadowRoot!.textContent!.replace(/\s+/g, ' '))),
      hostPlots: await host.page.locator('bp-strip-plot').evaluateAll((els) => els.map((e) => e.shadowRoot!.textContent!.replace(/\s+/g, ' '))),
      hostDots: await host.page.locator('bp-strip-plot').evaluateAll((els) => els.map((e) => [e.shadowRoot!.querySelectorAll('.ok').length, e.shadowRoot!.querySelectorAll('.off').length])),
    });
    const before = await record();
    // The phone shows the round's own band for dSSR/dw3 at the default 3 significant digits (a few
    // hundredths: test/grader/acceptance.test.ts checks such bands against hand work), and the
    // plots mark each diagnosed mistake of the class.
    const lesson0 = resolvePreset('three-parameters');
    const band = allowance(buildSheet(toStepRecord(stepFrom(lesson0.setup, lesson0.params)), null, { asked: askedFields({ derivatives: ['w3'], steps: [], next: [] }, 3), precision: DEFAULT_PRECISION, tolerance: null }), { quantity: 'derivatives', param: 'w3' });
    expect(band).toBeGreaterThan(0.02);
    expect(band).toBeLessThan(0.1);
    expect(before.phone).toContain(`(allowed ±${smart(band)})`);
    expect(before.worked).toEqual(['w3', 'w4', 'b3']);
    expect(before.projectorParams).toEqual(['w3', 'w4', 'b3']);
    expect(before.hostDots).toEqual([[2, 1], [2, 1], [3, 0]]);
    expect(before.hostPlots[0]).toContain('sign flipped');
    expect(before.hostPlots[1]).toContain('factor 2 missing');
    await screenshot(host.page, 'host-revealed-record');

    // The instructor loosens the tolerance, asks other questions and hides the leaderboard: the
    // leaderboard leaving each view shows that the new settings have arrived there.
    expect((await instructor.send('session:configure', { tolerance: { absolute: 5, relative: 0.5 }, questions: { derivatives: ['b3'], next: ['w3'] }, leaderboard: 'hidden' })).ok).toBe(true);
    await phone.page.getByRole('heading', { name: 'Leaderboard' }).waitFor({ state: 'detached' });
    await projector.page.getByRole('heading', { name: 'Leaderboard' }).waitFor({ state: 'detached' });
    await host.page.getByText('Students and the projector see it hidden').waitFor();
    expect(await record()).toEqual(before);

    // A step without a round: the dashboard keeps the last round's plots, right and wrong as they were.
    expect((await instructor.send('round:advance', { open: false })).ok).toBe(true);
    await host.page.getByText(/Last revealed round: 1, at iteration 0/).waitFor();
    const hostAfter = {
      hostPlots: await host.page.locator('bp-strip-plot').evaluateAll((els) => els.map((e) => e.shadowRoot!.textContent!.replace(/\s+/g, ' '))),
      hostDots: await host.page.locator('bp-strip-plot').evaluateAll((els) => els.map((e) => [e.shadowRoot!.querySelectorAll('.ok').length, e.shadowRoot!.querySelectorAll('.off').length])),
    };
    expect(hostAfter).toEqual({ hostPlots: before.hostPlots, hostDots: before.hostDots });
    await host.page.getByTestId('class-answers').evaluate((e) => e.scrollIntoView({ block: 'start' }));
    await screenshot(host.page, 'host-last-round');
    for (const view of [phone, projector, host]) expect(view.problems).toEqual([]);
    for (const p of [...others, instructor]) p.close();
    for (const view of [phone, projector, host]) await view.context.close();
  });
});

describe('the answer form on a phone', () => {
  it('sends with Enter or one click, keeps the timer in sight, flips any dash, and keeps typing while reconnecting', { timeout: 90_000 }, async () => {
    const created = await createSession(server.url, { questions: { derivatives: ['w3', 'w4', 'b3'], next: [] }, timerSeconds: 600 });
    const instructor = await join(server.url, { code: created.code, role: 'instructor', token: created.instructorToken });
    const phone = await openPage(browser, 'phone');
    const { page } = phone;
    const routes: WebSocketRoute[] = [];
    let holdReconnect = false;
    await page.routeWebSocket(/\/socket\.io\//, (ws) => {
      // While held, a new connection is closed at once: the page stays offline.
      if (holdReconnect) return void ws.close();
      ws.connectToServer();
      routes.push(ws);
    });
    // socket.io may also reconnect over HTTP long-polling: held too.
    await page.route(/\/socket\.io\//, (route) => (holdReconnect ? route.abort() : route.continue()));
    await page.goto(created.joinUrl);
    await page.getByLabel('Your name').fill('Ana');
    await page.getByRole('button', { name: 'Join' }).click();
    await instructor.until(() => instructor.staff.activeCount === 1, 'Ana on the roster');
    expect((await instructor.send('round:open', {})).ok).toBe(true);

    // Enter in a field sends the answer.
    await field(page, 'w3').fill(exact.w3.toFixed(4));
    await field(page, 'w3').press('Enter');
    await page.getByText(/Saved at/).waitFor();
    // Far down the page, at the send button, the time left is still on screen (the header sticks).
    const send = page.getByRole('button', { name: 'Update answer' });
    await send.scrollIntoViewIfNeeded();
    const timer = (await page.getByRole('timer').boundingBox())!;
    expect(timer.y).toBeGreaterThanOrEqual(0);
    expect(timer.y + timer.height).toBeLessThanOrEqual(page.viewportSize()!.height);

    // One click on the button with a field that is not a number says so at once.
    await field(page, 'w4').fill('1.2.3');
    await send.click();
    await page.getByText(/is not a number yet: fix it, then send/).waitFor({ timeout: 2000 });

    // ± understands every dash the parser reads as a minus.
    await field(page, 'w4').fill('\u20132.5');
    await page.getByRole('button', { name: 'Switch the sign of the derivative dSSR/dw4' }).click();
    expect(await field(page, 'w4').inputValue()).toBe('2.5');

    // The connection drops and stays down: the fields stay editable, only sending waits.
    holdReconnect = true;
    await routes.at(-1)!.close();
    await page.locator('[data-connection="reconnecting"]').waitFor();
    await field(page, 'b3').fill(exact.b3.toFixed(4));
    expect(await field(page, 'b3').isEditable()).toBe(true);
    await page.getByText(/what you type is kept; send once connected/).waitFor();
    // (Its label: "Update answer" after a Send, "Send answer" again once a change was saved as typed.)
    const submit = page.getByRole('button', { name: /^(Update|Send) answer$/ });
    expect(await submit.isDisabled()).toBe(true);
    holdReconnect = false;
    await page.locator('[data-connection="connected"]').waitFor({ timeout: 20_000 });
    expect(await field(page, 'b3').inputValue()).toBe(exact.b3.toFixed(4));
    await submit.click();
    await page.getByText(/You can change it until the round closes/).waitFor();
    expect((await instructor.send('round:reveal', {})).ok).toBe(true);
    await instructor.until(() => instructor.staff.summary !== null, 'the summary');
    expect(instructor.staff.summary!.fields.map((f) => f.answers)).toEqual([[Number(exact.w3.toFixed(4))], [2.5], [Number(exact.b3.toFixed(4))]]);
    expect(phone.problems).toEqual([]);
    instructor.close();
    await phone.context.close();
  });
});

describe('the dashboard opened on a phone through a host link', () => {
  it('fits the screen and links to PUBLIC_URL, not to the address it was opened at', async () => {
    const publicServer = await startTestServer({ publicUrl: 'http://192.168.1.20:3000' });
    try {
      const created = await createSession(publicServer.url);
      const { page, context, problems } = await openPage(browser, 'phone');
      await page.goto(`${publicServer.url}/host/${created.code}#token=${encodeURIComponent(created.instructorToken)}`);
      await page.getByTestId('next-step').waitFor();
      const hostLink = page.getByLabel('Host link for another device (keep it private)');
      await expect.poll(() => hostLink.inputValue()).toBe(`http://192.168.1.20:3000/host/${created.code}#token=${encodeURIComponent(created.instructorToken)}`);
      await page.getByText(`192.168.1.20:3000/join/${created.code}`).first().waitFor();
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(page.viewportSize()!.width);
      await screenshot(page, 'host-phone');
      expect(problems).toEqual([]);
      await context.close();
    } finally {
      await publicServer.close();
    }
  });
});


describe('the dashboard when a revealed step meets the stop rule', () => {
  // Issue 17, case 2: this used to offer only "Take the last step and finish", which ended the class.
  it('says so, takes the step into the next round, and says before running where training stops', async () => {
    const created = await createSession(server.url, { stopRule: { maxSteps: 1 } });
    const instructor = await join(server.url, { code: created.code, role: 'instructor', token: created.instructorToken });
    const host = await openPage(browser, 'desktop');
    await host.page.goto(created.hostUrl);
    await host.page.getByTestId('phase').filter({ hasText: 'No round open' }).waitFor();
    // Before anything: the cap of 1 step, said before running.
    await host.page.getByTestId('forecast').filter({ hasText: 'stops after 1 steps at iteration 1' }).waitFor();
    expect((await instructor.send('round:open', {})).ok).toBe(true);
    expect((await instructor.send('round:reveal', {})).ok).toBe(true);
    await host.page.getByText('The stop rule is met at this step').waitFor();
    expect(await host.page.getByRole('button', { name: 'Take the last step and finish' }).count()).toBe(0);
    await host.page.getByRole('button', { name: 'Next round' }).click();
    await host.page.getByTestId('phase').filter({ hasText: 'Round open · round 2' }).waitFor();
    expect((await instructor.send('round:reveal', {})).ok).toBe(true);
    await host.page.getByRole('button', { name: 'Take the step, no round' }).click();
    await host.page.getByTestId('phase').filter({ hasText: 'No round open' }).waitFor();
    // At the cap: the forecast says there is no step to take, and Run says why without ending anything.
    await host.page.getByTestId('forecast').filter({ hasText: 'no step to take' }).waitFor();
    await host.page.getByRole('button', { name: 'Run to the stop rule' }).click();
    await host.page.getByTestId('training-stop').filter({ hasText: 'the step cap was reached' }).waitFor();
    await screenshot(host.page, 'dashboard-training-stopped');
    expect(instructor.state.session.phase).toBe('lobby');
    expect(await host.page.getByRole('button', { name: /Open round 3/ }).isEnabled()).toBe(true);
    expect(host.problems).toEqual([]);
    instructor.close();
    await host.context.close();
  });
});
