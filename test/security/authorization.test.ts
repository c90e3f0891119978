// Every instructor command x every identity that is not this session's instructor: refused, and
// the session state is byte-for-byte what it was.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/app.js';
import { INSTRUCTOR_EVENTS, type InstructorEventName } from '../../shared/protocol/client-events.js';
import { handDerivatives } from '../grader/hand-work.js';
import { createSession, join, startTestServer, type Auth, type Participant } from '../support/server.js';

let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

/** A valid payload for each command, so a refusal can only come from who sends it. */
const PAYLOADS: Record<InstructorEventName, object> = {
  'round:open': {},
  'round:reveal': {},
  'round:advance': { open: true },
  'train:run': { steps: 3 },
  'train:pause': {},
  'session:reset': {},
  'session:configure': { learningRate: 0.5, hints: false },
  'session:lock': {},
  'session:unlock': {},
  'projector:replace': {},
  'student:readmit': { studentId: 'nobody' },
  'student:remove': { studentId: 'placeholder' },
  'round:extend': { seconds: 30 },
  'student:new-seat': { studentId: 'placeholder' },
  'session:end': {},
};

const serialize = (code: string) => JSON.stringify(server.registry.peek(code)!.state);

describe('authorization matrix', () => {
  it('refuses every instructor command from a student, with no token, a wrong token and another session\'s token', async () => {
    const target = await createSession(server.url);
    const other = await createSession(server.url);
    const instructor = await join(server.url, { code: target.code, role: 'instructor', token: target.instructorToken });
    const student = await join(server.url, { code: target.code, role: 'student', name: 'Mallory' });
    const victim = await join(server.url, { code: target.code, role: 'student', name: 'Victim' });
    PAYLOADS['student:remove'] = { studentId: victim.you.id };
    PAYLOADS['student:new-seat'] = { studentId: victim.you.id };
    await instructor.send('round:open', {});
    await student.send('answer:submit', { next: { w3: 0.5 } });
    const before = serialize(target.code);
    const eventsBefore = (await server.store.load(target.code))!.events.length;

    const identities: Array<[string, () => Promise<Participant>]> = [
      ['student socket', async () => student],
      ['no token', () => join(server.url, { code: target.code, role: 'instructor' } as unknown as Auth)],
      ['empty token', () => join(server.url, { code: target.code, role: 'instructor', token: '' })],
      ['wrong token', () => join(server.url, { code: target.code, role: 'instructor', token: 'x'.repeat(43) })],
      ['another session\'s token', () => join(server.url, { code: target.code, role: 'instructor', token: other.instructorToken })],
      ['student claiming the instructor role with a resume token', () => join(server.url, { code: target.code, role: 'instructor', token: student.you.resumeToken! })],
    ];
    const tried: string[] = [];
    for (const [who, connect] of identities) {
      for (const event of INSTRUCTOR_EVENTS) {
        let socket: Participant;
        try {
          socket = await connect();
        } catch (refusal) {
          // Refused at the handshake: the command cannot even be sent (after ten wrong tokens, before the token is compared).
          expect(['forbidden', 'invalid-payload', 'rate-limited'], `${who}`).toContain((refusal as { code: string }).code);
          tried.push(`${who}/${event}: handshake refused`);
          continue;
        }
        const ack = await socket.send(event, PAYLOADS[event] as never);
        expect(ack, `${event} by ${who}`).toMatchObject({ ok: false, error: { code: 'forbidden' } });
        tried.push(`${who}/${event}: forbidden`);
      }
    }
    expect(tried).toHaveLength(identities.length * INSTRUCTOR_EVENTS.length);
    expect(serialize(target.code)).toBe(before);
    expect((await server.store.load(target.code))!.events.length).toBe(eventsBefore);
    // The real instructor still can.
    expect(await instructor.send('round:reveal', {})).toMatchObject({ ok: true });
    for (const p of [instructor, student, victim]) p.close();
  });

  it('binds a socket to its session: a payload naming another session is refused as unknown', async () => {
    const a = await createSession(server.url);
    const b = await createSession(server.url);
    const instructorA = await join(server.url, { code: a.code, role: 'instructor', token: a.instructorToken });
    const before = serialize(b.code);
    const ack = await instructorA.socket.timeout(5000).emitWithAck('round:open', { code: b.code } as never);
    expect(ack).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    expect(serialize(b.code)).toBe(before);
    instructorA.close();
  });

  it('shows the projector names in join order only with the leaderboard shown, never ids, and scores only as the setting allows', async () => {
    for (const mode of ['hidden', 'anonymous', 'shown'] as const) {
      const created = await createSession(server.url, { leaderboard: mode });
      const instructor = await join(server.url, { code: created.code, role: 'instructor', token: created.instructorToken });
      // Zed joins first and will score nothing; Amy joins second and answers exactly.
      const zed = await join(server.url, { code: created.code, role: 'student', name: 'Zed' });
      const amy = await join(server.url, { code: created.code, role: 'student', name: 'Amy' });
      const projector = await join(server.url, { code: created.code, role: 'projector', key: created.projectorKey });
      await instructor.send('round:open', {});
      // The lesson's first step, worked by hand with 2-decimal rounding (test/grader/hand-work.ts).
      const d = handDerivatives({ w3: 0.36, w4: 0.63, b3: 0 });
      expect((await amy.send('answer:submit', { next: { w3: 0.36 - 0.01 * d.w3, w4: 0.63 - 0.01 * d.w4, b3: -0.01 * d.b3 } })).ok).toBe(true);
      await instructor.send('round:reveal', {});
      const view = await projector.until(() => projector.state.role === 'projector' && projector.state.session.phase === 'revealed' && projector.projectorView, `${mode}: revealed`);
      expect(view.audience).toBe('projector');
      // Join order, not rank order, and nothing but names; no names where the board hides them.
      expect(view.names).toEqual(mode === 'shown' ? ['Zed', 'Amy'] : null);
      const wire = JSON.stringify(projector.state);
      for (const student of [zed, amy]) expect(wire).not.toContain(student.you.id);
      if (mode !== 'shown') expect(wire).not.toMatch(/Zed|Amy/);
      if (mode === 'hidden') {
        expect(view.leaderboard).toEqual([]);
        expect(projector.state.session.leaderboard).toBeNull();
      } else if (mode === 'anonymous') {
        expect(view.leaderboard.map((e) => e.name)).toEqual([null, null]);
        expect(wire).not.toMatch(/"name":"Amy","score"/);
      } else {
        expect(view.leaderboard[0]).toMatchObject({ rank: 1, name: 'Amy' });
      }
      // The instructor still sees everything, ranked.
      await instructor.until(() => instructor.staff.students[0]?.score, `${mode}: instructor scores`);
      expect(instructor.staff.students.map((s) => s.name)).toEqual(['Amy', 'Zed']);
      expect(instructor.staff.students[0]!.score).toBeGreaterThan(0);
      for (const p of [instructor, zed, amy, projector]) p.close();
    }
  });
});
