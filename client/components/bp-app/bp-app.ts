/**
 * The app shell: picks the page for the URL (/, /join/:code, /host/:code, /present/:code), and
 * keeps the page's scroll position across a reload (the browser's own restoration runs before a
 * live page has its content, so it would land at the top).
 */
import { LitElement, html } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import { formatJoinCode } from '../../../shared/protocol/join-code.js';
import { parseRoute, type Route } from '../../lib/routes.js';
import { base } from '../../styles/shared.js';

/** Each page is its own chunk: a phone joining a class loads only the student view. */
const PAGES = {
  start: () => import('../bp-start-page/bp-start-page.js'),
  join: () => import('../bp-student-view/bp-student-view.js'),
  host: () => import('../bp-host-view/bp-host-view.js'),
  present: () => import('../bp-present-view/bp-present-view.js'),
} as const;

const TITLES = { join: 'Join', host: 'Dashboard', present: 'Projector' } as const;

/** How long after loading the page keeps trying to reach its remembered position as content arrives. */
const RESTORE_FOR_MS = 8000;

/**
 * Remembers this tab's scroll position per path (sessionStorage: this tab, survives a reload) and
 * brings it back after a reload once the page is tall enough, unless the user scrolls first.
 */
class ScrollMemory {
  private target: number | null = null;
  private frame = 0;
  private observer: ResizeObserver | null = null;
  private stopTimer: ReturnType<typeof setTimeout> | null = null;

  start(): void {
    if ('scrollRestoration' in history) history.scrollRestoration = 'manual';
    const saved = Number(read(this.key()));
    if (Number.isFinite(saved) && saved > 0) {
      this.target = saved;
      this.observer = new ResizeObserver(() => this.restore());
      this.observer.observe(document.body);
      this.stopTimer = setTimeout(() => this.stopRestoring(), RESTORE_FOR_MS);
      for (const e of ['wheel', 'touchstart', 'keydown', 'mousedown'] as const) window.addEventListener(e, this.onUser, { passive: true, once: true });
    }
    window.addEventListener('scroll', this.onScroll, { passive: true });
    window.addEventListener('pagehide', this.save);
  }

  stop(): void {
    this.stopRestoring();
    window.removeEventListener('scroll', this.onScroll);
    window.removeEventListener('pagehide', this.save);
  }

  private restore(): void {
    if (this.target === null) return;
    const reachable = document.documentElement.scrollHeight - window.innerHeight;
    window.scrollTo(0, Math.min(this.target, Math.max(0, reachable)));
    if (reachable >= this.target) this.stopRestoring();
  }

  private stopRestoring(): void {
    this.target = null;
    this.observer?.disconnect();
    this.observer = null;
    if (this.stopTimer) clearTimeout(this.stopTimer);
    this.stopTimer = null;
    for (const e of ['wheel', 'touchstart', 'keydown', 'mousedown'] as const) window.removeEventListener(e, this.onUser);
  }

  private readonly onUser = (): void => this.stopRestoring();

  private readonly onScroll = (): void => {
    // While the page is still growing towards the remembered position, its scroll events are the
    // browser clamping, not the reader: keep the remembered value.
    if (this.target !== null || this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.save();
    });
  };

  private readonly save = (): void => {
    if (this.target === null) write(this.key(), String(Math.round(window.scrollY)));
  };

  private key(): string {
    return `backprop-live:scroll:${window.location.pathname}`;
  }
}

function read(key: string): string | null {
  try {
    return window.sessionStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string): void {
  try {
    window.sessionStorage.setItem(key, value);
  } catch {
    // Storage disabled: a reload starts at the top.
  }
}

export class BpApp extends LitElement {
  static override properties = {
    route: { state: true },
    loaded: { state: true },
    failed: { state: true },
  };
  declare route: Route;
  /** Pages whose code has arrived. */
  declare loaded: ReadonlySet<string>;
  declare failed: boolean;
  static override styles = [base];

  private readonly scrollMemory = new ScrollMemory();

  private readonly onPop = (): void => {
    this.route = parseRoute(window.location.pathname);
  };

  constructor() {
    super();
    this.route = parseRoute(window.location.pathname);
    this.loaded = new Set();
    this.failed = false;
  }

  protected override willUpdate(): void {
    const page = this.route.page;
    if (page === 'not-found' || this.loaded.has(page)) return;
    PAGES[page]().then(
      () => (this.loaded = new Set([...this.loaded, page])),
      () => (this.failed = true),
    );
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('popstate', this.onPop);
    this.scrollMemory.start();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('popstate', this.onPop);
    this.scrollMemory.stop();
  }

  protected override updated(): void {
    const r = this.route;
    document.title = r.page === 'start' || r.page === 'not-found' ? 'Backprop Live' : `${TITLES[r.page]} ${formatJoinCode(r.code)} · Backprop Live`;
    // Each page fills its own viewport; the projector also hides the scrollbar on big screens.
    document.documentElement.dataset['page'] = r.page;
  }

  override render() {
    const r = this.route;
    if (this.failed) return html`<main style="margin:2rem"><h1>Backprop Live</h1><p>This page could not load. Check the connection and reload.</p></main>`;
    if (r.page !== 'not-found' && !this.loaded.has(r.page)) return html`<main class="muted" style="margin:2rem"><p>Loading…</p></main>`;
    switch (r.page) {
      case 'start':
        return html`<bp-start-page></bp-start-page>`;
      case 'join':
        return keyed(`join:${r.code}`, html`<bp-student-view .code=${r.code}></bp-student-view>`);
      case 'host':
        return keyed(`host:${r.code}`, html`<bp-host-view .code=${r.code}></bp-host-view>`);
      case 'present':
        return keyed(`present:${r.code}`, html`<bp-present-view .code=${r.code}></bp-present-view>`);
      case 'not-found':
        return html`<main style="max-width:40rem;margin:3rem auto;padding:0 1rem">
          <h1>Page not found</h1>
          <p>There is nothing at ${r.path}. Join links look like /join/K7P-Q2M.</p>
          <p><a href="/">Go to the start page</a></p>
        </main>`;
    }
  }
}

customElements.define('bp-app', BpApp);
declare global {
  interface HTMLElementTagNameMap {
    'bp-app': BpApp;
  }
}
