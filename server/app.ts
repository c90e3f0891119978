/**
 * Builds and starts a Backprop Live node: HTTP API, built client, socket.io, the session
 * registry and its store, limits, logs and metrics. Used by main.ts and by the tests
 * (ephemeral port, throwaway database).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server as HttpServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import proxyAddr from 'proxy-addr';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { createClient, type RedisClientType } from 'redis';
import { Server, type ServerOptions } from 'socket.io';
import { LocalCoordination, RedisCoordination, type Coordination } from './cluster/coordination.js';
import type { ServerConfig } from './config.js';
import { apiRoutes, sendError } from './http/api-routes.js';
import { clientAssets } from './http/client-assets.js';
import { corsFor, securityHeaders } from './http/security-headers.js';
import { originCheck } from './http/origin.js';
import { createLogger } from './logger.js';
import { createMetrics, type Metrics } from './observability/metrics.js';
import { jsonOnlyParser } from './realtime/json-parser.js';
import { attachRealtime, HEARTBEAT } from './realtime/socket-server.js';
import { socketIoBroadcaster, type IoServer } from './realtime/types.js';
import { AddressLimits, ConnectionCounter, addressKey } from './security/rate-limits.js';
import { hashSecret, secretMatches } from './security/tokens.js';
import { SessionRegistry } from './sessions/session-registry.js';
import type { SessionStore } from './store/session-store.js';
import { RedisSessionStore } from './store/redis-store.js';
import { SqliteSessionStore } from './store/sqlite-store.js';

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  readonly io: IoServer;
  readonly http: HttpServer;
  readonly registry: SessionRegistry;
  readonly store: SessionStore;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** Stops accepting, finishes writes, tells clients to reconnect, closes everything. */
  close(): Promise<void>;
}

const SWEEP_INTERVAL_MS = 5 * 60 * 1000;

/** Query parameters that may carry a secret, whoever sends them. */
const SECRET_PARAMS = ['token', 'resumeToken', 'instructorToken', 'key', 'projectorKey'];
const SECRET_PARAM = new RegExp(`([?&](?:${SECRET_PARAMS.join('|')})=)[^&#]*`, 'gi');
const isSecretParam = (name: string): boolean => SECRET_PARAMS.some((p) => p.toLowerCase() === name.toLowerCase());

/**
 * pino-http's serialized request with secret query values replaced by "[redacted]", in the URL and
 * in `query` (a substring of the URL, which the logger's redaction paths cannot reach; the secret
 * headers are redacted by those paths, server/logger.ts).
 */
function redactRequest(req: { url?: string; query?: Record<string, unknown> }): object {
  const url = req.url?.replace(SECRET_PARAM, '$1[redacted]');
  const query = req.query && Object.fromEntries(Object.entries(req.query).map(([k, v]) => [k, isSecretParam(k) ? '[redacted]' : v]));
  return { ...req, ...(url !== undefined && { url }), ...(query && { query }) };
}

/** With REDIS_URL: one client for the store, the adapter (which duplicates it) and the coordination. */
async function connectRedis(url: string, logger: Logger): Promise<RedisClientType> {
  const client: RedisClientType = createClient({ url });
  client.on('error', (err: unknown) => logger.error({ err }, 'redis error'));
  await client.connect();
  return client;
}

