// The end of a class on the projector (issue 17, case 7): after "End session" it shows a podium
// (the top three with their points, first in the middle and tallest) and the class in numbers
// (rounds played, the share of answered fields right per quantity, the mistake most students
// made), worked by hand from the answers three students send over two rounds. With the leaderboard
// anonymous the podium shows no names; hidden, there is no podium. Real server, real sockets,
// headless Chromium; screenshots at 1920×1080 and 1280×720.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { RunningServer } from '../../server/app.js';
import { resolvePreset, stepFrom, toStepRecord, type StepRecord } from '../../shared/engine/index.js';
import type { LeaderboardMode } from '../../shared/session/settings.js';
import { clippedElements, launchBrowser, openPage, screenshot } from '../support/browser.js';
import { createSession, join, startTestServer, type Participant } from '../support/server.js';

let server: RunningServer;
let browser: Browser;
beforeAll(async () => {
  server = await startTestServer({ publicUrl: 'http://192.0.2.10:8080' });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

type Sheet = { derivatives?: Record<string, number>; next?: Record<string, number> };
const exactDerivatives = (step: StepRecord, sign = 1) => Object.fromEntries(step.trainable.map((p) => [p, sign * step.derivatives[p]!]));
const exactNext = (step: StepRecord) => Object.fromEntries(step.trainable.map((p) => [p, step.next[p]!]));

/** Two rounds of the three-parameter lesson (w3, w4, b3; derivatives and new values asked). */
async function playTwoRounds(leaderboard: LeaderboardMode) {
  const preset = resolvePreset('three-parameters', { seed: 7 });
  const step1 = toStepRecord(stepFrom(preset.setup, preset.params));
  const step2 = toStepRecord(stepFrom(preset.setup, { ...step1.params, ...step1.next }));
  const created = await createSession(server.url, { preset: 'three-parameters', seed: 7, questions: { derivatives: true, next: true }, autoClose: false, leaderboard });
  const instructor = await join(server.url, { code: created.code, role: 'instructor', token: created.instructorToken });
  const students: Record<'Ana' | 'Ben' | 'Chloé', Participant> = {
    Ana: await join(server.url, { code: created.code, role: 'student', name: 'Ana' }),
    Ben: await join(server.url, { code: created.code, role: 'student', name: 'Ben' }),
    Chloé: await join(server.url, { code: created.code, role: 'student', name: 'Chloé' }),
  };
  const submit = async (who: keyof typeof students, answers: Sheet) => expect((await students[who].send('answer:submit', answers)).ok).toBe(true);

  // Round 1. Ana: all six right. Ben: every derivative's sign flipped, the new values right.
  // Chloé: the derivatives right, the new values left blank.
  expect((await instructor.send('round:open', {})).ok).toBe(true);
  await submit('Ana', { derivatives: exactDerivatives(step1), next: exactNext(step1) });
  await submit('Ben', { derivatives: exactDerivatives(step1, -1), next: exactNext(step1) });
  await submit('Chloé', { derivatives: exactDerivatives(step1) });
  expect((await instructor.send('round:reveal', {})).ok).toBe(true);
  expect((await instructor.send('round:advance', { open: true })).ok).toBe(true);
  // Round 2. Ana: every derivative's sign flipped, no new values. Ben: nothing. Chloé: all six right.
  await submit('Ana', { derivatives: exactDerivatives(step2, -1) });
  await submit('Chloé', { derivatives: exactDerivatives(step2), next: exactNext(step2) });
  expect((await instructor.send('round:reveal', {})).ok).toBe(true);
  // The grader saw the sign flips the test means to send.
  // The grader saw the sign flips the test means to send: Ben's three in round 1, Ana's in round 2.
  const flips = async (p: Participant, round: number) => {
    await p.until(() => p.graded.some((g) => g.round === round), `round ${round} graded`);
    return p.graded.find((g) => g.round === round)!.fields.filter((f) => f.mistake === 'sign-flipped').length;
  };
  expect(await flips(students.Ben, 1)).toBe(3);
  expect(await flips(students.Ana, 2)).toBe(3);
  expect(await flips(students.Chloé, 2)).toBe(0);
  return { created, instructor, students };
}

describe('the projector at the end of the class', () => {
  it('shows the podium and the class in numbers', { timeout: 120_000 }, async () => {
    const { created, instructor, students } = await playTwoRounds('shown');
    const { page, problems } = await openPage(browser, 'projector');
    await page.goto(`${server.url}/present/${created.code}#key=${created.projectorKey}`);
    await page.getByTestId('revealed').waitFor();
    expect((await instructor.send('session:end', {})).ok).toBe(true);
    await page.getByTestId('ending').waitFor();
    await page.getByTestId('final-summary').waitFor();

    // Correct fields: Chloé 3 + 6 = 9, Ana 6 + 0, Ben 3 + 0: Chloé first, Ana second, Ben third.
    // The points are the server's (the instructor's roster), whatever a field is worth.
    const score = (name: string) => instructor.staff.leaderboard.find((e) => e.name === name)!.score;
    expect(score('Chloé')).toBeGreaterThan(score('Ana'));
    expect(score('Ana')).toBeGreaterThan(score('Ben'));
    const places = await page.locator('[data-testid="podium"] li[data-place]').evaluateAll((lis) =>
      lis.map((li) => ({ place: li.getAttribute('data-place'), who: li.querySelector('.who')!.textContent!.trim(), points: li.querySelector('[data-testid="podium-score"]')!.textContent, height: li.querySelector('.block')!.getBoundingClientRect().height })),
    );
    // Left to right: second, first, third; the first's block the tallest, the third's the lowest.
    expect(places.map((p) => [p.place, p.who, p.points])).toEqual([
      ['2', 'Ana', String(score('Ana'))],
      ['1', 'Chloé', String(score('Chloé'))],
      ['3', 'Ben', String(score('Ben'))],
    ]);
    expect(places[1]!.height).toBeGreaterThan(places[0]!.height);
    expect(places[0]!.height).toBeGreaterThan(places[2]!.height);

    // By hand: 2 rounds. Derivatives answered 9 + 6 = 15, right 6 (Ana, Chloé) + 3 (Chloé) = 9: 60 %.
    // New values answered 6 (Ana, Ben) + 3 (Chloé) = 9, all right: 100 %. Sign flipped by Ben and
    // Ana (three fields each): 2 students.
    expect(await page.getByTestId('final-rounds').innerText()).toBe('2');
    expect(await page.getByTestId('accuracy-derivatives').innerText()).toBe('60 %');
    expect(await page.locator('li[data-quantity="derivatives"] .of').innerText()).toBe('9 of 15');
    expect(await page.getByTestId('accuracy-next').innerText()).toBe('100 %');
    expect(await page.locator('li[data-quantity="next"] .of').innerText()).toBe('9 of 9');
    expect(await page.getByTestId('accuracy-steps').count()).toBe(0);
    expect((await page.getByTestId('final-mistake').innerText()).replace(/\s+/g, ' ')).toBe('Sign flipped: 2 students');

    for (const size of [
      { width: 1920, height: 1080 },
      { width: 1280, height: 720 },
    ]) {
      await page.setViewportSize(size);
      await page.waitForTimeout(300);
      await screenshot(page, `projector-ending-${size.width}x${size.height}`);
      expect(await page.evaluate('document.documentElement.scrollHeight')).toBeLessThanOrEqual(size.height);
      expect(await clippedElements(page, { vertical: true })).toEqual([]);
    }
    expect(problems).toEqual([]);
    instructor.close();
    for (const s of Object.values(students)) s.close();
  });

  for (const mode of ['anonymous', 'hidden'] as const) {
    it(`shows no names with the leaderboard ${mode}`, { timeout: 120_000 }, async () => {
      const { created, instructor, students } = await playTwoRounds(mode);
      const { page, problems } = await openPage(browser, 'projector');
      await page.goto(`${server.url}/present/${created.code}#key=${created.projectorKey}`);
      await page.getByTestId('revealed').waitFor();
      expect((await instructor.send('session:end', {})).ok).toBe(true);
      await page.getByTestId('final-summary').waitFor();
      const text = await page.getByTestId('ending').innerText();
      for (const name of ['Ana', 'Ben', 'Chloé']) expect(text).not.toContain(name);
      if (mode === 'hidden') expect(await page.getByTestId('podium').count()).toBe(0);
      else expect(await page.locator('[data-testid="podium"] li[data-place] .who').allInnerTexts()).toEqual(['Anonymous', 'Anonymous', 'Anonymous']);
      await screenshot(page, `projector-ending-${mode}`);
      expect(problems).toEqual([]);
      instructor.close();
      for (const s of Object.values(students)) s.close();
    });
  }
});
