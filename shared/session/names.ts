/** Display names: what a student types becomes a clean, bounded, comparable name. */
import { skeleton } from './confusables.js';

export const MAX_NAME_LENGTH = 40;
/**
 * At most this many nonspacing marks on one character: UTS #39 section 5.4 ("Optional Detection")
 * suggests 4, which every script's real accents stay within, while a "Zalgo" stack does not.
 */
export const MAX_MARKS_PER_CHARACTER = 4;

/** Why a typed name cannot be used, for the refusal; null when it can. */
export function nameProblem(raw: string): string | null {
  const name = normalizeName(raw);
  const shown = name?.replace(BLANK, '') ?? '';
  if (!VISIBLE.test(shown)) return 'type a name with at least one visible letter or digit';
  // Marks of every kind (nonspacing, spacing, enclosing) counted with what shows nothing taken out,
  // so a joiner between marks cannot split a stack.
  if (MARK_STACK.test(shown.normalize('NFD'))) return `too many accents stacked on one letter (at most ${MAX_MARKS_PER_CHARACTER})`;
  return null;
}

/** Letters, digits and emoji: what makes a name show on a screen (symbols and punctuation alone may be blank glyphs). */
const VISIBLE = /[\p{L}\p{N}\p{Extended_Pictographic}]/u;
/**
 * Characters that take room but show nothing: Default_Ignorable ones (U+3164 HANGUL FILLER...),
 * the blank Braille pattern, the object replacement character and the null notehead.
 */
const BLANK = /[\p{Default_Ignorable_Code_Point}\u2800\uFFFC\u{1D159}]/gu;
const MARK_STACK = new RegExp(`\\p{M}{${MAX_MARKS_PER_CHARACTER + 1},}`, 'u');

/**
 * Unicode NFC, control and formatting characters (including bidi overrides and zero-width
 * characters) removed, whitespace collapsed, trimmed, cut to MAX_NAME_LENGTH code points.
 * U+200C and U+200D are kept where they join two printable characters ("علی‌رضا", "👩‍💻").
 * Returns null when nothing printable is left.
 */
export function normalizeName(raw: string): string | null {
  const cleaned = tidy(
    raw
      .normalize('NFC')
      // Controls, format marks (but the two joiners), private use, unassigned, lone surrogates and line breaks become spaces.
      .replace(/(?![\u200C\u200D])[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Cs}\p{Zl}\p{Zp}]/gu, ' '),
  );
  const cut = tidy(cutTo(cleaned, MAX_NAME_LENGTH));
  return cut.length > 0 ? cut : null;
}

/** Joiners not between two printable characters become spaces; whitespace collapsed and trimmed. */
function tidy(text: string): string {
  return text
    .replace(/(?<![^\s\u200C\u200D])[\u200C\u200D]|[\u200C\u200D](?![^\s\u200C\u200D])/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
}

/** The first `max` code points. */
function cutTo(text: string, max: number): string {
  return Array.from(text).slice(0, max).join('');
}

/**
 * "Ana", "Ana (2)", "Ana (3)": a second student with a taken name gets a number, and the name is
 * shortened to leave room for it, so the result never exceeds MAX_NAME_LENGTH.
 */
export function distinctName(name: string, taken: (candidate: string) => boolean): string {
  if (!taken(name)) return name;
  for (let n = 2; ; n++) {
    const suffix = ` (${n})`;
    const candidate = `${tidy(cutTo(name, MAX_NAME_LENGTH - suffix.length))}${suffix}`;
    if (!taken(candidate)) return candidate;
  }
}

/**
 * Names compare as they look: without case, without what shows nothing (joiners, variation
 * selectors, fillers, the blank Braille pattern), after NFKC (fullwidth letters) and by their
 * UTS #39 confusable skeleton, so "Ana", "ana", "A\u200Dna", "Ana\uFE0F", "Аna" (Cyrillic А),
 * "Βob" (Greek Β) and "Ａｎａ" are one name in a class: a look-alike gets a number.
 *
 * Two keys, since the confusables table is case-sensitive: the skeleton of the name as written
 * ("AIice" with a capital I is "Alice") and of its lower case ("ALICE" is "alice"). Two names
 * are the same name when either key matches; a class never holds two names sharing a key.
 */
export function nameKeys(name: string): readonly [string, string] {
  const plain = name.normalize('NFKC').replace(BLANK, '');
  const lower = (text: string) => text.toLocaleLowerCase('en-US');
  return [lower(skeleton(lower(plain))), lower(skeleton(lower(skeleton(plain))))];
}
