/** Entry point: `node dist/server/main.js` (what `npm start` runs). */
import { networkInterfaces } from 'node:os';
import { startServer } from './app.js';
import { configFromEnv } from './config.js';

const SHUTDOWN_LIMIT_MS = 8000;

const config = configFromEnv();
const server = await startServer(config);

// Tell the lecturer which address phones in the room can use.
if (!config.publicUrl && (config.host === '0.0.0.0' || config.host === '::')) {
  const lan = Object.values(networkInterfaces())
    .flat()
    .filter((a) => a && a.family === 'IPv4' && !a.internal)
    .map((a) => `http://${a!.address}:${server.port}`);
  server.logger.info({ local: server.url, network: lan }, `open ${server.url} to start a class${lan.length ? `; students on this network can use ${lan[0]}` : ''}`);
}

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    server.logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      server.logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, SHUTDOWN_LIMIT_MS);
    force.unref();
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        server.logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}
