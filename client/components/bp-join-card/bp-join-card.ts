/** How to join: the link, the code (K7P-Q2M, read aloud easily) and a QR code. */
import { LitElement, html } from 'lit';
import { formatJoinCode } from '../../../shared/protocol/join-code.js';
import { base } from '../../styles/shared.js';
import '../bp-qr-code/bp-qr-code.js';
import { styles } from './bp-join-card.styles.js';

export class BpJoinCard extends LitElement {
  static override properties = {
    code: { type: String },
    url: { type: String },
    variant: { type: String, reflect: true },
  };
  declare code: string;
  declare url: string;
  /** compact: dashboard header; hero: projector lobby; banner: projector strip during rounds. */
  declare variant: 'compact' | 'hero' | 'banner';

  static override styles = [base, styles];

  constructor() {
    super();
    this.code = '';
    this.url = '';
    this.variant = 'compact';
  }

  override render() {
    const shown = this.url.replace(/^https?:\/\//, '');
    return html`<div class="wrap">
      <bp-qr-code class="qr" .text=${this.url} label="QR code to join: ${shown}"></bp-qr-code>
      <div>
        <div class="label">Join at</div>
        <div class="url" data-testid="join-url">${shown}</div>
        <div class="label" style="margin-top:0.4em">Code</div>
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
