/**
 * Abuse limits.
 * - Per socket: a token bucket on inbound events (refused with `rate-limited` when empty) and a
 *   cut-off: a socket refused too often in a short window is disconnected. Synchronous and
 *   allocation-free, because it runs on every event of every student.
 * - Per address (rate-limiter-flexible, in memory on each node): session creation, handshakes,
 *   new students (joins that create a student: tighter than handshakes, so one address cannot fill
 *   a session with bots; resumes, instructors and projectors count only as handshakes), and failed
 *   code lookups (what enumerating join codes would produce). A whole class shares one
 *   address behind a NAT, so one student guessing codes must not lock the class out: failed
 *   lookups are counted per client (address and the browser tab's id, `CLIENT_ID_HEADER` or the
 *   handshake's `tab`), with a ceiling for the address at ADDRESS_CEILING_FACTOR times that, and
 *   codes an address has already found (or created) stay reachable from it whatever its budgets.
 *   A lookup of a code the address has not found before reserves a failed lookup before it looks
 *   (so concurrent guesses cannot all pass the check) and gives it back when the code exists.
 * - Per session code: wrong secrets (instructor tokens, projector keys, resume tokens, seat codes)
 *   per client, with a ceiling per code and address. The callers compare tokens and keys first (a
 *   right one always gets in, so wrong ones from the hall lock nobody out) and only seat codes,
 *   short enough to guess, after checking `secretWait`.
 * - "Address" is `addressKey`: an IPv4 address, or the /64 prefix of an IPv6 one (a single
 *   client usually holds a whole /64).
 */
import type { IncomingMessage } from 'node:http';
import { isIPv4, isIPv6 } from 'node:net';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

export interface SocketRateOptions {
  /** Sustained events per second. */
  readonly perSecond: number;
  /** Events allowed at once. */
  readonly burst: number;
  /** Refusals within `abuseWindowMs` after which the socket is cut off. */
  readonly abuseLimit: number;
  readonly abuseWindowMs: number;
}

export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = burst;
    this.last = now();
  }

  take(): boolean {
    const t = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.perSecond);
    this.last = t;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

export type SocketVerdict = 'allow' | 'refuse' | 'disconnect';

/** One per socket: allow, refuse, or (after sustained abuse) disconnect. */
export class SocketRateGuard {
  private readonly bucket: TokenBucket;
  private refusals = 0;
  private windowStart: number;

  constructor(
    private readonly options: SocketRateOptions,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.bucket = new TokenBucket(options.perSecond, options.burst, now);
    this.windowStart = now();
  }

  check(): SocketVerdict {
    if (this.bucket.take()) return 'allow';
    const t = this.now();
    if (t - this.windowStart > this.options.abuseWindowMs) {
      this.windowStart = t;
      this.refusals = 0;
    }
    this.refusals++;
    return this.refusals > this.options.abuseLimit ? 'disconnect' : 'refuse';
  }
}

export interface AddressLimitOptions {
  readonly createsPerMinute: number;
  readonly handshakesPerMinute: number;
  /** Joins that create a new student (a subset of the handshakes). */
  readonly joinsPerMinute: number;
  /** Failed code lookups per client (address and tab id); the address's ceiling is 10 times this. */
  readonly failedLookupsPerMinute: number;
  /** Wrong secrets per client and session code (default 10); the ceiling per code and address is 10 times this. */
  readonly wrongSecretsPerMinute?: number;
  /** Prefix length by which IPv6 addresses are grouped into one "address" (default 64). */
  readonly ipv6Prefix?: number;
}

/** A failed lookup reserved before looking a code up: give it back when the code exists. */
interface LookupReservation {
  /** Seconds to wait before looking up anything not found before; 0: go ahead. */
  readonly wait: number;
  /** The code exists: the reserved failed lookup is given back (no-op when nothing was reserved). */
  found(): Promise<void>;
  /** The lookup is over (found or not): lookups waiting on this one go on. Call in a `finally`. */
  settle(): void;
}

const FREE_LOOKUP: LookupReservation = { wait: 0, found: async () => undefined, settle: () => undefined };

/**
 * The key per-address limits count under: IPv4 unchanged; an IPv4-mapped IPv6 address
 * (::ffff:a.b.c.d) as its IPv4 address; any other IPv6 address as its first `prefix` bits, written
 * as eight groups with the rest zeroed and "/prefix" appended (e.g. "2001:db8:1:2:0:0:0:0/64").
 * Anything else (not an IP address) is used as given.
 */
