/** The built server as its own process (dist/server/main.js), for restart, shutdown and multi-node tests. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync } from 'node:fs';

export interface ServerProcess {
  readonly url: string;
  readonly port: number;
  readonly proc: ChildProcess;
  readonly output: () => string;
  /** Resolves with the exit code (or the signal's name) when the process ends. */
  readonly exited: Promise<number | string>;
  kill(signal: NodeJS.Signals): void;
}

/** Children still running when this process exits (a failed test, a crashed benchmark) are killed with it. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

/** Starts `node <args>` (by default the built server) and waits for its "listening" log line. */
export async function spawnServer(env: Record<string, string>, port?: number, args: readonly string[] = ['dist/server/main.js']): Promise<ServerProcess> {
  if (args[0] === 'dist/server/main.js' && !existsSync('dist/server/main.js')) throw new Error('dist/server/main.js is missing: run `npm run build` first (npm test does)');
  const p = port ?? (await freePort());
  const proc = spawn(process.execPath, [...args], {
    env: { ...process.env, PORT: String(p), HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  running.add(proc);
  const exited = new Promise<number | string>((resolve) =>
    proc.once('exit', (code, signal) => {
      running.delete(proc);
      resolve(code ?? signal ?? 'unknown');
    }),
  );
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in time:\n${out}`)), 20_000);
    const check = () => {
      // JSON logs, or the readable ones (LOG_FORMAT=pretty).
      if (out.includes('"msg":"listening"') || / INFO.*: listening/.test(out)) {
        clearTimeout(timer);
        proc.stdout!.off('data', check);
        resolve();
      }
    };
    proc.stdout!.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}) before listening:\n${out}`));
    });
  });
  return { url: `http://127.0.0.1:${p}`, port: p, proc, output: () => out, exited, kill: (signal) => proc.kill(signal) };
}
