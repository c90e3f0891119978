import { defineConfig } from 'vite';

// The client lives in client/ and builds to dist/client, which the express server serves.
// In development (`npm run dev`) vite serves the client and proxies the API and sockets to the server.
const backend = `http://127.0.0.1:${process.env.BACKEND_PORT ?? 3000}`;

export default defineConfig({
  root: 'client',
  publicDir: 'public',
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
  },
  server: {
    port: 5173,
    proxy: {
      '/api': backend,
      '/healthz': backend,
      '/socket.io': { target: backend, ws: true },
    },
  },
});
