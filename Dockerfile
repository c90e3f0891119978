# syntax=docker/dockerfile:1
# Backprop Live: build the server and client, then run them in a small image as a non-root user.

FROM node:24-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 ships prebuilt Node-API binaries; the toolchain is for a platform it has none for.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json vite.config.ts ./
COPY shared shared
COPY server server
COPY client client
RUN npm run build && npm prune --omit=dev

FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    HOST=0.0.0.0 \
    DB_PATH=/data/backprop-live.db
WORKDIR /app
COPY --from=build --chown=root:root /app/package.json ./
COPY --from=build --chown=root:root /app/node_modules node_modules
COPY --from=build --chown=root:root /app/dist dist
RUN mkdir -p /data && chown node:node /data
USER node
# The SQLite file (single node). With REDIS_URL set, state lives in Redis instead.
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s --start-period=15s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM from `docker stop` triggers the graceful shutdown (docs/operations.md).
CMD ["node", "dist/server/main.js"]
