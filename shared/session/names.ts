/** Display names: what a student types becomes a clean, bounded, comparable name. */

export const MAX_NAME_LENGTH = 40;

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
 * Names compare without case and without the invisible joiners: "Ana", "ana" and "A\u200Dna" are
 * the same name in one class (a joiner must not let one student pass for another).
 */
export function nameKey(name: string): string {
  return name.replace(/[\u200C\u200D]/gu, '').toLocaleLowerCase('en-US');
}
