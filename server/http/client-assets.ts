/** Serves the built client (vite's dist/client) with the app's routes falling back to index.html. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Router } from 'express';

const APP_ROUTES = ['/', '/join/:code', '/host/:code', '/present/:code'];

export function clientAssets(clientDir: string): Router {
  const router = express.Router();
  const index = join(clientDir, 'index.html');
  if (!existsSync(index)) {
    router.get(APP_ROUTES, (_req, res) => {
      res.status(503).type('text/plain').send('The client is not built. Run `npm run build` (or `npm start`, which builds what is missing).');
    });
    return router;
  }
  // Hashed assets can be cached for ever; index.html must always be fresh.
  router.use('/assets', express.static(join(clientDir, 'assets'), { immutable: true, maxAge: '1y', fallthrough: false }));
  router.use(express.static(clientDir, { index: false, maxAge: '1h' }));
  router.get(APP_ROUTES, (_req, res) => {
    res.set('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  return router;
}
