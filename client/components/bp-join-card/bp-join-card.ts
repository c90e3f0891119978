/**
 * How to join: the link, the code (K7P-Q2M, read aloud easily) and a QR code. With `guard` (the
 * projector) a link phones cannot open (localhost, loopback) is not advertised: the card shows
 * what to do instead of a QR code that leads nowhere.
 */
import { LitElement, html } from 'lit';
import { formatJoinCode } from '../../../shared/protocol/join-code.js';
import { isLoopbackUrl } from '../../lib/loopback.js';
import { base } from '../../styles/shared.js';
import '../bp-qr-code/bp-qr-code.js';
import { styles } from './bp-join-card.styles.js';

export class BpJoinCard extends LitElement {
  static override properties = {
    code: { type: String },
    url: { type: String },
    variant: { type: String, reflect: true },
    guard: { type: Boolean },
  };
  declare code: string;
  declare url: string;
  /**
   * compact: dashboard header; hero: projector lobby; banner: projector strip during rounds (a QR
   * code large enough to scan from the back row); strip: the link and code as text only.
   */
  declare variant: 'compact' | 'hero' | 'banner' | 'strip';
  /** Refuse to show a link phones cannot open (the projector). */
  declare guard: boolean;

  static override styles = [base, styles];

  constructor() {
    super();
    this.code = '';
    this.url = '';
    this.variant = 'compact';
    this.guard = false;
  }

  override render() {
    const shown = this.url.replace(/^https?:\/\//, '');
    if (this.guard && isLoopbackUrl(this.url)) {
      let port = '';
      try {
        port = new URL(this.url).port;
      } catch {
        // isLoopbackUrl parsed it already
      }
      return html`<div class="warn" role="note" data-testid="join-warning">
        <strong>Phones cannot open ${new URL(this.url).hostname}.</strong>
        Start the server with PUBLIC_URL, or open this page at this computer's network address (http://&lt;its IP&gt;${port ? `:${port}` : ''}).
      </div>`;
    }
    const qr = this.variant !== 'strip';
    return html`<div class="wrap ${qr ? '' : 'text-only'}">
      ${qr ? html`<bp-qr-code class="qr" .text=${this.url} label="QR code to join: ${shown}"></bp-qr-code>` : ''}
      <div class="words">
        <div class="label">Join at</div>
        <div class="url" data-testid="join-url">${shown.split('/').map((part, i) => html`${i ? html`/<wbr />` : ''}${part}`)}</div>
        <div class="label code-label">Code</div>
        <div class="code" data-testid="join-code" aria-label="Join code ${this.code.split('').join(' ')}">${this.code ? formatJoinCode(this.code) : ''}</div>
      </div>
    </div>`;
  }
}

customElements.define('bp-join-card', BpJoinCard);
declare global {
  interface HTMLElementTagNameMap {
    'bp-join-card': BpJoinCard;
  }
}
