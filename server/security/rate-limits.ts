/**
 * Abuse limits.
 * - Per socket: a token bucket on inbound events (refused with `rate-limited` when empty) and a
 *   cut-off: a socket refused too often in a short window is disconnected. Synchronous and
 *   allocation-free, because it runs on every event of every student.
 * - Per address (rate-limiter-flexible, in memory on each node): session creation, handshakes,
 *   new students (joins that create a student: tighter than handshakes, so one address cannot fill
 *   a session with bots; resumes, instructors and projectors count only as handshakes), and failed
 *   code lookups (what enumerating join codes would produce). A whole class shares one
 *   address behind a NAT, so a few dozen typos there must not lock the class out: codes an address
 *   has already found (or created) stay reachable from it while its failed lookups are used up.
 */
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
  readonly failedLookupsPerMinute: number;
}

/** Per-address limits. Each `take*` resolves to the seconds to wait, or 0 when allowed. */
export class AddressLimits {
  private readonly creates: RateLimiterMemory;
  private readonly handshakes: RateLimiterMemory;
  private readonly joins: RateLimiterMemory;
  private readonly failedLookups: RateLimiterMemory;
  /** `${address} ${code}` -> until when the address may reach the code while blocked; oldest first. */
  private readonly knownCodes = new Map<string, number>();

  constructor(options: AddressLimitOptions) {
    this.creates = new RateLimiterMemory({ keyPrefix: 'create', points: options.createsPerMinute, duration: 60 });
    this.handshakes = new RateLimiterMemory({ keyPrefix: 'handshake', points: options.handshakesPerMinute, duration: 60 });
    this.joins = new RateLimiterMemory({ keyPrefix: 'join', points: options.joinsPerMinute, duration: 60 });
    this.failedLookups = new RateLimiterMemory({ keyPrefix: 'lookup', points: options.failedLookupsPerMinute, duration: 60 });
  }

  takeCreate(address: string): Promise<number> {
    return take(this.creates, address);
  }

  takeHandshake(address: string): Promise<number> {
    return take(this.handshakes, address);
  }

  /** A join that creates a new student (not a resume). */
  takeJoin(address: string): Promise<number> {
    return take(this.joins, address);
  }

  /** Records a lookup of a code that does not exist. */
  takeFailedLookup(address: string): Promise<number> {
    return take(this.failedLookups, address);
  }

  /** The address found or created this code: it stays reachable from there. */
  rememberCode(address: string, code: string): void {
    const key = `${address} ${code}`;
    this.knownCodes.delete(key);
    this.knownCodes.set(key, Date.now() + KNOWN_CODE_MS);
    // Bounded: the oldest entries go first (a Map iterates in insertion order).
    for (const oldest of this.knownCodes.keys()) {
      if (this.knownCodes.size <= MAX_KNOWN_CODES) break;
      this.knownCodes.delete(oldest);
    }
  }

  private knows(address: string, code: string): boolean {
    const key = `${address} ${code}`;
    const until = this.knownCodes.get(key);
    if (until === undefined) return false;
    if (until > Date.now()) return true;
    this.knownCodes.delete(key);
    return false;
  }

  /**
   * Seconds this address must wait before looking up `code` (0: go ahead). An address out of failed
   * attempts may still reach the codes it found before, and nothing else.
   */
  async lookupsExhausted(address: string, code: string | null): Promise<number> {
    if (code !== null && this.knows(address, code)) return 0;
    const res = await this.failedLookups.get(address);
    return res && res.remainingPoints <= 0 ? Math.ceil(res.msBeforeNext / 1000) : 0;
  }
}

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
