/** A QR code of a link, drawn by the qrcode package as SVG and shown as an image (always dark on light, for scanners). */
import { LitElement, html, type PropertyValues } from 'lit';
import { toString as qrToString } from 'qrcode';
import { base } from '../../styles/shared.js';
import { styles } from './bp-qr-code.styles.js';

export class BpQrCode extends LitElement {
  static override properties = {
    text: { type: String },
    label: { type: String },
    src: { state: true },
  };
  declare text: string;
  declare label: string;
  declare src: string;

  static override styles = [base, styles];

  constructor() {
    super();
    this.text = '';
    this.label = '';
    this.src = '';
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('text')) void this.draw(this.text);
  }

  private async draw(text: string): Promise<void> {
    if (!text) {
      this.src = '';
      return;
    }
    const svg = await qrToString(text, { type: 'svg', margin: 2, errorCorrectionLevel: 'M', color: { dark: '#000000', light: '#ffffff' } });
    if (text === this.text) this.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  }

  override render() {
    return this.src ? html`<img src=${this.src} alt=${this.label || `QR code for ${this.text}`} />` : html``;
  }
}

customElements.define('bp-qr-code', BpQrCode);
declare global {
  interface HTMLElementTagNameMap {
    'bp-qr-code': BpQrCode;
  }
}
