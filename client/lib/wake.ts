/**
 * Signs that the page's connections may have died without anyone saying so. A phone that slept
 * on a network that forgets idle connections (NAT or firewall timeouts, another access point)
 * wakes with sockets that look open but carry nothing: neither end was told. These are the moments
 * to check the connection instead of waiting out timeouts.
 */

export type WakeReason =
  /** The page became visible again (screen on, tab brought back). */
  | 'visible'
  /** The browser resumed a frozen page (Page Lifecycle `resume`). */
  | 'resumed'
  /** The browser reports it is online again. */
  | 'online'
  /** The network changed (`navigator.connection` fired `change`). */
  | 'network'
  /** The page's timers stalled: it was frozen or the device slept while the page showed. */
  | 'stalled';

export interface WakeSignal {
  readonly reason: WakeReason;
  /**
   * The path to the server certainly changed (back online, another network type): connections
   * opened before cannot be trusted however recently they carried something.
   */
  readonly networkChanged: boolean;
}

export interface WakeOptions {
  /** How often the stall check runs (ms). */
  readonly tickMs?: number;
  /** A tick that comes this much later than the previous one means the page was frozen (ms). */
  readonly stallMs?: number;
}

/** The part of the Network Information API this needs (not in every browser, nor in lib.dom). */
type Connection = EventTarget & { readonly type?: string };

/**
 * Calls `listener` on each sign of a wake until the returned function is called. Several signs
 * often come together (a resumed page is also visible and has stalled): the listener should be
 * cheap to call twice.
 */
export function watchWake(listener: (signal: WakeSignal) => void, options: WakeOptions = {}): () => void {
  const tickMs = options.tickMs ?? 1000;
  const stallMs = options.stallMs ?? 5000;
  const signal = (reason: WakeReason, networkChanged = false): void => listener({ reason, networkChanged });

  const onVisibility = (): void => {
    if (document.visibilityState === 'visible') signal('visible');
  };
  const onResume = (): void => signal('resumed');
  const onOnline = (): void => signal('online', true);
  const connection = (navigator as Navigator & { connection?: Connection }).connection;
  let connectionType = connection?.type;
  // `change` also fires when the browser's speed estimates move; only a new connection type
  // (wifi -> cellular) says for certain that the old path is gone.
  const onConnectionChange = (): void => {
    const type = connection?.type;
    const changed = type !== undefined && type !== connectionType;
    connectionType = type;
    signal('network', changed);
  };
  let lastTick = Date.now();
  const tick = setInterval(() => {
    const now = Date.now();
    if (now - lastTick > stallMs) signal('stalled');
    lastTick = now;
  }, tickMs);

  document.addEventListener('visibilitychange', onVisibility);
  document.addEventListener('resume', onResume);
  window.addEventListener('online', onOnline);
  connection?.addEventListener('change', onConnectionChange);
  return () => {
    clearInterval(tick);
    document.removeEventListener('visibilitychange', onVisibility);
    document.removeEventListener('resume', onResume);
    window.removeEventListener('online', onOnline);
    connection?.removeEventListener('change', onConnectionChange);
  };
}
