// A student's seat follows her, not her browser, and a copied token is visible to its owner.
// - Seat codes (issue 17, case 9): a fresh browser with the seat code gets the same student back,
//   score and open answer included, where typing the name again makes "Ana (2)" with 0 points;
//   the device that held the seat is told and signed out.
// - A resume token used from another device while the owner is connected (issue 16, case 6):
//   the owner is told, and can sign the other device out; so can the instructor (a new seat code).
// Real server, real socket.io-client sockets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/app.js';
import { resolvePreset, stepFrom, toStepRecord } from '../../shared/engine/index.js';
import { createSession, join, startTestServer, type Participant } from '../support/server.js';
import type { CreatedSession } from '../../shared/protocol/events.js';

let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

/** Every `event` the participant's socket receives, from now on. */
function record<T>(p: Participant, event: string): T[] {
  const seen: T[] = [];
  p.socket.on(event as 'session:state', (payload: unknown) => void seen.push(payload as T));
  return seen;
}

function disconnected(p: Participant): Promise<void> {
  return new Promise((resolve) => (p.socket.connected ? p.socket.once('disconnect', () => resolve()) : resolve()));
}

/** A class with Ana at 100+ points (one exact answer revealed) and a second round open with her answer in it. */
async function classWithAna(): Promise<{ created: CreatedSession; instructor: Participant; ana: Participant; score: number }> {
  const created = await createSession(server.url);
  const instructor = await join(server.url, { code: created.code, role: 'instructor', token: created.instructorToken });
  const ana = await join(server.url, { code: created.code, role: 'student', name: 'Ana', tab: 'ana-phone-tab', device: 'ana-phone-device' });
  const graded = record<{ total: number }>(ana, 'answer:graded');
  expect((await instructor.send('round:open', {})).ok).toBe(true);
  // The exact new w3 of the lesson's first step, so that she scores.
  const preset = resolvePreset('three-parameters');
  const step = toStepRecord(stepFrom(preset.setup, preset.params));
  expect((await ana.send('answer:submit', { next: { w3: step.params.w3! - step.steps.w3! } })).ok).toBe(true);
  expect((await instructor.send('round:reveal', {})).ok).toBe(true);
  expect((await instructor.send('round:advance', {})).ok).toBe(true);
  await ana.until(() => ana.state.session.phase === 'open', 'the second round');
  expect((await ana.send('answer:submit', { next: { w3: 0.42 } })).ok).toBe(true);
  const score = graded.at(-1)!.total;
  expect(score).toBeGreaterThan(0);
  return { created, instructor, ana, score };
}

describe('seat codes', () => {
  it('bring a student back on a fresh browser with her score and answer; the old device is told and signed out', async () => {
    const { created, instructor, ana, score } = await classWithAna();
    const { resumeToken, id } = ana.you;
    // The seat code came once, with the token, in her first snapshot.
    const first = ana.states[0]!;
    const seatCode = first.role === 'student' ? first.you!.seatCode! : '';
    expect(seatCode).toMatch(/^[ABCDEFGHJKMNPQRSTWXYZ2-9]{8}$/);
    const signedOut = record<{ reason: string; message: string }>(ana, 'session:signed-out');
    const gone = disconnected(ana);

    // Without her token, the name alone makes a new student with nothing.
    const stranger = await join(server.url, { code: created.code, role: 'student', name: 'Ana', device: 'laptop-device' });
    expect(stranger.you).toMatchObject({ name: 'Ana (2)', score: 0, answer: null });
    stranger.close();
    // With the seat code (typed as shown, in lower case with a dash), she is Ana again.
    const typed = `${seatCode.slice(0, 4).toLowerCase()}-${seatCode.slice(4)}`;
    const back = await join(server.url, { code: created.code, role: 'student', seat: typed, device: 'laptop-device' });
    expect(back.you).toMatchObject({ id, name: 'Ana', score, answer: { answers: { next: { w3: 0.42 } } }, seatCode });
    expect(back.you.resumeToken).toBeDefined();
    expect(back.you.resumeToken).not.toBe(resumeToken);
    await gone;
    expect(signedOut.map((n) => n.reason)).toEqual(['seat-restored']);
    // The phone's token no longer opens the seat; the laptop's new one does.
    await expect(join(server.url, { code: created.code, role: 'student', resumeToken: resumeToken! })).rejects.toMatchObject({ code: 'forbidden' });
    back.close();
    const again = await join(server.url, { code: created.code, role: 'student', resumeToken: back.you.resumeToken! });
    expect(again.you).toMatchObject({ id, score });
    // The roster still has one Ana with her points (and the stranger).
    await instructor.until(() => instructor.staff.students.filter((r) => r.name === 'Ana').length === 1 && true, 'one Ana');
    for (const p of [again, instructor]) p.close();
  });

  it('refuse a wrong seat code, and stop a guesser after ten', async () => {
    const created = await createSession(server.url);
    const ana = await join(server.url, { code: created.code, role: 'student', name: 'Ana' });
    const outcomes: string[] = [];
    for (let i = 0; i < 12; i++) {
      outcomes.push(await join(server.url, { code: created.code, role: 'student', seat: `ABCD${'EFGHJKMNPQRS'[i]}FGH`, tab: 'guessing-tab' }).then(() => 'joined', (e: { code: string }) => e.code));
    }
    expect(outcomes).toEqual([...new Array(9).fill('forbidden'), 'rate-limited', 'rate-limited', 'rate-limited']);
    await expect(join(server.url, { code: created.code, role: 'student', seat: 'not a code' })).rejects.toMatchObject({ code: 'forbidden' });
    ana.close();
  });
});

