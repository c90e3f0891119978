/**
 * What the test suite needs from the machine, found or provided before any test runs (vitest's
 * globalSetup, test/support/global-setup.ts): headless Chromium for the browser tests and a Redis
 * for the multi-node tests. On a fresh Debian or Ubuntu machine with only Node and npm, it installs
 * Chromium with apt-get and starts a throwaway redis-server (installed the same way when missing)
 * on a free port, stopped after the run. Whatever it cannot provide fails the run with a message
 * saying what to do; nothing is skipped.
 *
 * The decisions are pure functions (plan*, installCommand) over what was probed, so each way they
 * can go is unit-tested (test/infra/provision.test.ts); the probes and effects are below them.
 *
 * Environment:
 * - CHROMIUM_PATH: the browser to use; when it is not an executable file the others are tried.
 * - REDIS_URL: the Redis to use; must answer, nothing is started.
 * - BPL_TEST_REDIS_PORT: the port on 127.0.0.1 probed for a running Redis (default 6379).
 * - BPL_TEST_PRETEND_MISSING: comma-separated, test-only: `chromium` and/or `redis` are treated
 *   as absent from the machine (and `redis-server` as not installed), so the install and
 *   throwaway paths run for real on a machine that has both.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { connect } from 'node:net';
import { delimiter, join } from 'node:path';
import { freePort } from './process.js';

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';
/** Executable names tried on PATH, in order (Debian: chromium; Ubuntu's transitional name). */
export const CHROMIUM_NAMES = ['chromium', 'chromium-browser'] as const;
export const DEFAULT_REDIS_PORT = 6379;

// ---------------------------------------------------------------------------------------------
// Decisions (pure)

export type ChromiumPlan =
  | { readonly kind: 'use'; readonly path: string; readonly note?: string }
  | { readonly kind: 'install'; readonly note?: string };

/**
 * Which Chromium to use. `candidates`: CHROMIUM_PATH (if set), then /usr/bin/chromium, then the
 * names found on PATH, in that order; `isExecutable` says which exist. None → install it.
 */
export function planChromium(chromiumPath: string | undefined, onPath: readonly string[], isExecutable: (path: string) => boolean): ChromiumPlan {
  const note = chromiumPath && !isExecutable(chromiumPath) ? `CHROMIUM_PATH=${chromiumPath} is not an executable file` : undefined;
  const candidates = [...(chromiumPath ? [chromiumPath] : []), DEFAULT_CHROMIUM, ...onPath];
  const found = candidates.find((c) => isExecutable(c));
  if (found !== undefined) return note ? { kind: 'use', path: found, note } : { kind: 'use', path: found };
  return note ? { kind: 'install', note } : { kind: 'install' };
}

export interface RedisProbe {
  /** REDIS_URL as configured ('' counts as unset). */
  readonly redisUrl: string | undefined;
  /** Whether the configured REDIS_URL answers PING (only probed when it is set). */
  readonly urlAnswers: boolean;
  /** The port probed on 127.0.0.1 when no REDIS_URL is set. */
  readonly port: number;
  /** Whether something answers PING there (only probed when no REDIS_URL is set). */
  readonly portAnswers: boolean;
  /** redis-server's path, when installed. */
  readonly redisServer: string | undefined;
}

export type RedisPlan =
  | { readonly kind: 'use'; readonly url: string }
  | { readonly kind: 'start'; readonly binary: string }
  | { readonly kind: 'install' }
  | { readonly kind: 'fail'; readonly message: string };

/**
 * How the run gets its Redis: the configured REDIS_URL (which must answer: a configured URL is
 * never replaced by a throwaway one), the one answering on the probed port, a throwaway
 * redis-server, or one installed first.
 */
export function planRedis(p: RedisProbe): RedisPlan {
  if (p.redisUrl) {
    return p.urlAnswers
      ? { kind: 'use', url: p.redisUrl }
      : { kind: 'fail', message: `REDIS_URL=${p.redisUrl} does not answer PING; start that Redis, or unset REDIS_URL to let the tests start a throwaway redis-server` };
  }
  if (p.portAnswers) return { kind: 'use', url: `redis://127.0.0.1:${p.port}` };
  if (p.redisServer) return { kind: 'start', binary: p.redisServer };
  return { kind: 'install' };
}

export interface Installer {
  readonly uid: number;
  readonly hasAptGet: boolean;
  readonly hasSudo: boolean;
}

