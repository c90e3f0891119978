/**
 * The test setup's decisions (test/support/provision.ts): which Chromium, which Redis, how to
 * install, and the ways each can fail. The probes run for real: a port where nothing listens, the
 * run's own Redis, a redis-server that cannot start.
 */
import { describe, expect, it } from 'vitest';
import { freePort } from '../support/process.js';
import { REDIS_URL } from '../support/redis.js';
import { installCommand, planChromium, planRedis, pretendMissing, probePort, redisAnswers, redisHostPort, startThrowawayRedis, type RedisProbe } from '../support/provision.js';

const only = (...paths: string[]) => (path: string) => paths.includes(path);

describe('planChromium', () => {
  it('takes CHROMIUM_PATH first when it is executable', () => {
    expect(planChromium('/opt/chrome/chrome', ['/usr/local/bin/chromium'], only('/opt/chrome/chrome', '/usr/bin/chromium'))).toEqual({ kind: 'use', path: '/opt/chrome/chrome' });
  });
  it('falls back to /usr/bin/chromium, then PATH, saying that CHROMIUM_PATH is not usable', () => {
    expect(planChromium('/nowhere/chromium', ['/snap/bin/chromium'], only('/usr/bin/chromium', '/snap/bin/chromium'))).toEqual({
      kind: 'use',
      path: '/usr/bin/chromium',
      note: 'CHROMIUM_PATH=/nowhere/chromium is not an executable file',
    });
    expect(planChromium(undefined, ['/snap/bin/chromium'], only('/snap/bin/chromium'))).toEqual({ kind: 'use', path: '/snap/bin/chromium' });
  });
  it('installs when there is none anywhere', () => {
    expect(planChromium(undefined, [], only())).toEqual({ kind: 'install' });
    expect(planChromium('/nowhere', [], only())).toEqual({ kind: 'install', note: 'CHROMIUM_PATH=/nowhere is not an executable file' });
  });
});

describe('planRedis', () => {
  const base: RedisProbe = { redisUrl: undefined, urlAnswers: false, port: 6379, portAnswers: false, redisServer: undefined };
  it('uses a configured REDIS_URL that answers, and fails (never replaces it) when it does not', () => {
    expect(planRedis({ ...base, redisUrl: 'redis://db:6380', urlAnswers: true, redisServer: '/usr/bin/redis-server' })).toEqual({ kind: 'use', url: 'redis://db:6380' });
    const plan = planRedis({ ...base, redisUrl: 'redis://db:6380', portAnswers: true, redisServer: '/usr/bin/redis-server' });
    expect(plan.kind).toBe('fail');
    expect(plan.kind === 'fail' && plan.message).toMatch(/REDIS_URL=redis:\/\/db:6380 does not answer PING/);
  });
  it('uses the Redis answering on the probed port', () => {
    expect(planRedis({ ...base, port: 7000, portAnswers: true, redisServer: '/usr/bin/redis-server' })).toEqual({ kind: 'use', url: 'redis://127.0.0.1:7000' });
  });
  it('starts a throwaway redis-server when nothing answers, and installs one when there is none', () => {
    expect(planRedis({ ...base, redisServer: '/usr/bin/redis-server' })).toEqual({ kind: 'start', binary: '/usr/bin/redis-server' });
    expect(planRedis(base)).toEqual({ kind: 'install' });
  });
});

describe('installCommand', () => {
  it('runs apt-get as root, through sudo otherwise', () => {
    expect(installCommand(['chromium'], { uid: 0, hasAptGet: true, hasSudo: false })).toEqual({
      commands: [
        ['apt-get', 'update', '-qq'],
        ['env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', 'install', '-y', '-qq', '--no-install-recommends', 'chromium'],
      ],
    });
    const viaSudo = installCommand(['redis-server'], { uid: 1000, hasAptGet: true, hasSudo: true });
    expect('commands' in viaSudo && viaSudo.commands.every((argv) => argv[0] === 'sudo')).toBe(true);
  });
  it('says why it cannot: no apt-get, or neither root nor sudo', () => {
    expect(installCommand(['chromium'], { uid: 0, hasAptGet: false, hasSudo: true })).toEqual({ error: expect.stringMatching(/no apt-get/) });
    expect(installCommand(['chromium'], { uid: 1000, hasAptGet: true, hasSudo: false })).toEqual({ error: expect.stringMatching(/needs root, and there is no sudo/) });
  });
});

describe('settings', () => {
  it('BPL_TEST_REDIS_PORT: 6379 by default, a clear error for anything but a port', () => {
    expect(probePort(undefined)).toBe(6379);
    expect(probePort('')).toBe(6379);
    expect(probePort('6390')).toBe(6390);
    for (const bad of ['0', '65536', 'x', '63.5']) expect(() => probePort(bad)).toThrow(/BPL_TEST_REDIS_PORT must be a port number/);
  });
  it('BPL_TEST_PRETEND_MISSING lists names', () => {
    expect([...pretendMissing(' chromium, redis ,')]).toEqual(['chromium', 'redis']);
    expect(pretendMissing(undefined).size).toBe(0);
  });
  it('REDIS_URL must be a redis:// URL', () => {
    expect(redisHostPort('redis://10.0.0.5')).toEqual({ host: '10.0.0.5', port: 6379 });
    expect(redisHostPort('redis://user:pw@[::1]:6390/2')).toEqual({ host: '::1', port: 6390 });
    expect(() => redisHostPort('http://127.0.0.1:6379')).toThrow(/not a redis:\/\/ URL/);
    expect(() => redisHostPort('nonsense')).toThrow(/not a URL/);
  });
});

describe('probes', () => {
  it('the setup handed Chromium and Redis to this worker', () => {
    expect(process.env.CHROMIUM_PATH).toMatch(/chrom/i);
    expect(process.env.REDIS_URL).toMatch(/^rediss?:\/\//);
  });
  it('the run has a Redis that answers, and a port where nothing listens does not', async () => {
    const { host, port } = redisHostPort(REDIS_URL);
    expect(await redisAnswers(host, port)).toBe(true);
    expect(await redisAnswers('127.0.0.1', await freePort())).toBe(false);
  });
  it('a redis-server that cannot start is an error with the reason, not a hang', async () => {
    await expect(startThrowawayRedis('/nonexistent/redis-server')).rejects.toThrow(/\/nonexistent\/redis-server on port \d+ stopped \(spawn .*ENOENT\)/);
    await expect(startThrowawayRedis('/bin/false')).rejects.toThrow(/\/bin\/false on port \d+ stopped \(exit 1\)/);
  });
});