describe('wrong tokens from the hall', () => {
  // Found by an attack on this work: 100 wrong resume tokens from ten tabs behind the hall's
  // address used to lock every resume, the projector and a new instructor device out for a minute.
  it('do not keep anyone with a right token out', async () => {
    const HALL = '10.9.8.7';
    const created = await createSession(server.url);
    const ana = await join(server.url, { code: created.code, role: 'student', name: 'Ana', tab: 'ana-tab-0001' }, { from: HALL });
    const token = ana.you.resumeToken!;
    ana.close();
    for (let t = 0; t < 10; t++) {
      for (let i = 0; i < 10; i++) {
        await join(server.url, { code: created.code, role: 'student', resumeToken: `xxxxxxxxx.${'y'.repeat(32)}`, tab: `evil-tab-${t}-xx` }, { from: HALL }).catch(() => undefined);
      }
    }
    await expect(join(server.url, { code: created.code, role: 'student', resumeToken: `xxxxxxxxx.${'y'.repeat(32)}`, tab: 'evil-tab-new' }, { from: HALL })).rejects.toMatchObject({ code: 'rate-limited' });
    const back = await join(server.url, { code: created.code, role: 'student', resumeToken: token, tab: 'ana-tab-0001' }, { from: HALL });
    expect(back.you.name).toBe('Ana');
    const screen = await join(server.url, { code: created.code, role: 'projector', key: created.projectorKey, tab: 'screen-tab-01' }, { from: HALL });
    const laptop = await join(server.url, { code: created.code, role: 'instructor', token: created.instructorToken, tab: 'new-laptop-01' }, { from: HALL });
    for (const p of [back, screen, laptop]) p.close();
  });
});

