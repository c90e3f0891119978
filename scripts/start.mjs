// `npm start`: builds what is missing (server or client), then runs the server.
// Plain JavaScript so it runs before anything is compiled.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const run = (script) => {
  const r = spawnSync('npm', ['run', '-s', script], { stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

if (!existsSync('dist/server/main.js')) run('build:server');
if (!existsSync('dist/client/index.html')) run('build:client');
await import('../dist/server/main.js');
