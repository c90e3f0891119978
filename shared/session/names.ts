/** Display names: what a student types becomes a clean, bounded, comparable name. */

export const MAX_NAME_LENGTH = 40;

/**
 * Unicode NFC, control and formatting characters (including bidi overrides and zero-width
 * characters) removed, whitespace collapsed, trimmed, cut to MAX_NAME_LENGTH code points.
 * Returns null when nothing printable is left.
 */
export function normalizeName(raw: string): string | null {
  const cleaned = raw
    .normalize('NFC')
    // Controls, format marks, private use, unassigned, lone surrogates and line breaks become spaces.
    .replace(/[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Cs}\p{Zl}\p{Zp}]/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
  const cut = Array.from(cleaned).slice(0, MAX_NAME_LENGTH).join('').trim();
  return cut.length > 0 ? cut : null;
}

/** "Ana", "Ana (2)", "Ana (3)": a second student with a taken name gets a number. */
export function distinctName(name: string, taken: (candidate: string) => boolean): string {
  if (!taken(name)) return name;
  for (let n = 2; ; n++) {
    const candidate = `${name} (${n})`;
    if (!taken(candidate)) return candidate;
  }
}

/** Names compare without case: "Ana" and "ana" are the same name in one class. */
export function nameKey(name: string): string {
  return name.toLocaleLowerCase('en-US');
}
