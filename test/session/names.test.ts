// Display names: bounded even with a number appended; joiners kept inside words and emoji.
import { describe, expect, it } from 'vitest';
import { distinctName, MAX_NAME_LENGTH, nameKey, normalizeName } from '../../shared/session/names.js';
import { Drive } from './fixtures.js';

const takenOf = (...names: string[]) => (candidate: string) => names.includes(candidate);

describe('distinctName', () => {
  it('numbers a taken name', () => {
    expect(MAX_NAME_LENGTH).toBe(40);
    expect(distinctName('Ana', takenOf())).toBe('Ana');
    expect(distinctName('Ana', takenOf('Ana'))).toBe('Ana (2)');
    expect(distinctName('Ana', takenOf('Ana', 'Ana (2)'))).toBe('Ana (3)');
  });

  it('shortens a long name to leave room for the number, never exceeding 40 characters', () => {
    const forty = 'x'.repeat(40);
    expect(distinctName(forty, takenOf(forty))).toBe(`${'x'.repeat(36)} (2)`);
    const nine = Array.from({ length: 8 }, (_, i) => `${'x'.repeat(36)} (${i + 2})`);
    expect(distinctName(forty, takenOf(forty, ...nine))).toBe(`${'x'.repeat(35)} (10)`);
    // Counted in code points: an emoji is one character and is not split.
    const emoji = `${'a'.repeat(36)}🧮🧮🧮🧮`;
    expect(distinctName(emoji, takenOf(emoji))).toBe(`${'a'.repeat(36)} (2)`);
    const emojiLast = `${'a'.repeat(35)}🧮bbbb`;
    expect(distinctName(emojiLast, takenOf(emojiLast))).toBe(`${'a'.repeat(35)}🧮 (2)`);
    // No space left dangling before the number.
    const spaced = `${'a'.repeat(35)} bbbb`;
    expect(distinctName(spaced, takenOf(spaced))).toBe(`${'a'.repeat(35)} (2)`);
  });
});

describe('normalizeName', () => {
  it('keeps ZWNJ inside a Persian name and ZWJ inside an emoji sequence', () => {
    expect(normalizeName('علی\u200Cرضا')).toBe('علی\u200Cرضا');
    expect(normalizeName('Ana 👩\u200D💻')).toBe('Ana 👩\u200D💻');
    expect(normalizeName('👨\u200D👩\u200D👧')).toBe('👨\u200D👩\u200D👧');
  });

  it('drops joiners that join nothing', () => {
    expect(normalizeName('\u200DAna\u200C')).toBe('Ana');
    expect(normalizeName('Ana \u200D Lopez')).toBe('Ana Lopez');
    expect(normalizeName('Ana\u200D\u202ELopez')).toBe('Ana Lopez');
    expect(normalizeName('\u200C\u200D')).toBeNull();
    // Cut after 40 characters right behind a joiner: the joiner goes too.
    expect(normalizeName(`${'x'.repeat(39)}\u200Dy`)).toBe('x'.repeat(39));
  });

  it('still removes other zero-width and formatting characters', () => {
    expect(normalizeName('A\u200Bna\u2060 \u202ELopez\uFEFF')).toBe('A na Lopez');
  });

  it('does not let a joiner make a second "Ana" that looks like the first', () => {
    expect(nameKey('A\u200Dna')).toBe(nameKey('ana'));
    const d = new Drive();
    d.join('a', 'Ana');
    d.join('b', 'A\u200Dna');
    d.join('c', 'A\u200Cna');
    const names = ['a', 'b', 'c'].map((id) => d.state.students.get(id)!.name.replace(/[\u200C\u200D]/g, ''));
    expect(names).toEqual(['Ana', 'Ana (2)', 'Ana (3)']);
  });
});