export async function startServer(config: ServerConfig, options: { logger?: Logger; store?: SessionStore } = {}): Promise<RunningServer> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const redis = config.redisUrl ? await connectRedis(config.redisUrl, logger) : undefined;
  const prefix = config.redisPrefix;
  const store = options.store ?? (redis ? new RedisSessionStore({ client: redis, prefix, ttlMs: config.sessionTtlMs }) : new SqliteSessionStore({ path: config.dbPath }));
  let accepting = true;

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  const trust = app.get('trust proxy fn') as (addr: string, i: number) => boolean;
  const http = createServer(app);
  // Every TCP connection, so shutdown can end the ones that outlive socket.io's own close
  // (a reconnect or upgrade request that arrives while closing).
  const connections = new Set<Socket>();
  http.on('connection', (socket: Socket) => {
    connections.add(socket);
    socket.once('close', () => connections.delete(socket));
  });
  const sameSite = originCheck({ publicUrl: config.publicUrl, corsOrigins: config.corsOrigins });
  const openConnections = new ConnectionCounter(config.connectionsPerAddress, (req) => addressKey(proxyAddr(req, trust), config.addressLimits.ipv6Prefix));
  const ioOptions: Partial<ServerOptions> = {
    maxHttpBufferSize: config.maxMessageBytes,
    // A page of another site gets no socket (no joining or squatting from students' browsers), and
    // one address holds at most CONNECTIONS_PER_IP connections that have not joined a session.
    allowRequest: (req, callback) => callback(null, sameSite(req) && openConnections.allows(req)),
    // A connection that never joins a session (no socket.io handshake) is closed after 10 s.
    connectTimeout: 10_000,
    ...HEARTBEAT,
    serveClient: false,
    parser: jsonOnlyParser,
    ...(config.corsOrigins.length > 0 && { cors: { origin: [...config.corsOrigins] } }),
  };
  if (redis) {
    // Broadcasts and server-side events travel between nodes through a Redis stream; a socket
    // that reconnects to another node within two minutes gets what it missed.
    ioOptions.adapter = createAdapter(redis, { streamName: `${prefix}:socket.io`, channelPrefix: `${prefix}:sio`, sessionKeyPrefix: `${prefix}:sio:session:`, onlyPlaintext: true });
    ioOptions.connectionStateRecovery = { maxDisconnectionDuration: 2 * 60 * 1000, skipMiddlewares: true };
  }
  const io: IoServer = new Server(http, ioOptions);
  io.engine.on('connection', (conn: { request: IncomingMessage; once(event: 'close', listener: () => void): void }) => openConnections.opened(conn));
  io.on('connection', (socket) => {
    openConnections.joined(socket.conn);
    // A client that leaves the session keeps no idle connection open (our clients never leave and stay).
    socket.on('disconnect', (reason) => {
      if (reason === 'client namespace disconnect') socket.conn.close();
    });
  });

  const socketsByRole = () => {
    const counts: Record<string, number> = { instructor: 0, student: 0, projector: 0 };
    for (const socket of io.of('/').sockets.values()) counts[socket.data.role] = (counts[socket.data.role] ?? 0) + 1;
    return counts;
  };
  let registry: SessionRegistry;
  const coordination: Coordination = redis
    ? new RedisCoordination({
        io,
        client: redis,
        prefix,
        onAppended: (code, version) => registry.onAppended(code, version),
        onPresence: (code) => registry.onPresence(code),
        localPresence: () => registry.localPresence(),
      })
    : new LocalCoordination();
  const metrics = createMetrics({
    sockets: socketsByRole,
    sessions: () => {
      let live = 0;
      for (const h of registry.all()) if (h.state.phase !== 'finished') live++;
      return { loaded: registry.size, live };
    },
  });
  registry = new SessionRegistry({
    store,
    broadcaster: socketIoBroadcaster(io),
    logger,
    sessionTtlMs: config.sessionTtlMs,
    onEvents: (_host, events, committedHere) => {
      // Each node counts what it stored, so the sum over nodes counts every event once.
      if (!committedHere) return;
      for (const e of events) {
        metrics.events.inc({ type: e.type });
        if (e.type === 'answer-submitted') metrics.answers.inc();
      }
    },
    onRevealFanout: (seconds) => metrics.revealFanout.observe(seconds),
    coordination,
  });
  const limits = new AddressLimits(config.addressLimits);

  attachRealtime(io, {
    registry,
    logger,
    maxStudents: config.maxStudentsPerSession,
    maxProjectors: config.maxProjectorsPerSession,
    maxTabsPerStudent: config.maxTabsPerStudent,
    limits,
    socketRate: config.socketRate,
    answerRate: config.answerRate,
    metrics,
    clientAddress: (socket) => proxyAddr(socket.request, trust),
    accepting: () => accepting,
  });

  app.use(
    pinoHttp({
      logger,
      genReqId: (req, res) => {
        const id = randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      // Health checks and static files would drown the log.
      autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' || req.url === '/metrics' || (req.url ?? '').startsWith('/assets/') },
      // Secrets never reach the log: tokens and keys in a query string, and the headers that carry them.
      serializers: { req: redactRequest },
      customProps: (req) => {
        const code = /^\/api\/sessions\/([^/]+)/.exec(req.url ?? '')?.[1];
        return code ? { session: code.toUpperCase() } : {};
      },
    }),
  );
  app.use(securityHeaders());
  const cors = corsFor(config.corsOrigins);
  if (cors) app.use('/api', cors);
  // Writes from a page of another site are refused (a cross-site text/plain POST needs no CORS preflight).
  app.use('/api', (req, res, next) => {
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS' || sameSite(req)) return next();
    sendError(res, 403, 'forbidden', 'requests from a page of another site are not accepted (see CORS_ORIGINS)');
  });

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', (_req, res) => {
    if (!accepting) return sendError(res, 503, 'shutting-down', 'the server is shutting down');
    res.json({ status: 'ready', store: store.kind, sessions: registry.size, sockets: io.engine.clientsCount });
  });
  // Compared as hashes in constant time: the response time says nothing about how much of a guess was right.
  const metricsTokenHash = config.metricsToken ? hashSecret(config.metricsToken) : undefined;
  app.get('/metrics', async (req, res) => {
    if (metricsTokenHash) {
      const header = req.get('authorization') ?? '';
      const given = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
      if (!secretMatches(given, metricsTokenHash)) return sendError(res, 401, 'forbidden', 'metrics need the metrics token');
    }
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  app.use('/api', express.json({ limit: '16kb' }), apiRoutes({ registry, publicUrl: config.publicUrl, createSessionKey: config.createSessionKey, limits }));
  app.use(clientAssets(config.clientDir));
  app.use('/api', (_req, res) => sendError(res, 404, 'not-found', 'no such API route'));
  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const e = error as { type?: string; status?: number; statusCode?: number; message?: string; expose?: boolean };
    if (e.type === 'entity.parse.failed') return sendError(res, 400, 'invalid-payload', 'the request body is not valid JSON');
    if (e.type === 'entity.too.large') return sendError(res, 413, 'invalid-payload', 'the request body is too large');
    const status = e.status ?? e.statusCode;
    if (status === 404) return sendError(res, 404, 'not-found', 'not found');
    // Other client errors (unsupported content encoding or charset, aborted body...): the client's
    // problem, so its status and a clear message, logged below error level.
    if (typeof status === 'number' && Number.isInteger(status) && status >= 400 && status < 500) {
      req.log.debug({ err: error, status }, 'request refused');
      const message = e.expose && e.message ? e.message : 'the request could not be read';
      return sendError(res, status, 'invalid-payload', message);
    }
    req.log.error({ err: error }, 'request failed');
    sendError(res, 500, 'unavailable', 'internal error');
  });

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(config.port, config.host, () => resolve());
  });
  const port = (http.address() as AddressInfo).port;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  const url = `http://${shownHost}:${port}`;

  const resumed = await registry.resumeLive();
  await registry.sweep();
  const sweeper = setInterval(() => void registry.sweep().catch((err: unknown) => logger.error({ err }, 'sweep failed')), SWEEP_INTERVAL_MS);
  sweeper.unref();
  logger.info({ url, store: store.kind, node: coordination.nodeId, resumed }, 'listening');

  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      accepting = false;
      clearInterval(sweeper);
      // Finish every queued command (their answers get stored and acknowledged) before the store closes.
      await registry.close();
      io.local.emit('server:restarting', { message: 'The server is restarting. Reconnecting…', reconnectInMs: 1000 });
      await store.close();
      await coordination.close();
      // Each socket is told and its connection closed once its last acknowledgements are written
      // (engine.io's close waits for the write buffer; closing the server alone would discard
      // what is still buffered). Their clients reconnect by themselves (to this node when it is
      // back, or to another).
      io.local.disconnectSockets(true);
      await new Promise<void>((resolve) => {
        io.close(() => resolve());
        http.closeIdleConnections();
        // Whatever is still open a moment later has had its last acknowledgement written.
        setTimeout(() => {
          for (const socket of connections) socket.destroy();
        }, 500).unref();
      });
      if (redis) await redis.quit().catch(() => undefined);
      logger.info('closed');
    })();
    return closing;
  };

  return { url, port, io, http, registry, store, logger, metrics, close };
}