export function addressKey(address: string, prefix = 64): string {
  const zoneless = address.replace(/%.*$/, '');
  if (isIPv4(zoneless)) return zoneless;
  if (!isIPv6(zoneless)) return address;
  const groups = expandIPv6(zoneless);
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return `${groups[6]! >> 8}.${groups[6]! & 0xff}.${groups[7]! >> 8}.${groups[7]! & 0xff}`;
  }
  const bits = Math.max(0, Math.min(128, Math.floor(prefix)));
  const masked = groups.map((g, i) => {
    const keep = Math.max(0, Math.min(16, bits - i * 16));
    return keep === 0 ? 0 : g & ((0xffff << (16 - keep)) & 0xffff);
  });
  return `${masked.map((g) => g.toString(16)).join(':')}/${bits}`;
}

/** The eight 16-bit groups of a valid IPv6 address (with `::` and a trailing dotted IPv4 part). */
function expandIPv6(address: string): number[] {
  let text = address.toLowerCase();
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const parse = (part: string): number[] => (part === '' ? [] : part.split(':').map((g) => parseInt(g, 16)));
  const left = parse(head);
  if (tail === undefined) return left;
  const right = parse(tail);
  return [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
}

/** Per-address limits. Each `take*` resolves to the seconds to wait, or 0 when allowed. */
export class AddressLimits {
  private readonly creates: RateLimiterMemory;
  private readonly handshakes: RateLimiterMemory;
  private readonly handshakesPerAddress: RateLimiterMemory;
  private readonly joins: RateLimiterMemory;
  private readonly failedLookups: RateLimiterMemory;
  private readonly failedLookupsPerAddress: RateLimiterMemory;
  private readonly wrongSecrets: RateLimiterMemory;
  private readonly wrongSecretsPerAddress: RateLimiterMemory;
  /** `${address} ${code}` -> until when the address may reach the code while blocked; oldest first. */
  private readonly knownCodes = new Map<string, number>();
  /** Per address key: lookups that hold a reserved failed lookup, settled when they are over. */
  private readonly pendingLookups = new Map<string, Set<Promise<void>>>();

  private readonly ipv6Prefix: number;

  constructor(options: AddressLimitOptions) {
    this.ipv6Prefix = options.ipv6Prefix ?? 64;
    this.creates = new RateLimiterMemory({ keyPrefix: 'create', points: options.createsPerMinute, duration: 60 });
    this.handshakes = new RateLimiterMemory({ keyPrefix: 'handshake', points: options.handshakesPerMinute, duration: 60 });
    this.handshakesPerAddress = new RateLimiterMemory({ keyPrefix: 'handshake-all', points: options.handshakesPerMinute * ADDRESS_CEILING_FACTOR, duration: 60 });
    this.joins = new RateLimiterMemory({ keyPrefix: 'join', points: options.joinsPerMinute, duration: 60 });
    this.failedLookups = new RateLimiterMemory({ keyPrefix: 'lookup', points: options.failedLookupsPerMinute, duration: 60 });
    this.failedLookupsPerAddress = new RateLimiterMemory({ keyPrefix: 'lookup-all', points: options.failedLookupsPerMinute * ADDRESS_CEILING_FACTOR, duration: 60 });
    const wrong = options.wrongSecretsPerMinute ?? 10;
    this.wrongSecrets = new RateLimiterMemory({ keyPrefix: 'secret', points: wrong, duration: 60 });
    this.wrongSecretsPerAddress = new RateLimiterMemory({ keyPrefix: 'secret-all', points: wrong * ADDRESS_CEILING_FACTOR, duration: 60 });
  }

  private key(address: string): string {
    return addressKey(address, this.ipv6Prefix);
  }

  takeCreate(address: string): Promise<number> {
    return take(this.creates, this.key(address));
  }

  /**
   * A handshake for `code` (null: none given or not a join code). Counted per address and
   * session, so one client's flood of handshakes into its own session does not spend what the
   * rest of the hall behind the same address needs for the lecture. An address's handshakes over
   * all sessions stop at ADDRESS_CEILING_FACTOR times that (charged for those the session's own
   * budget let through), except for codes the address has found: the lecture stays reachable for
   * the hall however many sessions one of them floods.
   */
  async takeHandshake(address: string, code: string | null): Promise<number> {
    const key = this.key(address);
    const wait = await take(this.handshakes, `${key} ${code ?? '-'}`);
    if (wait > 0) return wait;
    const ceiling = await take(this.handshakesPerAddress, key);
    return code !== null && this.knows(address, code) ? 0 : ceiling;
  }

  /** A join that creates a new student (not a resume) in the session `code`: per address and session. */
  takeJoin(address: string, code: string): Promise<number> {
    return take(this.joins, `${this.key(address)} ${code}`);
  }

  /**
   * Before comparing a secret for session `code` from `client` at `address`: the seconds to wait
   * (the client, or the address, has used up its wrong secrets), or 0.
   */
  async secretWait(address: string, client: string | undefined, code: string): Promise<number> {
    const key = this.key(address);
    const own = await waitOf(this.wrongSecrets, `${key} ${client ?? '-'} ${code}`);
    if (own > 0) return own;
    return waitOf(this.wrongSecretsPerAddress, `${key} ${code}`);
  }

  /**
   * A wrong secret for session `code` was given: counted for the client and for the address.
   * Resolves to `secretWait` after it (0: refuse it as wrong; more: as too many).
   */
  async wrongSecret(address: string, client: string | undefined, code: string): Promise<number> {
    const key = this.key(address);
    await take(this.wrongSecrets, `${key} ${client ?? '-'} ${code}`);
    await take(this.wrongSecretsPerAddress, `${key} ${code}`);
    return this.secretWait(address, client, code);
  }

  /**
   * Looks `code` up with `find` under the failed-lookup limit: resolves to the seconds to wait
   * (nothing was looked up) or to what `find` returned. A code this address found before costs
   * nothing and stays reachable; a code found now is remembered. A miss counts as a failed lookup;
   * a hit, or a `find` that throws (the store failed, not the guess), does not.
   */
  async lookUp<T>(address: string, client: string | undefined, code: string | null, find: (code: string) => Promise<T | null>): Promise<{ readonly wait: number; readonly found: T | null }> {
    const reservation = await this.reserveLookup(address, client, code);
    if (reservation.wait > 0) return { wait: reservation.wait, found: null };
    try {
      const found = code === null ? null : await find(code);
      if (found !== null && code !== null) {
        this.rememberCode(address, code);
        await reservation.found();
      }
      return { wait: 0, found };
    } catch (error) {
      await reservation.found();
      throw error;
    } finally {
      reservation.settle();
    }
  }

  /**
   * Called before looking up `code`; the reservation is settled when the lookup is over. A code
   * this address found before costs nothing; any other lookup takes a failed lookup now, from the
   * client's budget and from the address's ceiling, and gets both back through `found()` when the
   * code exists. Taking before looking means concurrent lookups
   * cannot all pass a check made before any of them failed. When none is left while lookups from
   * the same address are still under way (a class opening a new code at once), it waits for them:
   * one of them may find this very code.
   */
  private async reserveLookup(address: string, client: string | undefined, code: string | null): Promise<LookupReservation> {
    const key = this.key(address);
    const clientKey = `${key} ${client ?? '-'}`;
    for (;;) {
      if (code !== null && this.knows(address, code)) return FREE_LOOKUP;
      let wait = await take(this.failedLookups, clientKey);
      if (wait === 0) {
        wait = await take(this.failedLookupsPerAddress, key);
        if (wait === 0) return this.track(key, clientKey);
        await this.giveBack(this.failedLookupsPerAddress, key);
      }
      // Refused: undo the counts the refused attempt added, so points given back later count.
      await this.giveBack(this.failedLookups, clientKey);
      const pending = this.pendingLookups.get(key);
      if (!pending || pending.size === 0) return { wait, found: async () => undefined, settle: () => undefined };
      await Promise.race(pending);
    }
  }

  private track(key: string, clientKey: string): LookupReservation {
    let pending = this.pendingLookups.get(key);
    if (!pending) this.pendingLookups.set(key, (pending = new Set()));
    const set = pending;
    let settled = false;
    let resolve!: () => void;
    const done = new Promise<void>((r) => (resolve = r));
    set.add(done);
    const settle = (): void => {
      if (settled) return;
      settled = true;
      set.delete(done);
      if (set.size === 0 && this.pendingLookups.get(key) === set) this.pendingLookups.delete(key);
      resolve();
    };
    let returned = false;
    return {
      wait: 0,
      found: async () => {
        if (returned || settled) return;
        returned = true;
        await this.giveBack(this.failedLookupsPerAddress, key);
        await this.giveBack(this.failedLookups, clientKey);
      },
      settle,
    };
  }

  /** One point back (not on a record that expired meanwhile: that would add a point). */
  private async giveBack(limiter: RateLimiterMemory, key: string): Promise<void> {
    const res = await limiter.get(key);
    if (res && res.consumedPoints > 0) await limiter.reward(key, 1);
  }

  /** The address found or created this code: it stays reachable from there. */
  rememberCode(address: string, code: string): void {
    remember(this.knownCodes, `${this.key(address)} ${code}`);
  }

  private knows(address: string, code: string): boolean {
    return recalls(this.knownCodes, `${this.key(address)} ${code}`);
  }
}

/** Adds `key` to a bounded map of remembered keys (until when, ms); the oldest go first (a Map iterates in insertion order). */
function remember(map: Map<string, number>, key: string): void {
  map.delete(key);
  map.set(key, Date.now() + KNOWN_CODE_MS);
  for (const oldest of map.keys()) {
    if (map.size <= MAX_KNOWN_CODES) break;
    map.delete(oldest);
  }
}

function recalls(map: Map<string, number>, key: string): boolean {
  const until = map.get(key);
  if (until === undefined) return false;
  if (until > Date.now()) return true;
  map.delete(key);
  return false;
}

/** Seconds until `key` has a point again under `limiter`, without taking one (0: it has). */
async function waitOf(limiter: RateLimiterMemory, key: string): Promise<number> {
  const res = await limiter.get(key);
  return res && res.remainingPoints <= 0 ? Math.max(1, Math.ceil(res.msBeforeNext / 1000)) : 0;
}

/** An address's handshakes over all sessions, failed lookups over all clients, wrong secrets over all clients: this many times the narrower limit. */
const ADDRESS_CEILING_FACTOR = 10;

/** How long a found code stays reachable from a blocked address: a long lecture. */
const KNOWN_CODE_MS = 6 * 60 * 60 * 1000;
const MAX_KNOWN_CODES = 100_000;

async function take(limiter: RateLimiterMemory, key: string): Promise<number> {
  try {
    await limiter.consume(key);
    return 0;
  } catch (e) {
    if (e instanceof RateLimiterRes) return Math.max(1, Math.ceil(e.msBeforeNext / 1000));
    throw e;
  }
}

/**
 * Engine.io connections per address that have not joined a session yet (no socket.io handshake
 * accepted): counted from the first request until they join or close. Joined connections are
 * limited by the session rules (tabs per student, projector slots, students per session), so a
 * hall's own connections never fill this; idle ones cannot pile up from one address (socket.io
 * closes them after `connectTimeout`).
 */
export class ConnectionCounter {
  private readonly waiting = new Map<string, number>();
  private readonly pending = new WeakSet<object>();

  constructor(
    private readonly limit: number,
    private readonly keyOf: (req: IncomingMessage) => string,
  ) {}

  /** Whether a new connection from this request's address is allowed now. */
  allows(req: IncomingMessage): boolean {
    return (this.waiting.get(this.keyOf(req)) ?? 0) < this.limit;
  }

  /** A connection was opened: it waits until it joins a session (`joined`) or closes. */
  opened(conn: { readonly request: IncomingMessage; once(event: 'close', listener: () => void): unknown }): void {
    const key = this.keyOf(conn.request);
    this.pending.add(conn);
    this.waiting.set(key, (this.waiting.get(key) ?? 0) + 1);
    conn.once('close', () => this.settle(conn, key));
  }

  /** A socket.io handshake on this connection was accepted. */
  joined(conn: { readonly request: IncomingMessage }): void {
    this.settle(conn, this.keyOf(conn.request));
  }

  private settle(conn: object, key: string): void {
    if (!this.pending.delete(conn)) return;
    const left = (this.waiting.get(key) ?? 1) - 1;
    if (left > 0) this.waiting.set(key, left);
    else this.waiting.delete(key);
  }
}
