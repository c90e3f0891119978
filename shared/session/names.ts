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
  if (name === null || !VISIBLE.test(name.replace(BLANK, ''))) return 'type a name with at least one visible letter or digit';
  if (MARK_STACK.test(name.normalize('NFD'))) return `too many accents stacked on one letter (at most ${MAX_MARKS_PER_CHARACTER})`;
  return null;
}

/** Letters, digits, symbols and punctuation: what shows on a screen. */
const VISIBLE = /[\p{L}\p{N}\p{S}\p{P}]/u;
/** Characters that take room but show nothing: Default_Ignorable ones (U+3164 HANGUL FILLER...) and the blank Braille pattern. */
const BLANK = /[\p{Default_Ignorable_Code_Point}\u2800]/gu;
const MARK_STACK = new RegExp(`\\p{Mn}{${MAX_MARKS_PER_CHARACTER + 1},}`, 'u');

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
 * selectors, fillers, the blank Braille pattern) and by their UTS #39 confusable skeleton, so
 * "Ana", "ana", "A\u200Dna", "Ana\uFE0F" and "Аna" (Cyrillic А) are one name in a class: a
 * look-alike gets a number. Case is folded first, so "Ian" and "lan" stay two names.
 */
export function nameKey(name: string): string {
  return skeleton(name.toLocaleLowerCase('en-US').replace(BLANK, '')).toLocaleLowerCase('en-US');
}
