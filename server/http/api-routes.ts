/** The HTTP API: create a session, look one up, download its results. */
import express, { type Request, type Response, type Router } from 'express';
import type { CreatedSession, SessionSummary } from '../../shared/protocol/events.js';
import { normalizeJoinCode } from '../../shared/protocol/join-code.js';
import { createSessionSchema } from '../../shared/protocol/schemas.js';
import { sessionRequestFrom } from '../../shared/session/create.js';
import { RESULT_COLUMNS, resultRows } from '../../shared/session/export.js';
import type { AddressLimits } from '../security/rate-limits.js';
import { hashSecret, secretMatches } from '../security/tokens.js';
import type { SessionHost } from '../sessions/session-host.js';
import type { SessionRegistry } from '../sessions/session-registry.js';
import { validatePayload } from '../realtime/validate.js';
import { toCsv } from './csv.js';

export interface ApiOptions {
  readonly registry: SessionRegistry;
  readonly publicUrl: string | undefined;
  readonly createSessionKey: string | undefined;
  readonly limits: AddressLimits;
}

function tooMany(res: Response, seconds: number, what: string): void {
  res.set('Retry-After', String(seconds));
  sendError(res, 429, 'rate-limited', `too many ${what} from your network; try again in ${seconds} s`);
}

export function sendError(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ error: { code, message } });
}

/**
 * The client a request comes from within its address: the browser tab's id the page sends in
 * `X-Client-Id` (the same id as the socket handshake's `tab`), or undefined (scripts): limits count
 * per address and client, so one tab's guesses do not spend what the rest of a hall needs.
 */
export const CLIENT_ID_HEADER = 'x-client-id';
function clientOf(req: Request): string | undefined {
  const id = req.get(CLIENT_ID_HEADER);
  return id !== undefined && /^[A-Za-z0-9_-]{8,64}$/.test(id) ? id : undefined;
}

export function baseUrl(req: Request, publicUrl: string | undefined): string {
  return publicUrl ?? `${req.protocol}://${req.get('host')}`;
}

export function apiRoutes(options: ApiOptions): Router {
  const router = express.Router();
  const { registry, limits } = options;
  // Hashed once; each request's key is compared as a hash in constant time.
  const createKeyHash = options.createSessionKey ? hashSecret(options.createSessionKey) : undefined;

  /**
   * A lookup by code: refused while the address is out of failed attempts. A failed attempt is
   * taken before looking (so concurrent requests cannot all pass) and given back when the code exists.
   */
  async function lookup(req: Request, res: Response): Promise<SessionHost | null> {
    const address = req.ip ?? 'unknown';
    const code = normalizeJoinCode(String(req.params.code ?? ''));
    const { wait, found: host } = await limits.lookUp(address, clientOf(req), code, (c) => registry.get(c));
    if (wait > 0) {
      tooMany(res, wait, 'failed attempts');
      return null;
    }
    if (!host) {
      sendError(res, 404, 'unknown-session', `no session has the code ${String(req.params.code)}`);
      return null;
    }
    return host;
  }

  router.post('/sessions', async (req, res) => {
    // A form or text/plain body would otherwise read as no body and create a default session.
    const hasBody = Number(req.get('content-length') ?? 0) > 0 || req.get('transfer-encoding') !== undefined;
    if (req.get('content-type') !== undefined ? !req.is('application/json') : hasBody) {
      return sendError(res, 415, 'invalid-payload', 'send the settings as JSON (Content-Type: application/json), or no body for the defaults');
    }
    const wait = await limits.takeCreate(req.ip ?? 'unknown');
    if (wait > 0) return tooMany(res, wait, 'new sessions');
    if (createKeyHash && !secretMatches(req.get('x-create-session-key') ?? '', createKeyHash)) {
      return sendError(res, 403, 'forbidden', 'this server requires a session-creation key (header X-Create-Session-Key)');
    }
    const checked = validatePayload(createSessionSchema, req.body ?? {});
    if (!checked.ok) return sendError(res, 400, 'invalid-payload', checked.message);
    try {
      const request = sessionRequestFrom(checked.value);
      const { host, instructorToken, projectorKey } = await registry.create(request);
      const base = baseUrl(req, options.publicUrl);
      const code = host.code;
      limits.rememberCode(req.ip ?? 'unknown', code);
      const body: CreatedSession = {
        code,
        instructorToken,
        joinUrl: `${base}/join/${code}`,
        // The token travels in the fragment: browsers never send it to a server or put it in logs.
        hostUrl: `${base}/host/${code}#token=${instructorToken}`,
        // The projector's key in the fragment too: with the join code alone nobody opens a projector.
        presentUrl: `${base}/present/${code}#key=${projectorKey}`,
        projectorKey,
      };
      // The milestone, with the code and never the token.
      req.log?.info({ session: code, preset: request.preset }, 'session created');
      res.status(201).location(`/api/sessions/${code}`).json(body);
    } catch (error) {
      if (error instanceof RangeError) return sendError(res, 400, 'invalid-settings', error.message);
      throw error;
    }
  });

  router.get('/sessions/:code', async (req, res) => {
    const host = await lookup(req, res);
    if (host) res.json(summary(host, baseUrl(req, options.publicUrl)));
  });

  router.get('/sessions/:code/results.:format', async (req, res) => {
    const format = req.params.format;
    if (format !== 'csv' && format !== 'json') return sendError(res, 404, 'not-found', 'results are available as results.csv or results.json');
    const host = await lookup(req, res);
    if (!host) return;
    const address = req.ip ?? 'unknown';
    const client = clientOf(req);
    // The token (256 random bits) is compared first: the right one always works; wrong ones are
    // counted, and past the client's or the address's budget answered 429.
    const token = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
    if (!token || !secretMatches(token, host.state.instructorTokenHash)) {
      const secretWait = await limits.wrongSecret(address, client, host.code);
      if (secretWait > 0) return tooMany(res, secretWait, 'wrong tokens for this session');
      res.set('WWW-Authenticate', 'Bearer');
      return sendError(res, 401, 'forbidden', 'results need the instructor token: Authorization: Bearer <token>');
    }
    // Behind a load balancer this node may not have heard of a reveal another node just stored.
    await host.readStore();
    const state = host.state;
    const rows = resultRows(state);
    const filename = `backprop-live-${state.code}-results.${format}`;
    res.set('Content-Disposition', `attachment; filename="${filename}"`);
    res.set('Cache-Control', 'no-store');
    if (format === 'csv') return res.type('text/csv; charset=utf-8').send(`\uFEFF${toCsv(RESULT_COLUMNS, rows)}`);
    res.json({
      session: { code: state.code, title: state.setup.title, preset: state.setup.preset, phase: state.phase, iteration: state.iteration, exportedAt: new Date().toISOString() },
      students: [...state.students.values()].map((s) => ({ id: s.id, name: s.name, removed: s.removed, score: s.score, joinedAt: new Date(s.joinedAt).toISOString() })),
      rows,
    });
  });

  return router;
}

function summary(host: SessionHost, base: string): SessionSummary {
  const s = host.state;
  return {
    code: s.code,
    title: s.setup.title,
    preset: s.setup.preset,
    phase: s.phase,
    locked: s.locked,
    joinable: !s.locked && s.phase !== 'finished',
    students: s.activeStudents,
    joinUrl: `${base}/join/${s.code}`,
  };
}
