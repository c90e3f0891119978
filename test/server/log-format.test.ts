// Issue 17, case 6: the console printed one long JSON line per request with all its headers. On a
// terminal the log is readable now; piped anywhere else it stays JSON.
import { describe, expect, it } from 'vitest';
import { defaultLogFormat } from '../../server/logger.js';
import { spawnServer, freePort } from '../support/process.js';

describe('the console log', () => {
  it('is JSON unless standard output is a terminal, and LOG_FORMAT decides when set', () => {
    expect(defaultLogFormat({}, false)).toBe('json');
    expect(defaultLogFormat({}, true)).toBe('pretty');
    expect(defaultLogFormat({ LOG_FORMAT: 'json' }, true)).toBe('json');
    expect(defaultLogFormat({ LOG_FORMAT: 'pretty' }, false)).toBe('pretty');
  });

  it('prints one short line per request, without headers, when pretty', { timeout: 60_000 }, async () => {
    const port = await freePort();
    const server = await spawnServer({ PORT: String(port), DB_PATH: ':memory:', LOG_FORMAT: 'pretty', LOG_LEVEL: 'info' });
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/sessions/ABCDEF`, { headers: { 'user-agent': 'a-very-recognisable-agent' } });
      expect(res.status).toBe(404);
      await new Promise((r) => setTimeout(r, 300));
      const lines = server.output().split('\n').filter((l) => l.includes('/api/sessions/ABCDEF'));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/GET \/api\/sessions\/ABCDEF 404/);
      expect(lines[0]).not.toContain('a-very-recognisable-agent');
      expect(lines[0]!.trim().startsWith('{')).toBe(false);
    } finally {
      server.kill('SIGTERM');
      await server.exited;
    }
  });
});
