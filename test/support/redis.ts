/**
 * The real Redis for a test file: connected before its tests (failing loudly, never skipping, when
 * Redis is not there), and every key under the file's own prefix deleted after them.
 */
import { createClient, type RedisClientType } from 'redis';
import { afterAll, beforeAll } from 'vitest';

/** Set by test/support/global-setup.ts: the configured REDIS_URL, the Redis on 6379, or a throwaway one. */
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Call at the top of a test file; `name` makes the file's key prefix. `cleanup` runs before the keys go. */
export function useRedis(name: string, cleanup: () => Promise<void> = async () => undefined): { readonly client: RedisClientType; readonly prefix: string } {
  const prefix = `bpl-${name}-test-${process.pid}-${Date.now()}`;
  const client: RedisClientType = createClient({ url: REDIS_URL });
  beforeAll(async () => {
    try {
      await client.connect();
      await client.ping();
    } catch (error) {
      throw new Error(`these tests need Redis at ${REDIS_URL} (${(error as Error).message}); the test setup (test/support/global-setup.ts) should have provided it`);
    }
  });
  afterAll(async () => {
    await cleanup();
    for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) if (keys.length) await client.del(keys);
    await client.quit();
  });
  return { client, prefix };
}
