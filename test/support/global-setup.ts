/**
 * vitest globalSetup: provides Chromium and Redis for the whole run before any test file starts
 * (test/support/provision.ts says how), and hands them to the test workers through the
 * environment they inherit: CHROMIUM_PATH (test/support/browser.ts) and REDIS_URL
 * (test/support/redis.ts). Throws, failing the run, when either cannot be provided.
 */
import {
  CHROMIUM_NAMES,
  isExecutable,
  planChromium,
  planRedis,
  pretendMissing,
  probePort,
  redisAnswers,
  redisHostPort,
  runInstall,
  startThrowawayRedis,
  whichAll,
  type ThrowawayRedis,
} from './provision.js';

let throwaway: ThrowawayRedis | undefined;

function log(message: string): void {
  console.log(`[test setup] ${message}`);
}

function provideChromium(missing: ReadonlySet<string>): string {
  const executable = (path: string) => !missing.has('chromium') && isExecutable(path);
  let plan = planChromium(process.env.CHROMIUM_PATH || undefined, whichAll(CHROMIUM_NAMES), executable);
  if (plan.note) log(`${plan.note}; looking elsewhere`);
  if (plan.kind === 'install') {
    log('no Chromium found (CHROMIUM_PATH, /usr/bin/chromium, chromium on PATH): installing it with apt-get');
    try {
      runInstall(['chromium']);
    } catch (error) {
      throw new Error(`the browser tests need Chromium and it could not be installed: ${(error as Error).message}. Install Chromium, or set CHROMIUM_PATH to one.`);
    }
    plan = planChromium(undefined, whichAll(CHROMIUM_NAMES), isExecutable);
    if (plan.kind === 'install') throw new Error('apt-get installed chromium, yet there is no Chromium at /usr/bin/chromium nor on PATH; set CHROMIUM_PATH to one.');
  }
  return plan.path;
}

async function provideRedis(missing: ReadonlySet<string>): Promise<string> {
  const redisUrl = process.env.REDIS_URL || undefined;
  const port = probePort(process.env.BPL_TEST_REDIS_PORT);
  const at = redisUrl ? redisHostPort(redisUrl) : undefined;
  const findServer = () => (missing.has('redis') ? undefined : whichAll(['redis-server'])[0]);
  let plan = planRedis({
    redisUrl,
    urlAnswers: at ? await redisAnswers(at.host, at.port) : false,
    port,
    portAnswers: at || missing.has('redis') ? false : await redisAnswers('127.0.0.1', port),
    redisServer: findServer(),
  });
  if (plan.kind === 'install') {
    log(`nothing answers on 127.0.0.1:${port} and there is no redis-server: installing it with apt-get`);
    try {
      runInstall(['redis-server']);
    } catch (error) {
      throw new Error(`the multi-node tests need Redis: nothing answers on 127.0.0.1:${port}, no REDIS_URL is set, and redis-server could not be installed: ${(error as Error).message}`);
    }
    const installed = whichAll(['redis-server'])[0];
    if (!installed) throw new Error('apt-get installed redis-server, yet there is no redis-server on PATH; set REDIS_URL to a running Redis.');
    plan = { kind: 'start', binary: installed };
  }
  if (plan.kind === 'fail') throw new Error(`the multi-node tests need Redis: ${plan.message}`);
  if (plan.kind === 'use') {
    log(`Redis at ${plan.url}`);
    return plan.url;
  }
  throwaway = await startThrowawayRedis(plan.binary);
  log(`nothing answers on 127.0.0.1:${port}: started a throwaway ${plan.binary} at ${throwaway.url} (no persistence; stopped after the run)`);
  return throwaway.url;
}

export default async function setup(): Promise<() => Promise<void>> {
  const missing = pretendMissing(process.env.BPL_TEST_PRETEND_MISSING);
  process.env.CHROMIUM_PATH = provideChromium(missing);
  log(`Chromium at ${process.env.CHROMIUM_PATH}`);
  process.env.REDIS_URL = await provideRedis(missing);
  return async () => {
    await throwaway?.stop();
    throwaway = undefined;
  };
}
