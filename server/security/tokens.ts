/** Secrets: generated with the OS's CSPRNG, stored only as SHA-256 hashes, compared in constant time. */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { joinCodeFromBytes, SEAT_CODE_LENGTH } from '../../shared/protocol/join-code.js';

export function randomToken(bytes = 24): string {
  return randomBytes(bytes).toString('base64url');
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('base64url');
}

export function secretMatches(secret: string, expectedHash: string): boolean {
  return hashesMatch(hashSecret(secret), expectedHash);
}

/** Two hashes from hashSecret, compared in constant time. */
export function hashesMatch(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function randomJoinCode(): string {
  for (;;) {
    const code = joinCodeFromBytes(randomBytes(16));
    if (code) return code;
  }
}

/**
 * A seat code: 8 characters of the join-code alphabet (29^8, about 5·10^11), short enough to read
 * from a phone or be told by the instructor, and guessed only under the wrong-secret limits.
 * Returned normalized (no dash); shown as "ABCD-EFGH".
 */
export function randomSeatCode(): string {
  for (;;) {
    const code = joinCodeFromBytes(randomBytes(16), SEAT_CODE_LENGTH);
    if (code) return code;
  }
}

/**
 * A student's resume token is "<studentId>.<secret>": the id finds the student without a scan,
 * the secret proves it is them. Only the secret's hash is stored.
 */
export function newResumeToken(): { studentId: string; token: string; tokenHash: string } {
  const studentId = randomToken(9);
  const secret = randomToken(24);
  return { studentId, token: `${studentId}.${secret}`, tokenHash: hashSecret(secret) };
}

export function parseResumeToken(token: string): { studentId: string; secret: string } | null {
  const dot = token.indexOf('.');
  if (dot <= 0 || dot === token.length - 1) return null;
  return { studentId: token.slice(0, dot), secret: token.slice(dot + 1) };
}
