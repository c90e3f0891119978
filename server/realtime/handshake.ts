/**
 * Who a new socket is. Instructors prove the session's token; students join with a name, resume
 * with their token, or open their seat on a new device with its seat code; projectors prove their link's own key (the join code on the screen
 * is not enough).
 * A refused handshake reaches the client as connect_error with `data.code`.
 */
import type { ErrorCode } from '../../shared/protocol/errors.js';
import { normalizeJoinCode, normalizeSeatCode } from '../../shared/protocol/join-code.js';
import { handshakeSchema } from '../../shared/protocol/schemas.js';
import type { SessionState, Student } from '../../shared/session/state.js';
import type { FreshCredentials } from '../../shared/session/views.js';
import { hashesMatch, hashSecret, newResumeToken, parseResumeToken, randomSeatCode, randomToken, secretMatches } from '../security/tokens.js';
import type { SessionHost } from '../sessions/session-host.js';
import type { SessionRegistry } from '../sessions/session-registry.js';
import type { AddressLimits } from '../security/rate-limits.js';
import type { IoSocket } from './types.js';
import { validatePayload } from './validate.js';

/**
 * Whether a projector key (by its hash) is the session's current one. Checked at the handshake,
 * and again when a screen attaches (a recovered one skipped the handshake; the link may have been
 * replaced meanwhile).
 */
export function holdsProjectorKey(keyHash: string, state: SessionState): boolean {
  return state.projectorKey !== null && hashesMatch(keyHash, hashSecret(state.projectorKey));
}

export class HandshakeError extends Error {
  readonly data: { code: ErrorCode };
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.data = { code };
  }
}

export interface Admitted {
  readonly host: SessionHost;
  /** Only for a student who just joined or opened their seat here: the token to keep for resuming (and a new seat code). */
  readonly fresh?: FreshCredentials;
}

/** The student whose seat code this is, compared as hashes in constant time (a session holds at most a few thousand). */
function seatHolder(state: SessionState, seatHash: string): Student | undefined {
  let found: Student | undefined;
  for (const student of state.students.values()) if (student.seatHash !== undefined && hashesMatch(student.seatHash, seatHash)) found = student;
  return found;
}

export interface AdmitOptions {
  readonly registry: SessionRegistry;
  readonly maxStudents: number;
  readonly limits: AddressLimits;
  /** The client's address (behind a trusted proxy: from X-Forwarded-For). */
  readonly address: string;
}

function tooMany(seconds: number, what: string): HandshakeError {
  return new HandshakeError('rate-limited', `too many ${what} from your network; try again in ${seconds} s`);
}

