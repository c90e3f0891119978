/** Server settings from the environment, with embedded defaults so `npm start` needs nothing else. */
import { resolve } from 'node:path';
import { z } from 'zod';

const env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** All interfaces by default, so phones on the room's network can join. */
  HOST: z.string().default('0.0.0.0'),
  /** Base URL used in join links (e.g. https://live.example.edu); otherwise taken from the request. */
  PUBLIC_URL: z.url().optional(),
  /** SQLite file, or :memory: for a throwaway run. */
  DB_PATH: z.string().default('./data/backprop-live.db'),
  /** When set, sessions are shared between nodes through Redis. */
  REDIS_URL: z.string().optional(),
  /** Prefix of every Redis key and stream (several deployments can share one Redis). */
  REDIS_PREFIX: z.string().regex(/^[\w:.-]{1,64}$/).default('bpl'),
  /** When set, POST /api/sessions requires it (header X-Create-Session-Key). */
  CREATE_SESSION_KEY: z.string().min(8).optional(),
  SESSION_TTL_DAYS: z.coerce.number().positive().default(7),
  MAX_STUDENTS_PER_SESSION: z.coerce.number().int().min(1).default(5000),
  /** Projector sockets of one session connected to one node (each needs the projector link's key). */
  MAX_PROJECTORS_PER_SESSION: z.coerce.number().int().min(1).default(20),
  /** Sockets (tabs) of one student in one session connected to one node (one resume token could open many). */
  MAX_TABS_PER_STUDENT: z.coerce.number().int().min(1).default(5),
  /** socket.io's limit on one inbound message, bytes. */
  MAX_MESSAGE_BYTES: z.coerce.number().int().min(1024).default(8192),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Directory of the built client (vite build output). */
  CLIENT_DIR: z.string().default('dist/client'),
  /** Comma-separated origins allowed to call the API and open sockets from another site. */
  CORS_ORIGINS: z.string().optional(),
  /** Trust X-Forwarded-* from this many proxy hops (or 'loopback', a subnet...), for client addresses behind a proxy. */
  TRUST_PROXY: z.string().default('loopback'),
  /** Per socket: sustained events per second, burst, and refusals (within 10 s) before disconnecting. */
  SOCKET_EVENTS_PER_SECOND: z.coerce.number().positive().default(10),
  SOCKET_EVENT_BURST: z.coerce.number().int().min(1).default(30),
  SOCKET_ABUSE_LIMIT: z.coerce.number().int().min(1).default(50),
  /** Per student (whatever their sockets, tabs or reconnects): answers per second, and at once. */
  ANSWERS_PER_STUDENT_PER_SECOND: z.coerce.number().positive().default(10),
  ANSWER_BURST_PER_STUDENT: z.coerce.number().int().min(1).default(20),
  /** Per client address, per minute. A whole class may share one address (campus NAT), so handshakes are generous. */
  CREATES_PER_IP_PER_MINUTE: z.coerce.number().int().min(1).default(30),
  HANDSHAKES_PER_IP_PER_MINUTE: z.coerce.number().int().min(1).default(6000),
  /** Open engine.io connections per address (a lecture hall's phones and laptops, a few tabs each), whether or not they ever join. */
  CONNECTIONS_PER_IP: z.coerce.number().int().min(1).default(3000),
  /** New students (joins with a name, not resumes): a whole lecture hall behind one NAT, yet far below the student cap. */
  JOINS_PER_IP_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  /** Unknown codes per client (address and tab id); ten times this per address. */
  FAILED_LOOKUPS_PER_IP_PER_MINUTE: z.coerce.number().int().min(1).default(30),
  /** Wrong tokens and keys per client and session code; ten times this per address and code. */
  WRONG_SECRETS_PER_CLIENT_PER_MINUTE: z.coerce.number().int().min(1).default(10),
  /** IPv6 clients are limited per prefix of this length (one client usually holds a whole /64). */
  IPV6_LIMIT_PREFIX: z.coerce.number().int().min(16).max(128).default(64),
  /** When set, GET /metrics requires `Authorization: Bearer <METRICS_TOKEN>`. */
  METRICS_TOKEN: z.string().min(8).optional(),
});

