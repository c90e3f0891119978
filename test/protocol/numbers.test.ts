// A comma that could be a thousands separator is asked about, never guessed.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseStudentNumber } from '../../shared/protocol/numbers.js';

const read = (raw: string) => {
  const r = parseStudentNumber(raw);
  return r.ok ? r.value : r.message;
};

describe('an ambiguous comma', () => {
  it('is refused with a question in the student\'s digits', () => {
    expect(read('1,234')).toBe('Did you mean 1.234 or 1234? Type a dot for a decimal point (1.234) or leave the comma out (1234).');
    expect(read('-12,500')).toBe('Did you mean -12.500 or -12500? Type a dot for a decimal point (-12.500) or leave the comma out (-12500).');
    expect(read('999,000')).toBe('Did you mean 999.000 or 999000? Type a dot for a decimal point (999.000) or leave the comma out (999000).');
  });

  it('is recognised however the minus sign and spaces were typed', () => {
    expect(read(' 1,234 ')).toMatch(/^Did you mean 1\.234 or 1234\?/);
    expect(read('\u221212,500')).toMatch(/^Did you mean -12\.500 or -12500\?/);
    expect(read('+5,000')).toMatch(/^Did you mean \+5\.000 or \+5000\?/);
  });

  it('is any 1 to 3 digits not starting with 0, a comma and exactly 3 digits', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 999 }), fc.integer({ min: 0, max: 999 }), fc.boolean(), (whole, part, negative) => {
        const sign = negative ? '-' : '';
        const digits = String(part).padStart(3, '0');
        const r = parseStudentNumber(`${sign}${whole},${digits}`);
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.message).toContain(`Did you mean ${sign}${whole}.${digits} or ${sign}${whole}${digits}?`);
      }),
    );
  });
});

describe('an unambiguous decimal comma', () => {
  it('is still read as a decimal point', () => {
    expect(read('0,258')).toBe(0.258); // a leading 0 is never a thousands group
    expect(read('12,5')).toBe(12.5);
    expect(read('1,2345')).toBe(1.2345);
    expect(read('-0,0258')).toBe(-0.0258);
    expect(read('1,23')).toBe(1.23);
    expect(read('1234,5')).toBe(1234.5);
    expect(read('0,000')).toBe(0);
  });

  it('and a dot or no separator at all is never questioned', () => {
    expect(read('1.234')).toBe(1.234);
    expect(read('1234')).toBe(1234);
    expect(read('-12.500')).toBe(-12.5);
  });

  it('more than one separator keeps its own message', () => {
    expect(read('1,234,567')).toMatch(/one decimal separator/);
    expect(read('1,234.5')).toMatch(/one decimal separator/);
  });
});
