// The staged plan of issue 18 in real headless Chromium against the real server: the instructor
// runs the three stages of the lesson plan (forward pass; the shared term; terms, derivatives and
// the update) on the lesson's first iteration from the dashboard, one click per stage; Ana answers
// each stage on her phone (390×844), right except one slip (the residual reversed, so her shared
// term follows from it) and sees her verdicts; Ben answers over a socket; the projector (1920×1080)
// shows each stage's reveal. Nothing downstream of a stage is shown before its own reveal. Writes
// a phone and a projector screenshot per stage (SCREENSHOT_DIR), and runs axe-core on the phone's
// and the projector's staged reveal.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { resolvePreset, stepFrom, toStepRecord } from '../../shared/engine/index.js';
import { smart } from '../../client/lib/format.js';
import { clippedElements, screenshot } from '../support/browser.js';
import { liveClass, joinAs } from '../support/live-class.js';
import { createSession, join } from '../support/server.js';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's serious and critical violations on the page as it is (see a11y.test.ts). */
async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate('document.fonts.ready');
  if (!(await page.evaluate('typeof window.axe === "object"'))) await page.evaluate(AXE_SOURCE);
  const found = (await page.evaluate(`axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical' || ['landmark-one-main', 'region', 'page-has-heading-one', 'empty-table-header'].includes(v.id))
    .map((v) => v.id + ' (' + v.impact + ') ' + v.help + ' at ' + v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)).join(', ')))`)) as string[];
  return found;
}

const lesson = resolvePreset('three-parameters');
const step = toStepRecord(stepFrom(lesson.setup, lesson.params));
const doses = step.points.map((p) => p.input);
const fmt = (v: number) => v.toFixed(4);

/** The verdicts on the student's page, once her grade has arrived: "field=verdict". */
async function verdicts(page: Page, round: number): Promise<string[]> {
  await page.getByTestId('announcer').filter({ hasText: `Round ${round} revealed` }).waitFor({ state: 'attached' });
  await page.getByTestId('tally').waitFor();
  return page.locator('bp-result-list li').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-field')}=${e.getAttribute('data-verdict')}`));
}

/** The projector's content ends within its 1080 px: nothing runs off the bottom of the screen. */
async function fitsScreen(board: Page, testId: 'open' | 'revealed'): Promise<void> {
  const box = await board.getByTestId(testId).evaluate((el) => {
    // The lowest bottom edge of any panel inside (a grid cell may be shorter than its content).
    const panels = [el, ...el.querySelectorAll('.panel')];
    return Math.max(...panels.map((p) => p.getBoundingClientRect().bottom));
  });
  expect(box).toBeLessThanOrEqual(1080);
}

/** Everything the page holds as text, through shadow roots (what a student could read). */
function shownText(page: Page): Promise<string> {
  return page.evaluate(`(() => {
    const parts = [document.body.textContent ?? ''];
    const walk = (root) => { for (const el of root.querySelectorAll('*')) if (el.shadowRoot) { parts.push(el.shadowRoot.textContent ?? ''); walk(el.shadowRoot); } };
    walk(document);
    return parts.join(' ');
  })()`);
}

