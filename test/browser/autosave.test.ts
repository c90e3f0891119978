// Issue 17, case 1: what a student typed counts, sent or not. A timed round closes on three typed
// fields nobody sent; the instructor ends the session on typed fields nobody sent; both are graded
// as typed (values worked independently of the engine: the lesson's first step by hand, see
// test/engine/lesson.test.ts). Real server, headless Chromium.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { fieldLabel } from '../../client/lib/format.js';
import { screenshot } from '../support/browser.js';
import { joinAs, liveClass } from '../support/live-class.js';
import { createSession, join } from '../support/server.js';

const live = liveClass();

// The lesson's first step, by hand (w3 = 0.36, w4 = 0.63, b3 = 0, learning rate 0.01; doses 0,
// 0.5, 1, observed 0, 1, 0): dSSR/dw3 = 2.5780 (4 s.f.), new w3 = 0.36 - 0.01 * 2.578 = 0.3342.
const TYPED = { w3: '0.3342', w4: '0.6174', b3: '-0.0190' };

async function phoneJoined(code: string, name: string): Promise<Page> {
  const { page } = await live.open('phone');
  await joinAs(page, live.server.url, code, name);
  return page;
}

async function typeAll(page: Page): Promise<void> {
  await page.getByTestId('round').waitFor();
  for (const [param, value] of Object.entries(TYPED)) await page.getByRole('textbox', { name: fieldLabel({ quantity: 'next', param }), exact: true }).fill(value);
}

describe('answers saved as typed', () => {
  it('are graded when the timer closes the round, though Send was never tapped', { timeout: 90_000 }, async () => {
    const created = await createSession(live.server.url, { timerSeconds: 8 });
    const instructor = await join(live.server.url, { code: created.code, role: 'instructor', token: created.instructorToken });
    const page = await phoneJoined(created.code, 'Ana');
    expect((await instructor.send('round:open', {})).ok).toBe(true);
    await typeAll(page);
    // Saved a moment after the last keystroke, and said so; Send is still there for "I'm done".
    await page.getByText(/Saved as you typed/).waitFor();
    await screenshot(page, 'student-saved-as-typed');
    expect(await page.getByRole('button', { name: 'Send answer' }).isVisible()).toBe(true);
    // The timer closes the round.
    await page.getByTestId('result').waitFor({ timeout: 20_000 });
    expect(await page.getByText('You did not answer this round').count()).toBe(0);
    // All three typed values are right: 100 points each (no speed bonus by default).
    expect(await page.getByTestId('round-points').innerText()).toBe('+300');
    expect(await page.getByTestId('total').innerText()).toBe('300');
    expect((await instructor.untilState((st) => st.session.phase === 'revealed', 'revealed')).session.round?.closedBy).toBe('timer');
    instructor.close();
  });

  it('are graded when the instructor ends the session, though Send was never tapped', { timeout: 90_000 }, async () => {
    const created = await createSession(live.server.url);
    const instructor = await join(live.server.url, { code: created.code, role: 'instructor', token: created.instructorToken });
    const page = await phoneJoined(created.code, 'Ben');
    expect((await instructor.send('round:open', {})).ok).toBe(true);
    await typeAll(page);
    await page.getByText(/Saved as you typed/).waitFor();
    expect((await instructor.send('session:end', {})).ok).toBe(true);
    await page.getByTestId('final').waitFor();
    expect(await page.getByText('You did not answer this round').count()).toBe(0);
    expect(Number(await page.getByTestId('final-points').innerText())).toBeGreaterThan(0);
    expect(await page.getByTestId('final-fields').innerText()).toBe('3 of 3');
    instructor.close();
  });

  it('do not close a round with autoClose before the student taps Send', { timeout: 60_000 }, async () => {
    const created = await createSession(live.server.url, { autoClose: true });
    const instructor = await join(live.server.url, { code: created.code, role: 'instructor', token: created.instructorToken });
    const page = await phoneJoined(created.code, 'Chloé');
    expect((await instructor.send('round:open', {})).ok).toBe(true);
    await typeAll(page);
    await page.getByText(/Saved as you typed/).waitFor();
    await page.waitForTimeout(500);
    expect(instructor.state.session.phase).toBe('open');
    await page.getByRole('button', { name: 'Send answer' }).click();
    await page.getByTestId('result').waitFor();
    expect((await instructor.untilState((st) => st.session.phase === 'revealed', 'closed')).session.round?.closedBy).toBe('all-answered');
    instructor.close();
  });
});
