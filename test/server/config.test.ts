// Settings from the environment: defaults, parsing, empty variables, clear refusals.
import { describe, expect, it } from 'vitest';
import { configFromEnv } from '../../server/config.js';

describe('configFromEnv', () => {
  it('starts from embedded defaults: port 3000 on every interface, a SQLite file, no Redis', () => {
    const c = configFromEnv({});
    expect(c).toMatchObject({ port: 3000, host: '0.0.0.0', redisUrl: undefined, createSessionKey: undefined, trustProxy: 'loopback' });
    expect(c.dbPath).toMatch(/backprop-live\.db$/);
  });

  it('treats an empty variable as unset (compose passes `${VAR:-}` along as "")', () => {
    const c = configFromEnv({ CREATE_SESSION_KEY: '', PUBLIC_URL: '', REDIS_URL: '  ', PORT: '' });
    expect(c.createSessionKey).toBeUndefined();
    expect(c.publicUrl).toBeUndefined();
    expect(c.redisUrl).toBeUndefined();
    expect(c.port).toBe(3000);
  });

  it('reads hop counts, flags and lists', () => {
    expect(configFromEnv({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(configFromEnv({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(configFromEnv({ CORS_ORIGINS: 'https://a.edu, https://b.edu' }).corsOrigins).toEqual(['https://a.edu', 'https://b.edu']);
    expect(configFromEnv({ SESSION_TTL_DAYS: '2' }).sessionTtlMs).toBe(2 * 24 * 3600 * 1000);
  });

  it('limits new students per address below the handshakes and the student cap, and caps projectors per session', () => {
    const c = configFromEnv({});
    expect(c.addressLimits).toEqual({ createsPerMinute: 30, handshakesPerMinute: 6000, joinsPerMinute: 600, failedLookupsPerMinute: 30, wrongSecretsPerMinute: 10, ipv6Prefix: 64 });
    expect(c.addressLimits.joinsPerMinute).toBeLessThan(c.maxStudentsPerSession);
    expect(c.maxProjectorsPerSession).toBe(20);
    const set = configFromEnv({ JOINS_PER_IP_PER_MINUTE: '1200', MAX_PROJECTORS_PER_SESSION: '3' });
    expect([set.addressLimits.joinsPerMinute, set.maxProjectorsPerSession]).toEqual([1200, 3]);
    expect(() => configFromEnv({ JOINS_PER_IP_PER_MINUTE: '0' })).toThrow(/JOINS_PER_IP_PER_MINUTE/);
    expect(() => configFromEnv({ MAX_PROJECTORS_PER_SESSION: 'many' })).toThrow(/MAX_PROJECTORS_PER_SESSION/);
  });

  it('caps the tabs of one student and groups IPv6 clients by prefix for the address limits', () => {
    const c = configFromEnv({});
    expect(c.maxTabsPerStudent).toBe(5);
    expect(c.addressLimits.ipv6Prefix).toBe(64);
    const set = configFromEnv({ MAX_TABS_PER_STUDENT: '2', IPV6_LIMIT_PREFIX: '56' });
    expect([set.maxTabsPerStudent, set.addressLimits.ipv6Prefix]).toEqual([2, 56]);
    expect(() => configFromEnv({ MAX_TABS_PER_STUDENT: '0' })).toThrow(/MAX_TABS_PER_STUDENT/);
    expect(() => configFromEnv({ IPV6_LIMIT_PREFIX: '129' })).toThrow(/IPV6_LIMIT_PREFIX/);
  });

  it('refuses a bad value, naming the variable', () => {
    expect(() => configFromEnv({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => configFromEnv({ CREATE_SESSION_KEY: 'short' })).toThrow(/CREATE_SESSION_KEY/);
    expect(() => configFromEnv({ PUBLIC_URL: 'not a url' })).toThrow(/PUBLIC_URL/);
  });
});