export interface ServerConfig {
  readonly port: number;
  readonly host: string;
  readonly publicUrl: string | undefined;
  readonly dbPath: string;
  readonly redisUrl: string | undefined;
  readonly redisPrefix: string;
  readonly createSessionKey: string | undefined;
  readonly sessionTtlMs: number;
  readonly maxStudentsPerSession: number;
  readonly maxProjectorsPerSession: number;
  readonly maxTabsPerStudent: number;
  /** Open engine.io connections per client address (see addressKey). */
  readonly connectionsPerAddress: number;
  readonly maxMessageBytes: number;
  readonly logLevel: string;
  readonly clientDir: string;
  readonly corsOrigins: readonly string[];
  readonly trustProxy: string | number | boolean;
  readonly socketRate: { readonly perSecond: number; readonly burst: number; readonly abuseLimit: number; readonly abuseWindowMs: number };
  /** A student's answer budget, a token bucket that follows the student across sockets and reconnects. */
  readonly answerRate: { readonly perSecond: number; readonly burst: number };
  readonly addressLimits: { readonly createsPerMinute: number; readonly handshakesPerMinute: number; readonly joinsPerMinute: number; readonly failedLookupsPerMinute: number; readonly wrongSecretsPerMinute?: number; readonly ipv6Prefix?: number };
  readonly metricsToken: string | undefined;
}

function trustProxyValue(raw: string): string | number | boolean {
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  return /^\d+$/.test(raw) ? Number(raw) : raw;
}

export function configFromEnv(source: NodeJS.ProcessEnv = process.env): ServerConfig {
  // An empty variable means unset (compose's `${VAR:-}` passes empty strings along).
  const given = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value.trim() !== ''));
  const parsed = env.safeParse(given);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid environment: ${problems}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    publicUrl: e.PUBLIC_URL?.replace(/\/+$/, ''),
    dbPath: e.DB_PATH === ':memory:' ? ':memory:' : resolve(e.DB_PATH),
    redisUrl: e.REDIS_URL || undefined,
    redisPrefix: e.REDIS_PREFIX,
    createSessionKey: e.CREATE_SESSION_KEY,
    sessionTtlMs: e.SESSION_TTL_DAYS * 24 * 3600 * 1000,
    maxStudentsPerSession: e.MAX_STUDENTS_PER_SESSION,
    maxProjectorsPerSession: e.MAX_PROJECTORS_PER_SESSION,
    maxTabsPerStudent: e.MAX_TABS_PER_STUDENT,
    connectionsPerAddress: e.CONNECTIONS_PER_IP,
    maxMessageBytes: e.MAX_MESSAGE_BYTES,
    logLevel: e.LOG_LEVEL,
    clientDir: resolve(e.CLIENT_DIR),
    corsOrigins: e.CORS_ORIGINS ? e.CORS_ORIGINS.split(',').map((s) => s.trim()).filter(Boolean) : [],
    trustProxy: trustProxyValue(e.TRUST_PROXY),
    socketRate: { perSecond: e.SOCKET_EVENTS_PER_SECOND, burst: e.SOCKET_EVENT_BURST, abuseLimit: e.SOCKET_ABUSE_LIMIT, abuseWindowMs: 10_000 },
    answerRate: { perSecond: e.ANSWERS_PER_STUDENT_PER_SECOND, burst: e.ANSWER_BURST_PER_STUDENT },
    addressLimits: { createsPerMinute: e.CREATES_PER_IP_PER_MINUTE, handshakesPerMinute: e.HANDSHAKES_PER_IP_PER_MINUTE, joinsPerMinute: e.JOINS_PER_IP_PER_MINUTE, failedLookupsPerMinute: e.FAILED_LOOKUPS_PER_IP_PER_MINUTE, wrongSecretsPerMinute: e.WRONG_SECRETS_PER_CLIENT_PER_MINUTE, ipv6Prefix: e.IPV6_LIMIT_PREFIX },
    metricsToken: e.METRICS_TOKEN,
  };
}

/** Defaults for tests and embedding: an ephemeral port, a throwaway database, quiet logs. */
export function testConfig(overrides: Partial<ServerConfig> = {}): ServerConfig {
  // Every test client comes from 127.0.0.1; tests of the limits themselves override these.
  return { ...configFromEnv({ PORT: '0', HOST: '127.0.0.1', DB_PATH: ':memory:', LOG_LEVEL: 'silent', CREATES_PER_IP_PER_MINUTE: '1000', FAILED_LOOKUPS_PER_IP_PER_MINUTE: '100000' }), ...overrides };
}
