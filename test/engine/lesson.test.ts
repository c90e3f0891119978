// The lesson's numbers, computed here independently of the engine (plain formulas, no shared code).
import { describe, expect, it } from 'vitest';
import { layoutFor, resolvePreset, stepFrom, toStepRecord } from '../../shared/engine/index.js';

const softplus = (x: number) => Math.log(1 + Math.exp(x));
const inputs = [0, 0.5, 1];
const observed = [0, 1, 0];
const hidden = { w1: 3.34, b1: -1.43, w2: -3.53, b2: 0.57 };

function byHand(w3: number, w4: number, b3: number) {
  const rows = inputs.map((input, i) => {
    const y1 = softplus(hidden.w1 * input + hidden.b1);
    const y2 = softplus(hidden.w2 * input + hidden.b2);
    const predicted = w3 * y1 + w4 * y2 + b3;
    return { y1, y2, predicted, shared: -2 * (observed[i]! - predicted) };
  });
  const ssr = rows.reduce((s, r, i) => s + (observed[i]! - r.predicted) ** 2, 0);
  const dw3 = rows.reduce((s, r) => s + r.shared * r.y1, 0);
  const dw4 = rows.reduce((s, r) => s + r.shared * r.y2, 0);
  const db3 = rows.reduce((s, r) => s + r.shared, 0);
  return { rows, ssr, dw3, dw4, db3 };
}

describe('the lesson network (three-parameters preset)', () => {
  const start = resolvePreset('three-parameters');
  const record = toStepRecord(stepFrom(start.setup, start.params));

  it('starts from the lesson values and SSR of about 1.4', () => {
    expect(start.params).toEqual({ w1: 3.34, b1: -1.43, w2: -3.53, b2: 0.57, w3: 0.36, w4: 0.63, b3: 0 });
    expect(start.setup.trainable).toEqual(['w3', 'w4', 'b3']);
    expect(start.setup.learningRate).toBe(0.01);
    expect(record.ssr).toBeCloseTo(1.4, 1);
    expect(record.ssr).toBeCloseTo(byHand(0.36, 0.63, 0).ssr, 12);
  });

  it('keeps every intermediate of the forward pass', () => {
    const hand = byHand(0.36, 0.63, 0);
    record.points.forEach((p, i) => {
      expect(p.hidden[0]!.x).toBeCloseTo(hidden.w1 * inputs[i]! + hidden.b1, 12);
      expect(p.hidden[1]!.x).toBeCloseTo(hidden.w2 * inputs[i]! + hidden.b2, 12);
      expect(p.hidden[0]!.y).toBeCloseTo(hand.rows[i]!.y1, 12);
      expect(p.hidden[1]!.y).toBeCloseTo(hand.rows[i]!.y2, 12);
      expect(p.predicted).toBeCloseTo(hand.rows[i]!.predicted, 12);
      expect(p.residual).toBeCloseTo(observed[i]! - hand.rows[i]!.predicted, 12);
      expect(p.dSSRdPredicted).toBeCloseTo(hand.rows[i]!.shared, 12);
    });
    // Rounded values as the lesson's slides show them.
    expect(record.points.map((p) => Number(p.hidden[0]!.y.toFixed(2)))).toEqual([0.21, 0.82, 2.05]);
    expect(record.points.map((p) => Number(p.hidden[1]!.y.toFixed(2)))).toEqual([1.02, 0.26, 0.05]);
  });

  it('gives the chain-rule derivatives, steps and new values of the first step', () => {
    const hand = byHand(0.36, 0.63, 0);
    expect(record.derivatives.w3).toBeCloseTo(hand.dw3, 12);
    expect(record.derivatives.w4).toBeCloseTo(hand.dw4, 12);
    expect(record.derivatives.b3).toBeCloseTo(hand.db3, 12);
    // To the precision a lecturer writes them.
    expect(record.derivatives.w3).toBeCloseTo(2.58, 2);
    expect(record.derivatives.w4).toBeCloseTo(1.26, 2);
    expect(record.derivatives.b3).toBeCloseTo(1.9, 2);
    expect(record.steps.w3).toBeCloseTo(0.0258, 4);
    expect(record.next.w3).toBeCloseTo(0.36 - 0.0258, 4);
    expect(record.next.w4).toBeCloseTo(0.63 - 0.0126, 4);
    expect(record.next.b3).toBeCloseTo(0 - 0.019, 4);
    // Fixed parameters are not part of the step.
    expect(Object.keys(record.next)).toEqual(['w3', 'w4', 'b3']);
  });

  it('keeps the per-point terms, whose sum is the derivative', () => {
    const hand = byHand(0.36, 0.63, 0);
    expect(record.terms.w3!.length).toBe(3);
    record.terms.w3!.forEach((t, i) => expect(t).toBeCloseTo(hand.rows[i]!.shared * hand.rows[i]!.y1, 12));
    record.terms.b3!.forEach((t, i) => expect(t).toBeCloseTo(hand.rows[i]!.shared, 12));
    for (const p of record.trainable) {
      expect(record.terms[p]!.reduce((a, b) => a + b, 0)).toBeCloseTo(record.derivatives[p]!, 12);
      expect(record.steps[p]).toBeCloseTo(record.derivatives[p]! * 0.01, 14);
      expect(record.next[p]).toBeCloseTo(record.params[p]! - record.steps[p]!, 14);
    }
  });

  it('names wider layers by extending the lesson numbering', () => {
    expect(layoutFor(2).names).toEqual(['w1', 'b1', 'w2', 'b2', 'w3', 'w4', 'b3']);
    expect(layoutFor(3).names).toEqual(['w1', 'b1', 'w2', 'b2', 'w3', 'b3', 'w4', 'w5', 'w6', 'b4']);
    expect(layoutFor(1).names).toEqual(['w1', 'b1', 'w2', 'b2']);
    expect(() => layoutFor(0)).toThrow(/positive integer/);
  });

  it('refuses unknown parameters and non-finite values', () => {
    expect(() => resolvePreset('three-parameters', { params: { w9: 1 } })).toThrow(/unknown parameter w9/);
    expect(() => resolvePreset('three-parameters', { params: { w3: Number.NaN } })).toThrow(/finite/);
    expect(() => resolvePreset('three-parameters', { trainable: ['b7'] })).toThrow(/unknown parameter b7/);
  });
});
