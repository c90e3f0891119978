/**
 * A formula typeset by KaTeX. `tex` must be built by the app from numbers and fixed symbols
 * (lib/chain-rule.ts); names or anything a user typed never go in here. KaTeX's stylesheet is
 * adopted into this shadow root; its fonts are declared at page level (main.ts imports the CSS).
 */
import { LitElement, html, unsafeCSS } from 'lit';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import katex from 'katex';
import katexCss from 'katex/dist/katex.min.css?inline';
import { styles } from './bp-math.styles.js';

const cache = new Map<string, string>();

function typeset(tex: string, display: boolean): string {
  const key = `${display ? 'D' : 'I'}${tex}`;
  let out = cache.get(key);
  if (out === undefined) {
    out = katex.renderToString(tex, { displayMode: display, fleqn: display, throwOnError: false, output: 'htmlAndMathml', trust: false, strict: 'ignore' });
    if (cache.size > 500) cache.clear();
    cache.set(key, out);
  }
  return out;
}

export class BpMath extends LitElement {
  static override properties = {
    tex: { type: String },
    display: { type: Boolean, reflect: true },
  };
  declare tex: string;
  declare display: boolean;

  static override styles = [unsafeCSS(katexCss), styles];

  /** Display formulas shrink (down to MIN_FIT) rather than scroll sideways on a phone. */
  private static readonly MIN_FIT = 0.75;
  private resizeObserver: ResizeObserver | null = null;
  private fittedWidth = -1;

  constructor() {
    super();
    this.tex = '';
    this.display = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Only width changes matter: refitting changes the height, which must not refit again.
    this.resizeObserver = new ResizeObserver((entries) => {
      const width = entries[0]?.contentRect.width ?? 0;
      if (width !== this.fittedWidth) this.fit();
    });
    this.resizeObserver.observe(this);
    // KaTeX's fonts may arrive after the first fit and change the formula's width.
    void document.fonts?.ready.then(() => this.isConnected && this.fit());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizeObserver?.disconnect();
    this.resizeObserver = null;
  }

  override updated(): void {
    this.fit();
  }

  private fit(): void {
    this.style.removeProperty('--bp-math-fit');
    this.fittedWidth = this.clientWidth;
    if (!this.display || this.clientWidth === 0 || this.scrollWidth <= this.clientWidth) return;
    const fit = Math.max(BpMath.MIN_FIT, (this.clientWidth / this.scrollWidth) * 0.98);
    this.style.setProperty('--bp-math-fit', fit.toFixed(3));
  }

  override render() {
    return html`${unsafeHTML(typeset(this.tex, this.display))}`;
  }
}

customElements.define('bp-math', BpMath);
declare global {
  interface HTMLElementTagNameMap {
    'bp-math': BpMath;
  }
}
