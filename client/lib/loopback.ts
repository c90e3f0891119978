/** Addresses only this computer can open: phones in the room cannot reach them. */

/**
 * True when `url`'s host is this machine only: localhost (and *.localhost), 127.0.0.0/8, ::1,
 * 0.0.0.0 or ::. False for any other host, and for text that is not a URL.
 */
export function isLoopbackUrl(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return false;
  }
  return host === 'localhost' || host.endsWith('.localhost') || /^127(\.\d{1,3}){3}$/.test(host) || host === '0.0.0.0' || host === '[::1]' || host === '[::]' || host === '[0:0:0:0:0:0:0:1]';
}