/**
 * The commands that install Debian/Ubuntu packages `packages` (apt-get, through sudo unless
 * root), or why they cannot run.
 */
export function installCommand(packages: readonly string[], m: Installer): { readonly commands: readonly (readonly string[])[] } | { readonly error: string } {
  const wanted = packages.join(' ');
  if (!m.hasAptGet) return { error: `there is no apt-get on this machine to install ${wanted} with; install ${wanted} yourself` };
  if (m.uid !== 0 && !m.hasSudo) return { error: `installing ${wanted} needs root, and there is no sudo; run as root: apt-get install ${wanted}` };
  const prefix = m.uid === 0 ? [] : ['sudo'];
  return {
    commands: [
      [...prefix, 'apt-get', 'update', '-qq'],
      [...prefix, 'env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', 'install', '-y', '-qq', '--no-install-recommends', ...packages],
    ],
  };
}

/** The names listed in BPL_TEST_PRETEND_MISSING (test-only). */
export function pretendMissing(value: string | undefined): ReadonlySet<string> {
  return new Set((value ?? '').split(',').map((s) => s.trim()).filter(Boolean));
}

/** BPL_TEST_REDIS_PORT, or 6379; anything else than a port number is an error. */
export function probePort(value: string | undefined): number {
  if (value === undefined || value === '') return DEFAULT_REDIS_PORT;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new Error(`BPL_TEST_REDIS_PORT must be a port number (1-65535), got ${JSON.stringify(value)}`);
  return port;
}

// ---------------------------------------------------------------------------------------------
// Probes and effects

export function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return !path.endsWith('/');
  } catch {
    return false;
  }
}

/** Every `name` found on PATH, in PATH order. */
export function whichAll(names: readonly string[], path = process.env.PATH ?? ''): string[] {
  const out: string[] = [];
  for (const name of names) for (const dir of path.split(delimiter)) if (dir && isExecutable(join(dir, name))) out.push(join(dir, name));
  return out;
}

/** Runs `commands` one after the other with the terminal attached (sudo may ask for a password). */
export function runInstall(packages: readonly string[]): void {
  const plan = installCommand(packages, {
    uid: process.getuid?.() ?? -1,
    hasAptGet: whichAll(['apt-get']).length > 0,
    hasSudo: whichAll(['sudo']).length > 0,
  });
  if ('error' in plan) throw new Error(plan.error);
  for (const argv of plan.commands) {
    console.log(`[test setup] ${argv.join(' ')}`);
    const result = spawnSync(argv[0]!, argv.slice(1), { stdio: 'inherit' });
    if (result.status !== 0) throw new Error(`\`${argv.join(' ')}\` failed (${result.error?.message ?? `exit ${result.status ?? result.signal}`}); install ${packages.join(' ')} yourself`);
  }
}

/** Whether a Redis answers PING at host:port within `timeoutMs` (a raw RESP exchange: no client needed). */
export function redisAnswers(host: string, port: number, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    let reply = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (d: Buffer) => {
      reply += d.toString('latin1');
      // Only +PONG: a Redis that wants a password (-NOAUTH) is one the tests cannot use.
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
  });
}

/** host and port of a redis:// URL; a clear error for anything else. */
export function redisHostPort(url: string): { host: string; port: number } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`REDIS_URL=${url} is not a URL (expected redis://host:port)`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') throw new Error(`REDIS_URL=${url} is not a redis:// URL`);
  return { host: parsed.hostname.replace(/^\[|\]$/g, ''), port: parsed.port ? Number(parsed.port) : DEFAULT_REDIS_PORT };
}

export interface ThrowawayRedis {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

/**
 * Starts `binary` on a free port of 127.0.0.1 without persistence (nothing written to disk) and
 * waits until it answers PING. Errors carry its output when it exits or does not answer in 15 s.
 */
export async function startThrowawayRedis(binary: string): Promise<ThrowawayRedis> {
  const port = await freePort();
  const child: ChildProcess = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--loglevel', 'warning'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  let exit: string | undefined;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exit = `exit ${code ?? signal}`;
      resolve();
    }),
  );
  child.once('error', (error) => (exit = error.message));
  const deadline = Date.now() + 15_000;
  while (!(await redisAnswers('127.0.0.1', port, 500))) {
    if (exit !== undefined || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${binary} on port ${port} ${exit ? `stopped (${exit})` : 'did not answer PING within 15 s'}:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async stop() {
      if (exit !== undefined) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
