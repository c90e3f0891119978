// The projector's reveal view fits one 1920×1080 screen with no scrolling and nothing clipped,
// for the preset with the most parameters (seven, derivatives and new values asked) and for the
// three-parameter preset with every quantity asked; every parameter's formula, every asked field
// and each parameter's step and new value are on screen. And the open round's "n / m answered"
// counts the class's active students, not only the phones online at the moment.
// Real headless Chromium against the real server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { RunningServer } from '../../server/app.js';
import { resolvePreset, stepFrom, toStepRecord } from '../../shared/engine/index.js';
import { smart } from '../../client/lib/format.js';
import { clippedElements, launchBrowser, openPage, screenshot } from '../support/browser.js';
import { createSession, join, startTestServer, type Participant } from '../support/server.js';

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

type Quantity = 'derivatives' | 'steps' | 'next';
const CASES: Array<{ preset: 'all-parameters' | 'three-parameters'; questions: Partial<Record<Quantity, boolean>> }> = [
  { preset: 'all-parameters', questions: { derivatives: true, next: true } },
  { preset: 'three-parameters', questions: { derivatives: true, steps: true, next: true } },
];

/** A number as the projector's formulas show it (KaTeX's minus sign). */
const shown = (v: number) => smart(v).replace('-', '−');

describe('the projector after the reveal', () => {
  for (const { preset: id, questions } of CASES) {
    for (const colorScheme of ['light', 'dark'] as const) {
      it(`fits one 1920×1080 screen for ${id} (${colorScheme})`, { timeout: 120_000 }, async () => {
        const preset = resolvePreset(id, { seed: 7 });
        const step = toStepRecord(stepFrom(preset.setup, preset.params));
        const created = await createSession(server.url, { preset: id, seed: 7, questions });
        const instructor = await join(server.url, { code: created.code, role: 'instructor', token: created.instructorToken });
        const { page, problems } = await openPage(browser, 'projector', { colorScheme });
        await page.goto(`${server.url}/present/${created.code}#key=${created.projectorKey}`);
        const students: Participant[] = [];
        for (const name of ['Ana', 'Ben', 'Chloé']) students.push(await join(server.url, { code: created.code, role: 'student', name }));
        await instructor.until(() => instructor.staff.activeCount === 3, 'three students on the roster');
        expect((await instructor.send('round:open', {})).ok).toBe(true);
        await page.getByTestId('open').waitFor();

        const trainable = step.trainable;
        const answer = (sign: number, skew: number) => {
          const pick = (values: Record<string, number>) => Object.fromEntries(trainable.map((p) => [p, sign * values[p]! + skew]));
          return {
            ...(questions.derivatives && { derivatives: pick(step.derivatives) }),
            ...(questions.steps && { steps: pick(step.steps) }),
            ...(questions.next && { next: Object.fromEntries(trainable.map((p) => [p, step.params[p]! - sign * step.steps[p]! + skew])) }),
          };
        };
        // Ana exact; Ben with every sign flipped; Chloé a little off.
        expect((await students[0]!.send('answer:submit', answer(1, 0))).ok).toBe(true);
        expect((await students[1]!.send('answer:submit', answer(-1, 0))).ok).toBe(true);
        expect((await students[2]!.send('answer:submit', answer(1, 0.5))).ok).toBe(true);
        await page.getByTestId('answered').filter({ hasText: '3 / 3 answered' }).waitFor();
        // Chloé locks her phone: she still counts, the projector does not say "3 / 2".
        students[2]!.close();
        await instructor.until(() => [...instructor.states].reverse().find((s) => s.role === 'instructor')?.staff.connectedCount === 2 && true, 'Chloé offline');
        await page.waitForTimeout(300);
        expect((await page.getByTestId('answered').innerText()).replace(/\s+/g, ' ')).toBe('3 / 3 answered');

        expect((await instructor.send('round:reveal', {})).ok).toBe(true);
        await page.getByTestId('revealed').waitFor();
        const fields = trainable.flatMap((p) => (['derivatives', 'steps', 'next'] as const).filter((q) => questions[q]).map((q) => `${q}:${p}`));
        await page.locator(`[data-field="${fields.at(-1)}"]`).waitFor();
        await page.locator(`[data-param="${trainable.at(-1)}"] .katex`).first().waitFor();
        await page.evaluate('document.fonts.ready');
        await page.waitForTimeout(300);
        await screenshot(page, `projector-fit-${id}-${colorScheme}`);

        const height = await page.evaluate(() => document.documentElement.scrollHeight);
        expect(height).toBeLessThanOrEqual(1080);
        // No panel hides part of its content.
        expect(await clippedElements(page, { vertical: true })).toEqual([]);

        const onScreen = async (selector: string) => {
          const box = await page.locator(selector).first().boundingBox();
          expect(box, selector).not.toBeNull();
          expect(box!.y, selector).toBeGreaterThanOrEqual(0);
          expect(box!.y + box!.height, selector).toBeLessThanOrEqual(1080);
          expect(box!.x + box!.width, selector).toBeLessThanOrEqual(1920);
        };
        expect(await page.locator('[data-param]').count()).toBe(trainable.length);
        for (const p of trainable) {
          await onScreen(`[data-param="${p}"]`);
          // Each parameter's new value is worked out: old − step = new, with the engine's numbers.
          const text = (await page.locator(`[data-param="${p}"] .katex-html`).allInnerTexts()).join(' ').replace(/\s/g, '');
          expect(text, p).toContain(`=${shown(step.next[p]!)}`);
          expect(text, p).toContain(shown(step.params[p]!));
          if (questions.steps) expect(text, p).toContain(`=${shown(step.steps[p]!)}`);
        }
        for (const f of fields) await onScreen(`[data-field="${f}"]`);
        expect(await page.locator('[data-field]').count()).toBe(fields.length);
        expect(problems).toEqual([]);
        instructor.close();
        students[0]!.close();
        students[1]!.close();
      });
    }
  }
});
