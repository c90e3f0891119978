/** How to join: the link, the code (K7P-Q2M, read aloud easily) and a QR code. */
import { LitElement, css, html } from 'lit';
import { formatJoinCode } from '../../../shared/protocol/join-code.js';
import { base } from '../../styles/shared.js';
import '../bp-qr-code/bp-qr-code.js';

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

  static override styles = [
    base,
    css`
      .wrap {
        display: grid;
        grid-template-columns: auto 1fr;
        gap: 0.75rem 1.25rem;
        align-items: center;
      }
      .qr {
        width: 132px;
      }
      .label {
        color: var(--bp-muted);
        font-weight: 600;
        font-size: 0.85em;
        text-transform: uppercase;
        letter-spacing: 0.06em;
      }
      .code {
        font-family: var(--bp-mono);
        font-weight: 800;
        font-size: 2.2rem;
        letter-spacing: 0.08em;
        line-height: 1.1;
      }
      .url {
        font-weight: 700;
        word-break: break-all;
        font-size: 1.05rem;
      }
      :host([variant='hero']) .wrap {
        grid-template-columns: auto auto;
        justify-content: center;
        gap: 2rem 4rem;
      }
      :host([variant='hero']) .qr {
        width: 420px;
      }
      :host([variant='hero']) .code {
        font-size: 9rem;
      }
      :host([variant='hero']) .url {
        font-size: 3rem;
      }
      :host([variant='hero']) .label {
        font-size: 1.8rem;
      }
      :host([variant='banner']) .wrap {
        grid-template-columns: auto auto;
        gap: 0.25rem 1.5rem;
      }
      :host([variant='banner']) .qr {
        width: 136px;
        grid-row: span 2;
      }
      :host([variant='banner']) .code {
        font-size: 3.4rem;
      }
      :host([variant='banner']) .url {
        font-size: 1.6rem;
      }
      :host([variant='banner']) .label {
        font-size: 1rem;
      }
    `,
  ];

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
