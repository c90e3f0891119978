// The projector's reveal on the screens a lecture hall has: at 1024×768, 1280×720, 1366×768,
// 1920×1080 and 3840×2160, for the preset with the most parameters (seven, derivatives and new
// values asked) and the three-parameter preset (derivatives, step sizes and new values), measured
// in real headless Chromium through the shadow roots:
// - the page does not scroll, and no panel clips its content;
// - no two panels (nor two answer plots) overlap, and no two pieces of text print over each other;
// - every asked field and every parameter's formula is on screen;
// - a long name ("Maximilian Alexander") is on the leaderboard in full;
// - text is readable from the back of a 20 m room: at 1920×1080 none under 22 px, and it scales
//   with the screen (twice that at 3840×2160).
// The projector page also has one `main` landmark holding everything it shows, and a level-1 heading.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { RunningServer } from '../../server/app.js';
import { resolvePreset, stepFrom, toStepRecord } from '../../shared/engine/index.js';
import { clippedElements, launchBrowser, openPage, screenshot } from '../support/browser.js';
import { boxesOf, overlaps, visibleText, type Box, type TextRun } from '../support/projector-measure.js';
import { createSession, join, startTestServer, type Participant } from '../support/server.js';

let server: RunningServer;
let browser: Browser;
beforeAll(async () => {
  // Phones reach the server at a network address: the projector shows that one (it would refuse to
  // advertise the loopback address the test opens it on).
  server = await startTestServer({ publicUrl: 'http://192.0.2.10:8080' });
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
const SIZES = [
  { width: 1024, height: 768 },
  { width: 1280, height: 720 },
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
  { width: 3840, height: 2160 },
] as const;
const LONG_NAME = 'Maximilian Alexander';

/**
 * Text printed over other text: line boxes of different text nodes sharing more than a third of
 * the shorter one's height (tight line spacing makes neighbouring lines touch, not overlap that
 * much). Formulas are compared as whole boxes (KaTeX's glyphs touch by design).
 */
function textCollisions(runs: readonly TextRun[], math: readonly Box[]): string[] {
  const items = [
    ...runs.filter((r) => !r.math).flatMap((r) => r.rects.map((b) => ({ ...b, name: `"${r.text}" (${r.where})`, run: r as unknown }))),
    ...math.map((b) => ({ ...b, run: b as unknown })),
  ];
  const out: string[] = [];
  for (let i = 0; i < items.length; i++) {
    for (let j = i + 1; j < items.length; j++) {
      const a = items[i]!;
      const b = items[j]!;
      if (a.run === b.run) continue;
      const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      if (w > 2 && h > Math.max(2, Math.min(a.bottom - a.top, b.bottom - b.top) / 3)) out.push(`${a.name} × ${b.name}`);
    }
  }
  return out;
}

describe('the projector reveal on every common screen', () => {
  for (const { preset: id, questions } of CASES) {
    it(`fits, reads and shows every name in full for ${id}`, { timeout: 240_000 }, async () => {
      const preset = resolvePreset(id, { seed: 7 });
      const step = toStepRecord(stepFrom(preset.setup, preset.params));
      const created = await createSession(server.url, { preset: id, seed: 7, questions });
      const instructor = await join(server.url, { code: created.code, role: 'instructor', token: created.instructorToken });
      const { page, problems } = await openPage(browser, 'projector');
      await page.goto(`${server.url}/present/${created.code}#key=${created.projectorKey}`);
      const students: Participant[] = [];
      for (const name of [LONG_NAME, 'Ben', 'Chloé']) students.push(await join(server.url, { code: created.code, role: 'student', name }));
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
      // The long name exact (so it tops the leaderboard), Ben with every sign flipped, Chloé a little off.
      expect((await students[0]!.send('answer:submit', answer(1, 0))).ok).toBe(true);
      expect((await students[1]!.send('answer:submit', answer(-1, 0))).ok).toBe(true);
      expect((await students[2]!.send('answer:submit', answer(1, 0.5))).ok).toBe(true);
      expect((await instructor.send('round:reveal', {})).ok).toBe(true);
      await page.getByTestId('revealed').waitFor();
      const fields = trainable.flatMap((p) => (['derivatives', 'steps', 'next'] as const).filter((q) => questions[q]).map((q) => `${q}:${p}`));
      await page.locator(`[data-field="${fields.at(-1)}"]`).waitFor();
      await page.locator(`[data-param="${trainable.at(-1)}"] .katex`).first().waitFor();
      await page.evaluate('document.fonts.ready');

      const report: string[] = [];
      for (const size of SIZES) {
        const at = `${size.width}×${size.height}`;
        await page.setViewportSize(size);
        // Resize observers and the plots' re-layout run on the next frames.
        await page.waitForTimeout(400);
        // Soft: one run reports every size's problems, not only the first.
        await screenshot(page, `projector-sizes-${id}-${size.width}x${size.height}`);

        const scroll = await page.evaluate('({ h: document.documentElement.scrollHeight, w: document.documentElement.scrollWidth })');
        expect.soft(scroll, `${at}: the page scrolls`).toEqual({ h: size.height, w: size.width });
        expect.soft(await clippedElements(page, { vertical: true }), `${at}: clipped`).toEqual([]);

        // Panels: the bar's parts, the main panels, the answer plots, the side panel's sections.
        const groups = await boxesOf(page, [
          ['bp-present-view', '.bar > *'],
          ['bp-present-view', '.main > *'],
          ['bp-present-view', 'bp-class-summary', '.field'],
          ['bp-present-view', '.side > *'],
        ]);
        expect.soft(groups[1]!.length, `${at}: main panels`).toBeGreaterThanOrEqual(2);
        for (const group of groups) {
          expect.soft(overlaps(group).map(([a, b]) => `${a.name} × ${b.name}`), `${at}: overlapping panels`).toEqual([]);
          for (const b of group) {
            expect.soft(b.left >= -0.5 && b.top >= -0.5 && b.right <= size.width + 0.5 && b.bottom <= size.height + 0.5, `${at}: ${b.name} off screen ${JSON.stringify(b)}`).toBe(true);
          }
        }

        const runs = await visibleText(page);
        const math = (await boxesOf(page, [['bp-present-view', 'bp-math']]))[0]!;
        expect.soft(textCollisions(runs, math), `${at}: text printed over text`).toEqual([]);
        const off = runs.filter((r) => r.left < -0.5 || r.top < -0.5 || r.right > size.width + 0.5 || r.bottom > size.height + 0.5);
        expect.soft(off.map((r) => `"${r.text}" ${r.where}`), `${at}: text off screen`).toEqual([]);

        // Every asked field's plot or counts and every parameter's worked formula are on screen.
        for (const f of fields) {
          const box = await page.locator(`[data-field="${f}"]`).boundingBox();
          expect.soft(box && box.width > 0 && box.height > 0 && box.x + box.width <= size.width + 0.5 && box.y + box.height <= size.height + 0.5, `${at}: ${f}`).toBe(true);
        }
        for (const p of trainable) {
          const box = await page.locator(`[data-param="${p}"]`).boundingBox();
          expect.soft(box && box.width > 0 && box.x + box.width <= size.width + 0.5 && box.y + box.height <= size.height + 0.5, `${at}: formula of ${p}`).toBe(true);
        }

        // The long name in full: one text run carries all of it, and nothing is cut with an ellipsis.
        expect.soft(runs.some((r) => r.text.includes(LONG_NAME)), `${at}: ${LONG_NAME} in full`).toBe(true);
        expect.soft(runs.filter((r) => r.text.includes('…')).map((r) => r.text), `${at}: ellipsis`).toEqual([]);

        const smallest = Math.min(...runs.map((r) => r.size));
        report.push(`${at}: smallest text ${smallest.toFixed(1)} px`);
        if (size.width === 1920) {
          const small = runs.filter((r) => r.size < 22 - 0.05);
          expect.soft(small.map((r) => `${r.size}px "${r.text}" ${r.where}`), 'text under 22 px at 1920×1080').toEqual([]);
        }
        // A 4K projector shows the same picture at twice the pixels, text included.
        if (size.width === 3840) expect.soft(smallest, 'smallest text at 3840×2160').toBeGreaterThanOrEqual(43.5);
      }
      console.log(`${id}:\n  ${report.join('\n  ')}`);

      // One main landmark holds everything the page shows, under a level-1 heading.
      await page.setViewportSize({ width: 1920, height: 1080 });
      const landmarks = await page.evaluate(`(() => {
        const found = { main: 0, h1: 0, outside: [] };
        const walk = (root, inMain) => {
          for (const el of root.children) {
            const isMain = el.tagName === 'MAIN' || el.getAttribute('role') === 'main';
            if (isMain) found.main++;
            if (el.tagName === 'H1' || (el.getAttribute('role') === 'heading' && el.getAttribute('aria-level') === '1')) found.h1++;
            if (!inMain && !isMain && !el.children.length && !el.shadowRoot && el.textContent.trim() && el.getClientRects().length && !String(el.className).includes('visually-hidden')) found.outside.push(el.tagName + ': ' + el.textContent.trim().slice(0, 40));
            if (el.shadowRoot) walk(el.shadowRoot, inMain || isMain);
            walk(el, inMain || isMain);
          }
        };
        walk(document.body, false);
        return found;
      })()`);
      expect(landmarks).toEqual({ main: 1, h1: 1, outside: [] });

      expect(problems).toEqual([]);
      instructor.close();
      for (const s of students) s.close();
    });
  }
});
