// A student's seat in the browser (issue 17 case 9; issue 16 case 6): the seat code brings Ana
// back with her points in a browser that never saw her token, where typing her name makes
// "Ana (2)" with 0 points; the phone that held the seat is told and can take it back; a token
// copied into another browser shows on her phone, which signs that browser out; the instructor's
// "New seat code" signs every device out and brings her back. Real server, headless Chromium.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { resolvePreset, stepFrom, toStepRecord } from '../../shared/engine/index.js';
import { screenshot } from '../support/browser.js';
import { joinAs, liveClass } from '../support/live-class.js';
import { createSession, join, type Participant } from '../support/server.js';
import type { CreatedSession } from '../../shared/protocol/events.js';
import { fieldLabel } from '../../client/lib/format.js';

const live = liveClass();

async function phone(): Promise<Page> {
  return (await live.open('phone')).page;
}

/** A class where Ana answered one round exactly (her points are on her phone). */
async function classWithAna(): Promise<{ created: CreatedSession; instructor: Participant; ana: Page; points: string }> {
  const created = await createSession(live.server.url);
  const instructor = await join(live.server.url, { code: created.code, role: 'instructor', token: created.instructorToken });
  const ana = await phone();
  await joinAs(ana, live.server.url, created.code, 'Ana');
  expect((await instructor.send('round:open', {})).ok).toBe(true);
  const step = toStepRecord(stepFrom(resolvePreset('three-parameters').setup, resolvePreset('three-parameters').params));
  await ana.getByTestId('round').waitFor();
  await ana.getByRole('textbox', { name: fieldLabel({ quantity: 'next', param: 'w3' }), exact: true }).fill(String(step.params.w3! - step.steps.w3!));
  await ana.getByRole('button', { name: 'Send answer' }).click();
  await instructor.until(() => instructor.staff.answeredCount === 1 && true, 'her answer');
  expect((await instructor.send('round:reveal', {})).ok).toBe(true);
  await ana.getByTestId('result').waitFor();
  const points = (await ana.getByTestId('score').innerText()).trim();
  expect(Number(points)).toBeGreaterThan(0);
  return { created, instructor, ana, points };
}

describe('a seat in the browser', () => {
  it('follows Ana to a fresh browser with her seat code; her phone is told and takes it back', { timeout: 120_000 }, async () => {
    const { created, instructor, ana, points } = await classWithAna();
    // Her seat code, under "Continue on another device".
    await ana.getByText('Continue on another device').click();
    const seatCode = (await ana.getByTestId('seat-code-value').innerText()).trim();
    expect(seatCode).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    await screenshot(ana, 'student-seat-code');

    // A browser that never saw her token: the name alone makes a stranger with nothing...
    const laptop = await phone();
    await joinAs(laptop, live.server.url, created.code, 'Ana');
    await expect.poll(async () => (await laptop.getByTestId('me').innerText()).replace(/\s+/g, ' ')).toMatch(/Ana \(2\) 0 points/);
    // ...and a third one, with the seat code, is Ana again, with her points.
    const tablet = await phone();
    await tablet.goto(`${live.server.url}/join/${created.code}`);
    await tablet.getByText('Use your seat code').click();
    await tablet.getByLabel('Seat code').fill(seatCode.toLowerCase());
    await tablet.getByRole('button', { name: 'Continue with my seat' }).click();
    await tablet.getByTestId('me').waitFor();
    expect((await tablet.getByTestId('me').innerText()).replace(/\s+/g, ' ')).toContain(`Ana ${points} points`);
    // Her phone is told, and offers to take the seat back.
    await ana.getByTestId('signed-out').waitFor();
    expect(await ana.getByTestId('signed-out').innerText()).toMatch(/another device/);
    await screenshot(ana, 'student-signed-out');
    await ana.getByTestId('take-back').click();
    await ana.getByTestId('me').waitFor();
    expect((await ana.getByTestId('me').innerText()).replace(/\s+/g, ' ')).toContain(`Ana ${points} points`);
    await tablet.getByTestId('signed-out').waitFor();
    // A reload of the phone keeps her seat (the new token was kept).
    await ana.reload();
    await ana.getByTestId('me').waitFor();
    expect((await ana.getByTestId('me').innerText()).replace(/\s+/g, ' ')).toContain(`Ana ${points} points`);
    instructor.close();
  });

  it('shows a copied token on the owner’s phone, which signs the other browser out; the instructor can hand the seat back', { timeout: 120_000 }, async () => {
    const { created, instructor, ana, points } = await classWithAna();
    // Someone copies her stored seat (token) into their own browser.
    const stored = await ana.evaluate((code) => window.localStorage.getItem(`backprop-live:student:${code}`), created.code);
    const thief = await phone();
    await thief.goto(`${live.server.url}/`);
    await thief.evaluate(([code, value]) => window.localStorage.setItem(`backprop-live:student:${code}`, value!), [created.code, stored] as const);
    await thief.goto(`${live.server.url}/join/${created.code}`);
    await thief.getByTestId('me').waitFor();
    // Her phone says so, and she signs the other devices out.
    await ana.getByTestId('elsewhere').waitFor();
    await screenshot(ana, 'student-elsewhere');
    await ana.getByTestId('sign-out-others').click();
    await thief.getByTestId('signed-out').waitFor();
    await expect.poll(() => ana.getByTestId('elsewhere').count()).toBe(0);
    // The thief's copy of the token no longer opens the seat, even after a reload.
    await thief.reload();
    await expect.poll(() => thief.getByTestId('me').count()).toBe(0);
    // Her phone keeps working after a reload (it kept the new token).
    await ana.reload();
    await ana.getByTestId('me').waitFor();

    // The instructor gives her a new seat code from the dashboard: every device is signed out, and
    // the code brings her back.
    const dashboard = await live.open('desktop');
    await dashboard.page.goto(created.hostUrl);
    dashboard.page.on('dialog', (d) => void d.accept());
    await dashboard.page.getByRole('button', { name: 'New seat code for Ana' }).click();
    const status = dashboard.page.getByText(/New seat code for Ana: [A-Z2-9]{4}-[A-Z2-9]{4}/);
    await status.waitFor();
    await screenshot(dashboard.page, 'dashboard-new-seat');
    const code = /([A-Z2-9]{4}-[A-Z2-9]{4})/.exec(await status.innerText())![1]!;
    await ana.getByTestId('signed-out').waitFor();
    expect(await ana.getByTestId('take-back').count()).toBe(0);
    await ana.getByLabel('Seat code').fill(code);
    await ana.getByRole('button', { name: 'Continue with my seat' }).click();
    await ana.getByTestId('me').waitFor();
    expect((await ana.getByTestId('me').innerText()).replace(/\s+/g, ' ')).toContain(`Ana ${points} points`);
    instructor.close();
  });
});
