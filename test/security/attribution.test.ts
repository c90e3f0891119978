// The projector and the students see a class of 200 answer, and nothing they receive ties an answer
// to a student; a projector needs its link's own key, and a new link closes the old screens.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/app.js';
import { createSession, join, startTestServer, type Participant } from '../support/server.js';

let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

const CLASS = 200;

/** Everything a socket receives, as JSON per message. */
function record(p: Participant): string[] {
  const wire: string[] = [];
  p.socket.onAny((event: string, payload: unknown) => wire.push(`${event} ${JSON.stringify(payload)}`));
  return wire;
}

/** A fixed shuffle (mulberry32), so who answers which value is not the join order. */
function shuffled(n: number, seed: number): number[] {
  let a = seed;
  const random = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

/** Spearman's rank correlation of two equally long lists of distinct numbers. */
function spearman(xs: readonly number[], ys: readonly number[]): number {
  const ranks = (v: readonly number[]) => {
    const r = new Array<number>(v.length);
    [...v.keys()].sort((i, j) => v[i]! - v[j]!).forEach((i, rank) => (r[i] = rank));
    return r;
  };
  const rx = ranks(xs);
  const ry = ranks(ys);
  const n = xs.length;
  const d2 = rx.reduce((sum, r, i) => sum + (r - ry[i]!) ** 2, 0);
  return 1 - (6 * d2) / (n * (n * n - 1));
}

describe('what the room can see of who answered what', () => {
  for (const mode of ['shown', 'hidden'] as const) {
    it(`gives the projector and the students nothing that matches an answer to a student (leaderboard ${mode})`, { timeout: 120_000 }, async () => {
      const created = await createSession(server.url, { leaderboard: mode, questions: { next: ['w3'] } });
      const instructor = await join(server.url, { code: created.code, role: 'instructor', token: created.instructorToken });
      const projector = await join(server.url, { code: created.code, role: 'projector', key: created.projectorKey });
      const projectorWire = record(projector);
      const students: Participant[] = [];
      for (let i = 0; i < CLASS; i++) students.push(await join(server.url, { code: created.code, role: 'student', name: `Student ${String(i).padStart(3, '0')}` }));
      const observers = [students[0]!, students[1]!];
      const observerWire = observers.map(record);
      const ids = students.map((s) => s.you.id);
      // Student i (in join order) answers value[order[i]]: distinctive numbers, in no join order.
      const order = shuffled(CLASS, 7);
      const valueOf = (i: number) => 777.0001 + order[i]! / 1000;

      expect((await instructor.send('round:open', {})).ok).toBe(true);
      const acks = await Promise.all(students.map((s, i) => s.send('answer:submit', { next: { w3: valueOf(i) } })));
      expect(acks.every((a) => a.ok)).toBe(true);
      await instructor.until(() => instructor.staff.answeredCount === CLASS, 'every answer on the dashboard');
      expect((await instructor.send('round:reveal', {})).ok).toBe(true);
      const summary = await projector.until(() => projector.state.role === 'projector' && projector.projectorView.summary?.fields[0]?.answers.length === CLASS && projector.projectorView.summary, 'the revealed summary on the projector');

      // The projector: no student id anywhere, and the answers in an order that says nothing of who.
      for (const id of ids) expect(projectorWire.some((m) => m.includes(id))).toBe(false);
      const shown = summary.fields[0]!.answers;
      expect(shown).toEqual([...shown].sort((a, b) => a - b));
      const joinIndexOfShown = shown.map((v) => order.indexOf(Math.round((v - 777.0001) * 1000)));
      // Position on the screen against join order: chance (|rho| small), where the student map's order gave 1.
      expect(Math.abs(spearman(joinIndexOfShown, shown.map((_, k) => k)))).toBeLessThan(0.25);
      if (mode === 'hidden') for (const s of students.slice(0, 20)) expect(projectorWire.some((m) => m.includes(`"${s.you.name}"`))).toBe(false);

      // A student: their own answer and grade, nobody else's id or answer.
      for (const observer of observers) await observer.until(() => observer.graded.length > 0, 'the grade');
      observers.forEach((observer, k) => {
        const wire = observerWire[k]!.join('\n');
        for (const [i, id] of ids.entries()) if (i !== k) expect(wire.includes(id)).toBe(false);
        const others = [...Array(CLASS).keys()].filter((i) => i !== k).map((i) => String(valueOf(i)));
        expect(others.filter((v) => wire.includes(v))).toEqual([]);
        expect(wire).toContain(String(valueOf(k)));
      });
      for (const p of [instructor, projector, ...students]) p.close();
    });
  }

  it('refuses a projector without its link key, and a new link closes the screens of the old one', async () => {
    const created = await createSession(server.url);
    await expect(join(server.url, { code: created.code, role: 'projector', key: 'guessed-projector-key' })).rejects.toMatchObject({ code: 'forbidden' });
    // The join code alone, as the screen shows it: no projector.
    await expect(join(server.url, { code: created.code, role: 'projector' } as never)).rejects.toMatchObject({ code: 'invalid-payload' });
    expect(created.presentUrl).toMatch(new RegExp(`/present/${created.code}#key=${created.projectorKey}$`));

    const screen = await join(server.url, { code: created.code, role: 'projector', key: created.projectorKey });
    const instructor = await join(server.url, { code: created.code, role: 'instructor', token: created.instructorToken });
    expect(instructor.staff.projectorKey).toBe(created.projectorKey);
    const closed = new Promise((resolve) => screen.socket.once('disconnect', resolve));
    const ack = await instructor.send('projector:replace', {});
    expect(ack.ok).toBe(true);
    const fresh = (ack as unknown as { projectorKey: string }).projectorKey;
    expect(fresh).not.toBe(created.projectorKey);
    await closed;
    expect(screen.removed).toEqual(['The instructor made a new projector link: open the projector again from the dashboard.']);
    await expect(join(server.url, { code: created.code, role: 'projector', key: created.projectorKey })).rejects.toMatchObject({ code: 'forbidden' });
    const again = await join(server.url, { code: created.code, role: 'projector', key: fresh });
    expect(again.state.role).toBe('projector');
    await instructor.until(() => instructor.staff.projectorKey === fresh, 'the new key on the dashboard');
    for (const p of [instructor, again]) p.close();
  });
});
