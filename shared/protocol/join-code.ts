/**
 * Join codes: six characters read aloud in a lecture hall. The alphabet leaves out 0/O, 1/I/L
 * (and U/V, easily misheard) so what is heard is what is typed; case and separators are ignored.
 * 29^6 = 595 million codes: with a few hundred live sessions a guess succeeds about once in a
 * million tries, and lookups are rate-limited per address.
 */
export const JOIN_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTWXYZ23456789';
export const JOIN_CODE_LENGTH = 6;

/**
 * A code of `length` characters of the alphabet from random bytes (one byte per character,
 * rejection-sampled to stay uniform); null when the bytes ran out first.
 */
export function joinCodeFromBytes(bytes: Uint8Array, length = JOIN_CODE_LENGTH): string | null {
  const n = JOIN_CODE_ALPHABET.length;
  const limit = 256 - (256 % n);
  let code = '';
  for (const b of bytes) {
    if (b >= limit) continue;
    code += JOIN_CODE_ALPHABET[b % n];
    if (code.length === length) return code;
  }
  return null;
}

/** Upper case without separators, if it is `length` characters of the alphabet; else null. */
function normalizeCode(raw: string, length: number): string | null {
  const code = raw.toUpperCase().replace(/[\s\-_.]/g, '');
  if (code.length !== length) return null;
  for (const c of code) if (!JOIN_CODE_ALPHABET.includes(c)) return null;
  return code;
}

/** "k7p-q2m " -> "K7PQ2M"; null if it cannot be a code. */
export function normalizeJoinCode(raw: string): string | null {
  return normalizeCode(raw, JOIN_CODE_LENGTH);
}

/** "K7PQ2M" -> "K7P-Q2M" for display. */
export function formatJoinCode(code: string): string {
  return `${code.slice(0, 3)}-${code.slice(3)}`;
}

/** Seat codes: 8 characters of the join-code alphabet, shown "ABCD-EFGH". */
export const SEAT_CODE_LENGTH = 8;

/** "abcd-efgh " -> "ABCDEFGH"; null if it cannot be a seat code. */
export function normalizeSeatCode(raw: string): string | null {
  return normalizeCode(raw, SEAT_CODE_LENGTH);
}

/** "ABCDEFGH" -> "ABCD-EFGH" for display. */
export function formatSeatCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}