export async function admit(socket: IoSocket, options: AdmitOptions): Promise<Admitted> {
  const { registry, maxStudents, limits, address } = options;

  // socket.io's connection state recovery adds its own pid and offset to the auth object.
  const { pid: _pid, offset: _offset, ...auth } = (socket.handshake.auth ?? {}) as Record<string, unknown>;
  const checked = validatePayload(handshakeSchema, auth);
  if (!checked.ok) {
    const wait = await limits.takeHandshake(address, null);
    if (wait > 0) throw tooMany(wait, 'connections');
    throw new HandshakeError('invalid-payload', `handshake auth must be { code, role: 'instructor', token }, { code, role: 'student', name }, { code, role: 'student', resumeToken }, { code, role: 'student', seat } or { code, role: 'projector', key } (${checked.message})`);
  }
  const claim = checked.value;
  const code = normalizeJoinCode(claim.code);
  // Per address and session: a flood into one's own session leaves the lecture's budget alone.
  const wait = await limits.takeHandshake(address, code);
  if (wait > 0) throw tooMany(wait, 'connections');
  // Someone guessing codes or tokens is stopped before the next guess is even looked up: a lookup
  // takes a failed attempt before it looks (given back when the code exists).
  const lookup = await limits.lookUp(address, claim.tab, code, (c) => registry.get(c));
  if (lookup.wait > 0) throw tooMany(lookup.wait, 'failed attempts');
  const host = lookup.found;
  if (!host || !code) throw new HandshakeError('unknown-session', `no session has the code ${claim.code}`);
  // Tokens and keys (128+ random bits) are compared first: a right one always gets in, so wrong
  // ones sent from the hall's address cannot lock anyone out; a wrong one is counted, and past the
  // client's or the address's budget answered rate-limited. Seat codes (about 39 bits) are short
  // enough to guess: a client out of budget is refused before its next one is compared.
  const client = claim.tab;
  if (claim.role === 'student' && 'seat' in claim) {
    const secretWait = await limits.secretWait(address, client, code);
    if (secretWait > 0) throw tooMany(secretWait, 'wrong seat codes for this session');
  }
  const refuseToken = async (message: string): Promise<never> => {
    const secretWait = await limits.wrongSecret(address, client, code);
    if (secretWait > 0) throw tooMany(secretWait, 'wrong tokens, keys or seat codes for this session');
    throw new HandshakeError('forbidden', message);
  };

  switch (claim.role) {
    case 'instructor':
      if (!secretMatches(claim.token, host.state.instructorTokenHash)) return refuseToken('wrong instructor token for this session');
      socket.data = { role: 'instructor', code };
      return { host };
    case 'projector': {
      // The join code is on the screen for everyone; the projector link's own key is not.
      const keyHash = hashSecret(claim.key);
      if (!holdsProjectorKey(keyHash, host.state)) return refuseToken('this projector link is not valid (any more): open the projector from the dashboard');
      socket.data = { role: 'projector', code, keyHash };
      return { host };
    }
    case 'student': {
      // A socket without a tab id gets one of its own: "this tab" must name it when it signs the others out.
      const identity = { tab: claim.tab ?? `socket-${socket.id}`, ...(claim.device !== undefined && { device: claim.device }) };
      if ('seat' in claim) {
        // Another device takes the seat: a new token for it; the devices holding the old one are signed out (and told).
        const seat = normalizeSeatCode(claim.seat);
        let student = seat ? seatHolder(host.state, hashSecret(seat)) : undefined;
        if (seat && !student) {
          await host.readStore();
          student = seatHolder(host.state, hashSecret(seat));
        }
        if (!student) return refuseToken('no student of this session has this seat code');
        if (student.removed) throw new HandshakeError('removed', 'you were removed from this session');
        const secret = randomToken(24);
        const outcome = await host.execute({ type: 'change-seat', studentId: student.id, tokenHash: hashSecret(secret), secret, reason: 'seat-restored' });
        if (!outcome.ok) throw new HandshakeError(outcome.error.code, outcome.error.message);
        socket.data = { role: 'student', code, studentId: student.id, ...identity, tokenHash: hashSecret(secret) };
        return { host, fresh: { resumeToken: `${student.id}.${secret}`, seatCode: seat! } };
      }
      if ('resumeToken' in claim) {
        const parsed = parseResumeToken(claim.resumeToken);
        let student = parsed ? host.state.students.get(parsed.studentId) : undefined;
        if (parsed && !student) {
          // Joined through another node a moment ago: read the store before calling the token unknown
          // (a refusal makes the client forget its seat).
          await host.readStore();
          student = host.state.students.get(parsed.studentId);
        }
        if (!parsed || !student || !secretMatches(parsed.secret, student.tokenHash)) return refuseToken('this resume token does not belong to a student of this session');
        if (student.removed) throw new HandshakeError('removed', 'you were removed from this session');
        socket.data = { role: 'student', code, studentId: student.id, ...identity, tokenHash: student.tokenHash };
        return { host };
      }
      // A new student: limited per address on top of the handshakes, so one address cannot fill
      // the session with bots (returning students, instructors and projectors are not counted here).
      const joinWait = await limits.takeJoin(address, code);
      if (joinWait > 0) throw tooMany(joinWait, 'new students');
      const { studentId, token, tokenHash } = newResumeToken();
      const seatCode = randomSeatCode();
      const outcome = await host.execute({ type: 'join', studentId, name: claim.name, tokenHash, seatHash: hashSecret(seatCode), maxStudents });
      if (!outcome.ok) throw new HandshakeError(outcome.error.code, outcome.error.message);
      socket.data = { role: 'student', code, studentId, ...identity, tokenHash };
      return { host, fresh: { resumeToken: token, seatCode } };
    }
  }
}
