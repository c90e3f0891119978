// The dashboard's buttons follow the phase table: a real session is driven through every phase
// (lobby, open, revealed, running, finished) with the instructor's page open in headless Chromium,
// and in each phase every rendered button that names its client event (data-event) is enabled
// exactly when the phase table accepts that event. The same table is what the server refuses by,
// so a button the server would refuse is never offered, and none the server would take is greyed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { RunningServer } from '../../server/app.js';
import { INSTRUCTOR_EVENTS, canSend, isClientEvent, type ClientEventName } from '../../shared/protocol/event-meta.js';
import { PHASES } from '../../shared/session/phases.js';
import type { Phase } from '../../shared/session/state.js';
import { launchBrowser, openPage, type WatchedPage } from '../support/browser.js';
import { createSession, join, startTestServer, type Participant } from '../support/server.js';

/** How the dashboard's phase line starts in each phase (bp-host-controls). */
const PHASE_LINE: Record<Phase, RegExp> = {
  lobby: /^No round open/,
  open: /^Round open/,
  revealed: /^Answers revealed/,
  running: /^Training/,
  finished: /^Session finished/,
};

let server: RunningServer;
let browser: Browser;
let host: WatchedPage;
let instructor: Participant;
let student: Participant;
/** Every event a button was checked for, over all phases. */
const checked = new Set<ClientEventName>();

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  // One step a second: a run of many steps keeps the session in 'running' while the test looks.
  const created = await createSession(server.url, { stepsPerSecond: 1, questions: { derivatives: ['w3'] } });
  instructor = await join(server.url, { code: created.code, role: 'instructor', token: created.instructorToken });
  // A student, so the roster shows a Remove button, and a removed one, so it offers to let them back in.
  student = await join(server.url, { code: created.code, role: 'student', name: 'Ana' });
  const removed = await join(server.url, { code: created.code, role: 'student', name: 'Ben' });
  expect((await instructor.send('student:remove', { studentId: removed.you.id })).ok).toBe(true);
  removed.close();
  host = await openPage(browser, 'desktop');
  await host.page.goto(created.hostUrl);
  await host.page.locator('bp-roster [data-student="Ana"]').waitFor();
  await host.page.locator('bp-roster [data-event="student:readmit"]').waitFor({ state: 'attached' });
});
afterAll(async () => {
  student?.close();
  instructor?.close();
  await browser?.close();
  await server?.close();
});

interface Button {
  readonly event: string;
  readonly text: string;
  readonly disabled: boolean;
}

/** Waits until the dashboard shows `phase` and has rendered it, then reads its command buttons. */
async function buttonsIn(phase: Phase): Promise<Button[]> {
  await host.page.getByTestId('phase').filter({ hasText: PHASE_LINE[phase] }).waitFor();
  await host.page.locator('bp-host-view bp-connection-status [data-connection="connected"]').waitFor();
  // Let every component that reads the session (controls, roster, settings) finish its render.
  await host.page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
  return host.page.locator('bp-host-view [data-event]').evaluateAll((els) =>
    els.map((el) => ({ event: el.getAttribute('data-event') ?? '', text: (el.textContent ?? '').trim().replace(/\s+/g, ' '), disabled: (el as HTMLButtonElement).disabled })),
  );
}

/** Each button is enabled exactly when the phase table accepts its event in this phase. */
function expectPhaseTable(phase: Phase, buttons: readonly Button[]): void {
  expect(buttons.length).toBeGreaterThan(0);
  for (const b of buttons) {
    expect(isClientEvent(b.event), `"${b.text}" names an unknown event ${b.event}`).toBe(true);
    const event = b.event as ClientEventName;
    expect({ phase, button: b.text, event, enabled: !b.disabled }).toEqual({ phase, button: b.text, event, enabled: canSend(phase, event) });
    checked.add(event);
  }
}

async function ok(ack: Promise<{ ok: boolean }>): Promise<void> {
  expect(await ack).toMatchObject({ ok: true });
}

/** What the instructor sends to go from the previous phase of PHASES to this one. */
const DRIVE: Record<Phase, () => Promise<void>> = {
  lobby: async () => undefined,
  open: () => ok(instructor.send('round:open', {})),
  revealed: () => ok(instructor.send('round:reveal', {})),
  running: () => ok(instructor.send('train:run', { steps: 1000 })),
  finished: () => ok(instructor.send('session:end', {})),
};

describe('the dashboard follows the phase table', () => {
  it('drives the session through the phases in order', () => {
    expect(PHASES).toEqual(['lobby', 'open', 'revealed', 'running', 'finished']);
  });

  for (const phase of PHASES) {
    it(`enables exactly the commands the phase table accepts while ${phase}`, async () => {
      await DRIVE[phase]();
      if (phase === 'lobby') {
        // Run takes a step count: a valid one, so only the phase decides.
        await host.page.getByRole('spinbutton', { name: 'Number of steps to run' }).fill('25');
      }
      const buttons = await buttonsIn(phase);
      expectPhaseTable(phase, buttons);
      if (phase === 'lobby') {
        expect(buttons.find((b) => b.text === 'Run')).toMatchObject({ event: 'train:run', disabled: false });
        // Locked, the dashboard offers Unlock instead of Lock: check that button too.
        await ok(instructor.send('session:lock', {}));
        await host.page.getByRole('button', { name: 'Unlock joining' }).waitFor();
        expectPhaseTable(phase, await buttonsIn(phase));
      }
      if (phase === 'running') {
        // The phase table lets a reset stop a run (an older dashboard greyed it out).
        expect(buttons.find((b) => b.event === 'session:reset')).toMatchObject({ disabled: false });
      }
    });
  }

  it('has a button for every instructor command, and no page errors', () => {
    expect([...checked].sort()).toEqual([...INSTRUCTOR_EVENTS].sort());
    expect(host.problems).toEqual([]);
  });
});
