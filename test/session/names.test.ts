// Display names: bounded even with a number appended; joiners kept inside words and emoji.
import { describe, expect, it } from 'vitest';
import { distinctName, MAX_NAME_LENGTH, nameKeys, normalizeName } from '../../shared/session/names.js';
import { decide } from '../../shared/session/decide.js';
import { instructorView } from '../../shared/session/views.js';
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
    expect(nameKeys('A\u200Dna')).toEqual(nameKeys('ana'));
    const d = new Drive();
    d.join('a', 'Ana');
    d.join('b', 'A\u200Dna');
    d.join('c', 'A\u200Cna');
    const names = ['a', 'b', 'c'].map((id) => d.state.students.get(id)!.name.replace(/[\u200C\u200D]/g, ''));
    expect(names).toEqual(['Ana', 'Ana (2)', 'Ana (3)']);
  });
});


describe('names that look like another or like nothing', () => {
  const joined = (d: Drive, id: string, name: string) => {
    d.join(id, name);
    return d.state.students.get(id)!.name;
  };

  it('number a look-alike of a classmate: invisible marks after the name, or a letter from another script', () => {
    // Each written by hand: U+FE0F VARIATION SELECTOR-16, U+034F COMBINING GRAPHEME JOINER,
    // U+3164 HANGUL FILLER, U+2800 BRAILLE PATTERN BLANK, and U+0410 CYRILLIC CAPITAL A.
    const lookalikes = ['Alice\uFE0F', 'Alice\u034F', 'Alice\u3164', 'Alice\u2800', '\u0410lice', 'ALICE', 'A\u200Dlice', 'AIice'];
    for (const [i, name] of lookalikes.entries()) {
      const d = new Drive();
      expect(joined(d, 'real', 'Alice')).toBe('Alice');
      expect(joined(d, `copy${i}`, name), JSON.stringify(name)).toMatch(/ \(2\)$/);
    }
    // Capitals of other scripts (Greek Β, Ν, Ε, Ζ; Cherokee Ꭺ) and fullwidth letters, found by a review.
    for (const [real, copy] of [['Bob', '\u0392ob'], ['Noah', '\u039Doah'], ['Emma', '\u0395mma'], ['Zoe', '\u0396oe'], ['Ana', '\u13AAna'], ['Ana', '\uFF21\uFF4E\uFF41']]) {
      const d = new Drive();
      expect(joined(d, 'real', real!)).toBe(real);
      expect(joined(d, 'copy', copy!), JSON.stringify(copy)).toBe(`${copy} (2)`);
    }
    // A key the two share; genuinely different names stay unnumbered.
    expect(nameKeys('\u0410lice').some((k) => nameKeys('Alice').includes(k))).toBe(true);
    const d = new Drive();
    for (const name of ['Alice', 'Alicia', 'Chloé', 'Chloe', 'Zoë', 'علی‌رضا', '👩‍💻 Kim']) expect(joined(d, name, name)).toBe(name);
  });

  it('refuse names that show nothing, and a Zalgo stack of marks, with a clear reason', () => {
    const d = new Drive();
    const refusal = (name: string) => {
      const decision = decide(d.state, { type: 'join', studentId: 'x', name, tokenHash: 'h', maxStudents: 100 }, { now: d.now });
      return decision.ok ? null : decision.error;
    };
    for (const blank of ['\u2800\u2800\u2800', '\u3164\u3164', '\u0301\u0308\u0301', 'ㅤ', '\uFE0F\u034F', '\uFFFC', '\u{1D159}', '\u303F', '\u2FFF']) {
      expect(refusal(blank), JSON.stringify(blank)).toEqual({ code: 'invalid-name', message: 'type a name with at least one visible letter or digit' });
    }
    const zalgo = `Z${'\u0336\u0301\u0308\u0300'.repeat(10)}algo`;
    expect([...zalgo.normalize('NFD')].length).toBe(45);
    expect(refusal(zalgo)).toEqual({ code: 'invalid-name', message: 'too many accents stacked on one letter (at most 4)' });
    // A joiner between marks does not split the stack; spacing and enclosing marks count too.
    for (const stack of [`a${'\u0301\u0302\u0303\u0304\u200D'.repeat(8)}`, `a${'\u0B3E'.repeat(10)}`, `a${'\u20DD'.repeat(10)}`]) {
      expect(refusal(stack), JSON.stringify(stack)).toEqual({ code: 'invalid-name', message: 'too many accents stacked on one letter (at most 4)' });
    }
    // Real accents stay within the limit: Vietnamese stacks two marks on one letter.
    expect(refusal('Nguyễn Thị Ánh')).toBeNull();
  });
});

describe('a removed student', () => {
  it('stays out under their name or one like it until the instructor lets them back in', () => {
    const d = new Drive();
    d.join('alice', 'Alice');
    d.join('bob', 'Bob');
    d.do({ type: 'remove', studentId: 'alice' });
    for (const again of ['Alice', 'alice', '\u0410lice', 'Alice\uFE0F']) {
      expect(d.refused({ type: 'join', studentId: 'x', name: again, tokenHash: 'h', maxStudents: 100 }), again).toBe('removed');
    }
    // Other names still join.
    d.join('carol', 'Carol');
    // Let back in: the same student, not a new one; the name is theirs again.
    d.do({ type: 'readmit', studentId: 'alice' });
    expect(d.state.students.get('alice')).toMatchObject({ name: 'Alice', removed: false });
    expect(d.state.activeStudents).toBe(3);
    d.join('another', 'Alice');
    expect(d.state.students.get('another')!.name).toBe('Alice (2)');
    expect(d.refused({ type: 'readmit', studentId: 'alice' })).toBe('invalid-name');
    expect(d.refused({ type: 'readmit', studentId: 'nobody' })).toBe('not-found');
  });

  it('cannot come back numbered, and stays listed for the instructor whatever happens to a look-alike', () => {
    // Found by a review: "Ana (2)" removed, then "Ana" typed again would have been numbered "Ana (2)".
    const d = new Drive();
    d.join('first', 'Ana');
    d.join('x', 'Ana');
    expect(d.state.students.get('x')!.name).toBe('Ana (2)');
    d.do({ type: 'remove', studentId: 'x' });
    d.join('y', 'Ana');
    expect(d.state.students.get('y')!.name).toBe('Ana (3)');
    // Y removed and let back in: X stays removed, and the dashboard still lists X.
    d.do({ type: 'remove', studentId: 'y' });
    d.do({ type: 'readmit', studentId: 'y' });
    expect(instructorView(d.state, () => true).removed).toEqual([{ id: 'x', name: 'Ana (2)' }]);
    expect(d.refused({ type: 'join', studentId: 'z', name: 'Ana (2)', tokenHash: 'h', maxStudents: 100 })).toBe('removed');
  });
});