describe('a resume token used from another device', () => {
  it('is shown to its owner, who signs that device out; another tab of her own browser is not reported', async () => {
    const { created, ana } = await classWithAna();
    const token = ana.you.resumeToken!;
    const elsewhere = record<{ message: string }>(ana, 'student:elsewhere');
    const told = new Promise<void>((resolve) => ana.socket.once('student:elsewhere', () => resolve()));
    // Her own second tab (same browser, so same device id): nothing to report.
    const secondTab = await join(server.url, { code: created.code, role: 'student', resumeToken: token, tab: 'ana-phone-tab-2', device: 'ana-phone-device' });
    await new Promise((r) => setTimeout(r, 200));
    expect(elsewhere).toEqual([]);
    // Someone copied the token to their own laptop and changes her answer.
    const thief = await join(server.url, { code: created.code, role: 'student', resumeToken: token, tab: 'thief-tab', device: 'thief-device' });
    await told;
    expect(elsewhere).toHaveLength(1);
    expect(elsewhere[0]!.message).toMatch(/another device/);
    const thiefSignedOut = record<{ reason: string }>(thief, 'session:signed-out');
    const thiefGone = disconnected(thief);
    const tabGone = disconnected(secondTab);
    // She signs the other devices out from her phone's tab.
    const ack = (await ana.send('student:sign-out-others', {})) as { ok: boolean; resumeToken?: string };
    expect(ack.ok).toBe(true);
    expect(ack.resumeToken).toMatch(new RegExp(`^${ana.you.id}\\.`));
    await thiefGone;
    await tabGone;
    expect(thiefSignedOut.map((n) => n.reason)).toEqual(['signed-out-others']);
    // The sign-out gave her a new seat code too: a copied seat code no longer opens the seat.
    const seatAck = ack as unknown as { seatCode?: string };
    expect(seatAck.seatCode).toMatch(/^[ABCDEFGHJKMNPQRSTWXYZ2-9]{8}$/);
    const oldSeat = (ana.states[0] as { you?: { seatCode?: string } }).you?.seatCode;
    expect(seatAck.seatCode).not.toBe(oldSeat);
    await expect(join(server.url, { code: created.code, role: 'student', seat: oldSeat!, device: 'thief-device' })).rejects.toMatchObject({ code: 'forbidden' });
    // Her tab stays, and answers; the copied token is dead; her new one works.
    expect(ana.socket.connected).toBe(true);
    expect((await ana.send('answer:submit', { next: { w3: 0.41 } })).ok).toBe(true);
    await expect(join(server.url, { code: created.code, role: 'student', resumeToken: token, device: 'thief-device' })).rejects.toMatchObject({ code: 'forbidden' });
    const renewed = await join(server.url, { code: created.code, role: 'student', resumeToken: ack.resumeToken!, device: 'ana-phone-device' });
    expect(renewed.you.answer?.answers).toEqual({ next: { w3: 0.41 } });
    for (const p of [renewed, ana]) p.close();
  });

  it('refuses what a signed-out device had already sent, and lets only one of two devices signing each other out keep the seat', async () => {
    const { created, ana } = await classWithAna();
    const token = ana.you.resumeToken!;
    const thief = await join(server.url, { code: created.code, role: 'student', resumeToken: token, tab: 'thief-tab-01', device: 'thief-device' });
    // The thief fires answers while she signs the other devices out.
    const flood = Array.from({ length: 15 }, () => thief.send('answer:submit', { next: { w3: 9.99 } }).catch(() => ({ ok: false })));
    const signOut = ana.send('student:sign-out-others', {});
    await Promise.all([...flood, signOut]);
    const log = (await server.store.load(created.code))!.events;
    const changed = log.findIndex((e) => e.type === 'student-token-changed');
    expect(changed).toBeGreaterThan(0);
    expect(log.slice(changed).filter((e) => e.type === 'answer-submitted' && e.answers.next?.w3 === 9.99)).toEqual([]);
    // Two devices of one seat press "Sign the other devices out" at the same moment: one keeps it.
    const { created: other, ana: owner } = await classWithAna();
    const twin = await join(server.url, { code: other.code, role: 'student', resumeToken: owner.you.resumeToken!, tab: 'twin-tab-0001', device: 'twin-device' });
    // (A device signed out before its answer arrives sees its connection close: no answer at all.)
    const dropped = { ok: false, error: { code: 'unavailable' } };
    const [a, b] = (await Promise.all([owner.send('student:sign-out-others', {}).catch(() => dropped), twin.send('student:sign-out-others', {}).catch(() => dropped)])) as Array<{ ok: boolean; resumeToken?: string; error?: { code: string } }>;
    expect([a!.ok, b!.ok].filter(Boolean)).toHaveLength(1);
    const loser = a!.ok ? b! : a!;
    expect(['signed-out', 'unavailable']).toContain(loser.error!.code);
    const winner = (a!.ok ? a : b)!;
    const back = await join(server.url, { code: other.code, role: 'student', resumeToken: winner.resumeToken! });
    expect(back.you.name).toBe('Ana');
    for (const p of [back, owner, twin, ana, thief]) p.close();
  });

  it('can be ended by the instructor: a new seat code signs every device out and brings the student back', async () => {
    const { created, instructor, ana, score } = await classWithAna();
    const { id } = ana.you;
    const token = ana.you.resumeToken!;
    const thief = await join(server.url, { code: created.code, role: 'student', resumeToken: token, device: 'thief-device' });
    const notices = [record<{ reason: string }>(ana, 'session:signed-out'), record<{ reason: string }>(thief, 'session:signed-out')];
    const gone = Promise.all([disconnected(ana), disconnected(thief)]);
    const ack = (await instructor.send('student:new-seat', { studentId: id })) as { ok: boolean; seatCode?: string };
    expect(ack.ok).toBe(true);
    expect(ack.seatCode).toMatch(/^[ABCDEFGHJKMNPQRSTWXYZ2-9]{8}$/);
    await gone;
    expect(notices.map((n) => n.map((x) => x.reason))).toEqual([['new-seat'], ['new-seat']]);
    await expect(join(server.url, { code: created.code, role: 'student', resumeToken: token })).rejects.toMatchObject({ code: 'forbidden' });
    const back = await join(server.url, { code: created.code, role: 'student', seat: ack.seatCode!, device: 'ana-new-phone' });
    expect(back.you).toMatchObject({ id, name: 'Ana', score });
    // A student cannot make seat codes.
    expect(await back.send('student:new-seat' as 'student:sign-out-others', { studentId: id } as never)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    for (const p of [back, instructor]) p.close();
  });
});
