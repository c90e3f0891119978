/**
 * Response headers: helmet with a Content-Security-Policy that allows no inline script (the
 * client is a bundled module), and CORS only for the origins the operator lists.
 */
import cors from 'cors';
import type { RequestHandler } from 'express';
import helmet from 'helmet';

export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // KaTeX positions glyphs with style attributes; styles cannot run code.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'", 'ws:', 'wss:'],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    // Join links are plain http on a classroom LAN; HSTS belongs to the TLS proxy (docs/deployment.md).
    strictTransportSecurity: false,
    crossOriginEmbedderPolicy: false,
  });
}

/** No CORS headers at all unless origins are configured. */
export function corsFor(origins: readonly string[]): RequestHandler | null {
  return origins.length > 0 ? cors({ origin: [...origins] }) : null;
}