describe('the staged lesson plan in the browser', () => {
  // The address phones would use in a classroom (the browsers here use the real one).
  const live = liveClass({ publicUrl: 'http://192.168.1.20:3000' });

  it('runs the three stages on a phone, the dashboard and the projector', { timeout: 300_000 }, async () => {
    const created = await createSession(live.server.url, { questions: { next: true } });
    const host = await live.open('desktop');
    await host.page.goto(`${live.server.url}${new URL(created.hostUrl).pathname}#token=${encodeURIComponent(created.instructorToken)}`);
    await host.page.getByTestId('lesson-plan').waitFor();
    const projectorHref = await host.page.getByTestId('projector-link').getAttribute('href');
    const projector = await live.open('projector');
    await projector.page.goto(`${live.server.url}${projectorHref}`);

    const ana = await live.open('phone');
    await joinAs(ana.page, live.server.url, created.code, 'Ana');
    const ben = await join(live.server.url, { code: created.code, role: 'student', name: 'Ben' });
    const phone = ana.page;
    const field = (name: string) => phone.getByRole('textbox', { name, exact: true });
    const stageState = () => host.page.locator('bp-lesson-plan li').evaluateAll((els) => els.map((e) => e.getAttribute('data-status')));

    // The plan before any round: three stages, the first offered.
    expect(await stageState()).toEqual(['next', 'later', 'later']);

    // ---------- Stage 1: the forward pass.
    await host.page.getByRole('button', { name: 'Open stage 1' }).click();
    await host.page.getByTestId('host-message').filter({ hasText: 'Forward pass: round open.' }).waitFor();
    expect(await stageState()).toEqual(['open', 'later', 'later']);
    await phone.getByTestId('answers').waitFor();
    expect(await phone.getByTestId('stage-title').textContent()).toBe('Forward pass');
    await projector.page.getByTestId('question').filter({ hasText: 'Forward pass:' }).waitFor();
    // Per dose: x1, y1, x2, y2 and the prediction, each with its own accessible name.
    expect(await phone.locator('fieldset.dose').count()).toBe(doses.length);
    for (let i = 0; i < doses.length; i++) {
      const p = step.points[i]!;
      for (let k = 0; k < 2; k++) {
        await field(`x${k + 1} at point ${i + 1}`).fill(fmt(p.hidden[k]!.x));
        await field(`y${k + 1} at point ${i + 1}`).fill(fmt(p.hidden[k]!.y));
      }
      await field(`prediction at point ${i + 1}`).fill(fmt(p.predicted));
    }
    expect((await ben.send('answer:submit', { points: {
      // Ben leaves the bias b1 out of x1.
      x1: step.points.map((p) => step.params['w1']! * p.input), y1: step.points.map((p) => p.hidden[0]!.y),
      x2: step.points.map((p) => p.hidden[1]!.x), y2: step.points.map((p) => p.hidden[1]!.y),
      predicted: step.points.map((p) => p.predicted),
    } })).ok).toBe(true);
    await phone.getByRole('button', { name: 'Send answer' }).click();
    await phone.getByText(/Saved at/).waitFor();
    await phone.getByTestId('answers').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await screenshot(phone, 'staged-phone-1-answers');
    await screenshot(host.page, 'staged-host-1-open', { fullPage: true });
    await host.page.getByRole('button', { name: 'Reveal answers' }).click();

    const v1 = await verdicts(phone, 1);
    expect(v1).toHaveLength(15);
    expect(v1.every((v) => v.endsWith('=correct'))).toBe(true);
    // The worked solution: the forward pass at every dose, highlighted; nothing downstream.
    const worked = phone.locator('bp-worked-solution');
    expect(await worked.locator('[data-link="predicted"].asked').count()).toBe(doses.length);
    expect(await worked.locator('[data-link="residual"], [data-link="dssrDpredicted"], [data-link="terms"], [data-param]').count()).toBe(0);
    const text1 = await shownText(phone);
    for (const p of step.points) expect(text1).not.toContain(smart(p.residual));
    expect(await phone.getByTestId('stage-title').first().textContent()).toBe('Forward pass');
    // The projector: the links to the prediction at every dose, the class's answers by dose, the worst link.
    const board = projector.page;
    await board.getByTestId('revealed').waitFor();
    await board.getByTestId('stage-title').filter({ hasText: 'Forward pass' }).waitFor();
    await board.locator('bp-class-summary [data-field="predicted:2"] bp-strip-plot').waitFor();
    expect(await board.locator('bp-class-summary td.field').count()).toBe(15);
    expect(await board.locator('bp-stage-table [data-link="residual"]').count()).toBe(0);
    expect(await board.getByTestId('worst-link').textContent()).toContain('Hidden input x');
    await board.getByTestId('mistakes').getByText('Bias left out').waitFor();
    await screenshot(board, 'staged-projector-1');
    await fitsScreen(board, 'revealed');
    expect(await clippedElements(board, { within: 'bp-present-view' })).toEqual([]);
    await phone.getByTestId('result').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await screenshot(phone, 'staged-phone-1-result');
    await phone.getByTestId('worked').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await screenshot(phone, 'staged-phone-1-worked');
    expect(await axeViolations(phone)).toEqual([]);
    expect(await axeViolations(board)).toEqual([]);

    // ---------- Stage 2: the shared term, on the same iteration.
    expect(await stageState()).toEqual(['done', 'next', 'later']);
    await host.page.getByRole('button', { name: 'Next stage: The shared term' }).click();
    await host.page.getByTestId('host-message').filter({ hasText: 'The shared term: round open.' }).waitFor();
    await phone.getByTestId('answers').waitFor();
    expect(await phone.getByTestId('stage-title').textContent()).toBe('The shared term');
    // What the forward pass revealed stays in sight, nothing further.
    await phone.locator('.known bp-stage-table [data-link="predicted"]').waitFor();
    expect(await phone.locator('.known bp-stage-table [data-link="residual"]').count()).toBe(0);
    const text2 = await shownText(phone);
    for (const p of step.points) expect(text2).not.toContain(smart(p.dSSRdPredicted));
    // The earlier stage's links fit the phone's width: no sideways scrolling.
    expect(await clippedElements(phone, { within: 'bp-stage-table' })).toEqual([]);
    // Ana's slip: Predicted − Observed; her shared term follows correctly from it.
    for (let i = 0; i < doses.length; i++) {
      const p = step.points[i]!;
      await field(`residual at point ${i + 1}`).fill(fmt(-p.residual));
      await field(`dSSR/dPredicted at point ${i + 1}`).fill(fmt(-2 * -p.residual));
    }
    expect((await ben.send('answer:submit', { points: { residual: step.points.map((p) => p.residual), dssrDpredicted: step.points.map((p) => p.dSSRdPredicted) } })).ok).toBe(true);
    await phone.getByRole('button', { name: 'Send answer' }).click();
    await phone.getByText(/Saved at/).waitFor();
    await board.getByTestId('question').filter({ hasText: 'The shared term:' }).waitFor();
    await phone.getByTestId('answers').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await screenshot(phone, 'staged-phone-2-answers');
    await screenshot(board, 'staged-projector-2-open');
    await board.locator('bp-stage-table.known [data-link="predicted"]').waitFor();
    expect(await clippedElements(board, { within: 'bp-present-view', vertical: true })).toEqual([]);
    await fitsScreen(board, 'open');
    await host.page.getByRole('button', { name: 'Reveal answers' }).click();

    const v2 = await verdicts(phone, 2);
    expect(v2).toEqual([...doses.map((_, i) => `residual:${i}=wrong`), ...doses.map((_, i) => `dssrDpredicted:${i}=partial`)]);
    const slip = phone.locator('bp-result-list li[data-field="residual:0"] [data-mistake]');
    expect(await slip.getAttribute('data-mistake')).toBe('residual-reversed');
    expect(await slip.textContent()).toContain('Predicted − Observed');
    expect(await phone.locator('bp-result-list li[data-field="dssrDpredicted:0"] [data-follow-on]').getAttribute('data-follow-on')).toBe('follows-from-own-residual');
    expect(await worked.locator('[data-link="dssrDpredicted"].asked').count()).toBe(doses.length);
    expect(await worked.locator('[data-link="terms"], [data-param]').count()).toBe(0);
    const text2r = await shownText(phone);
    for (const p of ['w3', 'w4', 'b3']) expect(text2r).not.toContain(smart(step.derivatives[p]!));
    await board.getByTestId('stage-title').filter({ hasText: 'The shared term' }).waitFor();
    await board.locator('bp-class-summary [data-field="dssrDpredicted:2"] bp-strip-plot').waitFor();
    expect(await board.getByTestId('worst-link').textContent()).toContain('Residual');
    expect(await board.locator('bp-stage-table [data-link="terms"]').count()).toBe(0);
    await screenshot(board, 'staged-projector-2');
    await fitsScreen(board, 'revealed');
    expect(await clippedElements(board, { within: 'bp-present-view' })).toEqual([]);
    await phone.getByTestId('result').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await screenshot(phone, 'staged-phone-2-result');

    // ---------- Stage 3: terms, derivatives and the update.
    expect(await stageState()).toEqual(['done', 'done', 'next']);
    await host.page.getByRole('button', { name: 'Next stage: Terms, derivatives and the update' }).click();
    await phone.getByTestId('answers').waitFor();
    for (const p of ['w3', 'w4', 'b3']) {
      for (let i = 0; i < doses.length; i++) await field(`term of ${p} at point ${i + 1}`).fill(fmt(step.terms[p]![i]!));
      await field(`derivative dSSR/d${p}`).fill(fmt(step.derivatives[p]!));
      await field(`new value of ${p}`).fill(fmt(step.next[p]!));
    }
    await phone.getByRole('button', { name: 'Send answer' }).click();
    await phone.getByText(/Saved at/).waitFor();
    // Ben keeps +2(O − P) in his terms of w3: each has the wrong sign.
    const trainable = ['w3', 'w4', 'b3'];
    expect((await ben.send('answer:submit', {
      terms: Object.fromEntries(trainable.map((p) => [p, step.terms[p]!.map((t) => (p === 'w3' ? -t : t))])),
      derivatives: Object.fromEntries(trainable.map((p) => [p, step.derivatives[p]!])),
      next: Object.fromEntries(trainable.map((p) => [p, step.next[p]!])),
    })).ok).toBe(true);
    await phone.getByTestId('answers').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await screenshot(phone, 'staged-phone-3-answers');
    await board.locator('bp-stage-table.known [data-link="dssrDpredicted"]').waitFor();
    await screenshot(board, 'staged-projector-3-open');
    await fitsScreen(board, 'open');
    await host.page.getByRole('button', { name: 'Reveal answers' }).click();
    const v3 = await verdicts(phone, 3);
    expect(v3).toHaveLength(15);
    expect(v3.every((v) => v.endsWith('=correct'))).toBe(true);
    expect(await worked.locator('[data-param="w3"] [data-link="terms"].asked').count()).toBe(1);
    await board.locator('bp-class-summary [data-field="terms:b3:2"]').waitFor();
    await board.getByTestId('worst-link').filter({ hasText: 'Chain-rule term' }).waitFor();
    await screenshot(board, 'staged-projector-3');
    await fitsScreen(board, 'revealed');
    expect(await clippedElements(board, { within: 'bp-present-view' })).toEqual([]);
    await phone.getByTestId('worked').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await screenshot(phone, 'staged-phone-3-worked');
    // Every stage revealed: the plan offers none; the round controls advance.
    expect(await stageState()).toEqual(['done', 'done', 'done']);
    await host.page.getByRole('button', { name: 'Next round' }).waitFor();
    await screenshot(host.page, 'staged-host-3-revealed', { fullPage: true });

    for (const p of [host, projector, ana]) expect(p.problems).toEqual([]);
    ben.close();
  });
});
