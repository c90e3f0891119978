/**
 * Which web pages may use this server from a browser. A page on another site could otherwise
 * open sockets in students' browsers (join, squat projector slots) or create sessions. Browsers
 * send `Origin` with WebSocket handshakes and cross-site POSTs; requests without one (scripts,
 * the benchmarks, curl) are not pages of another site and are served.
 */
import type { IncomingMessage } from 'node:http';

export interface OriginOptions {
  /** PUBLIC_URL: the address students open (behind a proxy it differs from the Host header). */
  readonly publicUrl: string | undefined;
  /** CORS_ORIGINS: other sites the operator allows. */
  readonly corsOrigins: readonly string[];
}

/** A check of a request's Origin: absent, this server's own host, PUBLIC_URL's origin or a listed one. */
export function originCheck(options: OriginOptions): (req: IncomingMessage) => boolean {
  const allowed = new Set<string>(options.corsOrigins.map((o) => o.replace(/\/+$/, '')));
  if (options.publicUrl) allowed.add(new URL(options.publicUrl).origin);
  return (req) => {
    const origin = req.headers.origin;
    if (origin === undefined) return true;
    if (allowed.has(origin)) return true;
    let host: string;
    try {
      host = new URL(origin).host;
    } catch {
      // "null" (a sandboxed frame, a file:// page) or garbage: not a page of this site.
      return false;
    }
    // The same site: the page was served by this server under the Host it asked for (the scheme
    // may differ behind a TLS proxy; the Host header is what the browser put in the address bar).
    return host === req.headers.host || host === req.headers['x-forwarded-host'];
  };
}
