// The client's pure helpers (no browser needed): the worked chain rule's numbers and KaTeX
// source, number formatting, what students type into number fields, and the page routes.
import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { PRESETS, resolvePreset, stepFrom, toStepRecord } from '../../shared/engine/index.js';
import { chainFactor, sharedTermLine, texFactor, texNum, workedParam } from '../../client/lib/chain-rule.js';
import { askedWords, fixed, rateText, signed, smart, tick } from '../../client/lib/format.js';
import { askedFields } from '../../shared/grader/fields.js';
import { lessonPlan } from '../../shared/session/stages.js';
import { parseRoute } from '../../client/lib/routes.js';
import { parseStudentNumber } from '../../shared/protocol/numbers.js';
import fc from 'fast-check';

const render = (tex: string) => katex.renderToString(tex, { throwOnError: true, displayMode: true, strict: 'error' });

describe('the worked chain rule', () => {
  for (const id of ['three-parameters', 'bias-only', 'all-parameters'] as const) {
    it(`puts the step's own numbers into valid KaTeX for every parameter of ${id}`, () => {
      const lesson = resolvePreset(id);
      const record = toStepRecord(stepFrom(lesson.setup, lesson.params));
      expect([...record.trainable].sort()).toEqual([...PRESETS[id].trainable].sort());
      for (const p of record.trainable) {
        const factor = chainFactor(record, p);
        // dSSR/dPredicted_i times the chain factor's values is the engine's term at each point.
        record.points.forEach((point, i) => {
          const product = factor.values(point).reduce((a, b) => a * b, point.dSSRdPredicted);
          expect(product).toBeCloseTo(record.terms[p]![i]!, 12);
        });
        const w = workedParam(record, p);
        for (const tex of [w.rule, w.sum, w.sumLine, w.board, w.step, w.next, ...w.parts.flatMap((q) => [q.shared, q.factor, q.term])]) expect(() => render(tex)).not.toThrow();
        expect(w.sum).toContain(`= ${texNum(record.derivatives[p]!)}`);
        expect(w.step).toContain(`${texFactor(record.derivatives[p]!)} \\times ${rateText(record.learningRate)} = ${texNum(record.steps[p]!)}`);
        expect(w.next).toContain(`= ${texNum(record.next[p]!)}`);
      }
      expect(() => render(sharedTermLine(record))).not.toThrow();
    });
  }

  it('writes the lesson step the way the board does', () => {
    const lesson = resolvePreset('three-parameters');
    const record = toStepRecord(stepFrom(lesson.setup, lesson.params));
    const w3 = workedParam(record, 'w3');
    expect(w3.parts.map((q) => q.shared)).toEqual(['-2\\,(0 - 0.7187)', '-2\\,(1 - 0.4619)', '-2\\,(0 - 0.7691)']);
    expect(w3.parts.map((q) => q.factor)).toEqual(['{}\\times 0.2146', '{}\\times 0.8203', '{}\\times 2.0481']);
    expect(w3.sumLine).toContain('= 0.3084 + (-0.8828) + 3.1505 = 2.5761');
    expect(w3.next).toContain('0.3600 - 0.0258 = 0.3342');
    expect(chainFactor(record, 'b3').symbol).toBe('1');
  });
});

describe('number formatting', () => {
  it('uses a true minus, never shows -0, and keeps small steps readable', () => {
    expect(fixed(-0.25)).toBe('\u22120.2500');
    expect(fixed(-0.00001)).toBe('0.0000');
    expect(smart(0.000262)).toBe('0.000262');
    expect(smart(0.0258)).toBe('0.0258');
    expect(smart(-2.57613)).toBe('\u22122.5761');
    expect(signed(0.5)).toBe('+0.5000');
    expect(rateText(0.01)).toBe('0.01');
    expect(tick(-0.2)).toBe('\u22120.2');
  });
});

describe('what students type into a number field', () => {
  const value = (raw: string) => {
    const r = parseStudentNumber(raw);
    return r.ok ? r.value : r.message;
  };

  it('reads a leading minus in every spelling a keyboard or phone produces, a decimal comma and spaces', () => {
    // ASCII hyphen-minus, hyphen, non-breaking hyphen, figure dash, en dash, em dash, minus sign, small and fullwidth hyphen-minus.
    for (const minus of ['-', '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2212', '\uFE63', '\uFF0D']) {
      expect(value(`${minus}0.0258`), `U+${minus.codePointAt(0)!.toString(16)}`).toBe(-0.0258);
    }
    expect(value(' -0,0258 ')).toBe(-0.0258);
    expect(value('- 2.5761')).toBe(-2.5761);
    expect(value('+1')).toBe(1);
    expect(value('2.5e-2')).toBe(0.025);
    expect(value('.5')).toBe(0.5);
    expect(value('-0')).toBe(0);
    expect(Object.is(value('-0'), -0)).toBe(false);
  });

  it('says why something is not one number', () => {
    expect(value('')).toBe('Enter a number.');
    expect(value('1,2.3')).toMatch(/one decimal separator/);
    expect(value('0,1,2')).toMatch(/one decimal separator/);
    expect(value('abc')).toMatch(/"abc" is not a number/);
    expect(value('--1')).toMatch(/is not a number/);
    expect(value('1e999')).toBe('That number is too large.');
  });

  it('reads back any finite number however it is written', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom('-', '\u2212', '\u2010', '\u2013'), fc.boolean(), (x, minus, comma) => {
        const magnitude = String(Math.abs(x));
        // "1,125" is refused as ambiguous (1.125 or 1125?): test/protocol/numbers.test.ts.
        fc.pre(!(comma && /^[1-9]\d{0,2}\.\d{3}$/.test(magnitude)));
        const typed = `${x < 0 ? minus : ''}${comma ? magnitude.replace('.', ',') : magnitude}`;
        const r = parseStudentNumber(typed);
        expect(r.ok && r.value).toBe(x === 0 ? 0 : x);
      }),
    );
  });
});

describe('routes', () => {
  it('reads the four pages and normalises codes as typed', () => {
    expect(parseRoute('/')).toEqual({ page: 'start' });
    expect(parseRoute('/join/k7p-q2m')).toEqual({ page: 'join', code: 'K7PQ2M' });
    expect(parseRoute('/host/K7PQ2M/')).toEqual({ page: 'host', code: 'K7PQ2M' });
    expect(parseRoute('/present/K7PQ2M')).toEqual({ page: 'present', code: 'K7PQ2M' });
    expect(parseRoute('/join/OOOOOO').page).toBe('not-found');
    expect(parseRoute('/elsewhere').page).toBe('not-found');
  });
});

describe('what a round asks, in a sentence', () => {
  it('says which links are asked at every dose and which of the parameters', () => {
    const [forward, shared, update] = lessonPlan(2, ['w3', 'w4', 'b3']).map((s) => askedFields(s.questions, 3));
    expect(askedWords(forward!)).toBe('x and y of each hidden node and the predictions at every dose');
    expect(askedWords(shared!)).toBe('the residuals and the shared terms dSSR/dPredicted at every dose');
    expect(askedWords(update!)).toBe('the chain-rule terms at every dose, and the derivatives and the new values of w3, w4, b3');
    expect(askedWords(update!, false)).toBe('the chain-rule terms at every dose, and the derivatives and the new values');
    expect(askedWords(askedFields({ derivatives: [], steps: [], next: [], terms: ['w3'] }, 3))).toBe('the chain-rule terms of w3 at every dose');
    expect(askedWords(askedFields({ derivatives: [], steps: [], next: ['w3', 'b3'] }, 3))).toBe('the new values of w3, b3');
  });
});
