// The class's summary at the end: rounds, accuracy per quantity and the mistake most students
// made, worked by hand from the answers three students give over two rounds.
import { describe, expect, it } from 'vitest';
import type { Quantity } from '../../shared/grader/fields.js';
import { sheetField } from '../../shared/grader/sheet.js';
import { finalSummary } from '../../shared/session/final-summary.js';
import { Drive } from './fixtures.js';

describe('finalSummary', () => {
  it('counts rounds, the share of answered fields fully correct per quantity, and each mistake once per student', () => {
    const d = new Drive({ settings: { questions: { derivatives: ['w3'], steps: [], next: ['w3'] } } });
    for (const id of ['a', 'b', 'c', 'gone']) d.join(id);
    expect(finalSummary(d.state)).toEqual({ rounds: 0, accuracy: [], topMistake: null, mistakeStudents: {} });

    const exact = (quantity: Quantity) => sheetField(d.state.round!.sheet, { quantity, param: 'w3' }).exact;
    const grade = (id: string, quantity: Quantity) => d.state.students.get(id)!.results.at(-1)!.fields.find((f) => f.quantity === quantity)!;

    // Round 1: a exact; b flips the derivative's sign and leaves the new value blank; c flips the
    // sign and steps correctly from that derivative (follow-on credit, not correct).
    d.do({ type: 'open' });
    const old = d.state.params.w3!;
    const dw = exact('derivatives');
    const next = exact('next');
    d.do({ type: 'submit', studentId: 'a', answers: { derivatives: { w3: dw }, next: { w3: next } } });
    d.do({ type: 'submit', studentId: 'b', answers: { derivatives: { w3: -dw } } });
    d.do({ type: 'submit', studentId: 'c', answers: { derivatives: { w3: -dw }, next: { w3: 2 * old - next } } });
    // A removed student's answers do not count.
    d.do({ type: 'submit', studentId: 'gone', answers: { derivatives: { w3: -dw }, next: { w3: next } } });
    d.do({ type: 'reveal', by: 'instructor' });
    expect(grade('b', 'derivatives').mistake).toBe('sign-flipped');
    expect(grade('c', 'derivatives').mistake).toBe('sign-flipped');
    expect(grade('c', 'next').credit).toBe('follow-on');
    d.do({ type: 'remove', studentId: 'gone' });

    // Round 2: a and b flip the sign (b for the second time); b's new value exact; c does not answer.
    d.do({ type: 'advance', open: false });
    d.do({ type: 'open' });
    const dw2 = exact('derivatives');
    d.do({ type: 'submit', studentId: 'a', answers: { derivatives: { w3: -dw2 } } });
    d.do({ type: 'submit', studentId: 'b', answers: { derivatives: { w3: -dw2 }, next: { w3: exact('next') } } });
    d.do({ type: 'reveal', by: 'instructor' });
    expect(grade('a', 'derivatives').mistake).toBe('sign-flipped');
    expect(grade('b', 'next').credit).toBe('full');
    d.do({ type: 'end' });

    // Derivatives answered: 3 + 2 = 5, correct only a's first (1). New values answered: a and c in
    // round 1, b in round 2 (3), correct: a's and b's (2). Sign flipped: b, c, a (b twice) = 3 students.
    expect(finalSummary(d.state)).toEqual({
      rounds: 2,
      accuracy: [
        { quantity: 'derivatives', answered: 5, correct: 1, share: 1 / 5 },
        { quantity: 'next', answered: 3, correct: 2, share: 2 / 3 },
      ],
      topMistake: { id: 'sign-flipped', students: 3 },
      mistakeStudents: { 'sign-flipped': 3 },
    });
  });
});
