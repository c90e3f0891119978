/** The app's four pages (the server serves index.html for each of them). */
import { normalizeJoinCode } from '../../shared/protocol/join-code.js';

export type Route =
  | { readonly page: 'start' }
  | { readonly page: 'join' | 'host' | 'present'; readonly code: string }
  | { readonly page: 'not-found'; readonly path: string };

export function parseRoute(pathname: string): Route {
  if (pathname === '/' || pathname === '') return { page: 'start' };
  const m = /^\/(join|host|present)\/([^/]+)\/?$/.exec(pathname);
  if (m) {
    const code = normalizeJoinCode(decodeURIComponent(m[2]!));
    if (code) return { page: m[1] as 'join' | 'host' | 'present', code };
  }
  return { page: 'not-found', path: pathname };
}

export const paths = {
  join: (code: string) => `/join/${code}`,
  host: (code: string) => `/host/${code}`,
  present: (code: string) => `/present/${code}`,
};

/** Client-side navigation; bp-app listens for popstate. */
export function navigate(path: string): void {
  history.pushState(null, '', path);
  window.dispatchEvent(new PopStateEvent('popstate'));
}
