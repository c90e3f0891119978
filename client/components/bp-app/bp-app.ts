/** The app shell: picks the page for the URL (/, /join/:code, /host/:code, /present/:code). */
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
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('popstate', this.onPop);
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
