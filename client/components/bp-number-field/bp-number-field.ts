/**
 * A labelled number input for what students type: "-0,0258", "−2.58", " 0.33 ". Parsed with the
 * protocol's parseStudentNumber; a text that is not a number is said so in words, linked to the
 * input (aria-describedby, aria-invalid). The ± button flips the sign, because phone decimal
 * keypads often have no minus key. Enter asks the surrounding form to send (the input sits in
 * this shadow root, so the browser's implicit submission does not reach that form).
 */
import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { LEADING_MINUS, parseStudentNumber } from '../../../shared/protocol/numbers.js';
import { NumberEnterEvent, NumberInputEvent } from '../../lib/events.js';
import { base } from '../../styles/shared.js';
import { styles } from './bp-number-field.styles.js';

export class BpNumberField extends LitElement {
  static override properties = {
    label: { type: String },
    value: { type: String },
    showError: { type: Boolean, attribute: 'show-error' },
    disabled: { type: Boolean },
    touched: { state: true },
  };
  /** The accessible name ("new value of w3"). */
  declare label: string;
  /** The raw text. */
  declare value: string;
  /** Show a parse error even before the field was left (after a submit attempt). */
  declare showError: boolean;
  declare disabled: boolean;
  declare touched: boolean;
  /** Optional visible label (e.g. a formula); the accessible name stays `label`. */
  visual: TemplateResult | null = null;

  static override styles = [base, styles];

  constructor() {
    super();
    this.label = '';
    this.value = '';
    this.showError = false;
    this.disabled = false;
    this.touched = false;
  }

  /** The parsed number, or null when empty or not a number. */
  get parsed(): number | null {
    const r = parseStudentNumber(this.value);
    return r.ok ? r.value : null;
  }

  get error(): string | null {
    if (this.value.trim() === '') return null;
    const r = parseStudentNumber(this.value);
    return r.ok ? null : r.message;
  }

  override focus(): void {
    this.renderRoot.querySelector('input')?.focus();
  }

  private emit(raw: string): void {
    this.value = raw;
    const r = parseStudentNumber(raw);
    this.dispatchEvent(new NumberInputEvent(raw, r.ok ? r.value : null));
  }

  private flip(): void {
    const t = this.value.trim();
    // Any dash the parser reads as a minus counts as one here too.
    const flipped = LEADING_MINUS.test(t) ? t.slice(1) : `-${t.replace(/^\+/, '')}`;
    this.emit(flipped);
    this.focus();
  }

  override render() {
    const error = this.touched || this.showError ? this.error : null;
    return html`<label for="in">${this.visual ?? this.label}${this.visual ? html`<span class="visually-hidden">${this.label}</span>` : nothing}</label>
      <div class="row">
        <input
          id="in"
          type="text"
          inputmode="decimal"
          autocomplete="off"
          autocorrect="off"
          autocapitalize="off"
          spellcheck="false"
          enterkeyhint="done"
          .value=${this.value}
          ?disabled=${this.disabled}
          aria-invalid=${error ? 'true' : 'false'}
          aria-describedby="msg"
          @input=${(e: Event) => this.emit((e.target as HTMLInputElement).value)}
          @keydown=${(e: KeyboardEvent) => {
            if (e.key !== 'Enter' || e.isComposing) return;
            e.preventDefault();
            this.touched = true;
            this.dispatchEvent(new NumberEnterEvent());
          }}
          @blur=${(e: FocusEvent) => {
            // Leaving for the form's send button: the send shows every error at once. Showing this
            // one now would move the button away from under the pointer before the click lands.
            const to = e.relatedTarget;
            if (!(to instanceof HTMLButtonElement && to.type === 'submit')) this.touched = true;
          }}
        />
        <button type="button" class="sign" ?disabled=${this.disabled} @click=${this.flip} aria-label="Switch the sign of the ${this.label}">±</button>
      </div>
      <div id="msg" class="msg ${error ? 'error-text' : ''}" aria-live="polite">${error ? html`<span aria-hidden="true">⚠ </span>${error}` : nothing}</div>`;
  }
}

customElements.define('bp-number-field', BpNumberField);
declare global {
  interface HTMLElementTagNameMap {
    'bp-number-field': BpNumberField;
  }
}
