/**
 * A student's seat (issues 16 and 17): the seat code that opens her seat on another device, a
 * warning when her seat was just opened on another device (with "Sign the other devices out"), and,
 * once this device was signed out, why and how to take the seat back. Reads the session from the
 * page's context; raises SeatActionEvent for the page to carry out.
 *
 * Properties: `seatCode` (normalized, or null when this browser does not know it), `variant`:
 * `notice` (the warning and the signed-out card, at the top of the page) or `code` (the code itself,
 * folded, at the bottom).
 */
import { LitElement, html, nothing } from 'lit';
import { ContextConsumer } from '@lit/context';
import { formatSeatCode } from '../../../shared/protocol/join-code.js';
import { SeatActionEvent } from '../../lib/events.js';
import { sessionContext } from '../../session/state.js';
import { base } from '../../styles/shared.js';
import { styles } from './bp-seat-card.styles.js';

export class BpSeatCard extends LitElement {
  static override properties = {
    seatCode: { attribute: false },
    variant: { type: String },
  };
  declare seatCode: string | null;
  declare variant: 'notice' | 'code';

  static override styles = [base, styles];

  private readonly session = new ContextConsumer(this, { context: sessionContext, subscribe: true });

  constructor() {
    super();
    this.seatCode = null;
    this.variant = 'notice';
  }

  private act(action: SeatActionEvent['action']): void {
    this.dispatchEvent(new SeatActionEvent(action));
  }

  override render() {
    const s = this.session.value;
    if (!s) return nothing;
    if (this.variant === 'code') {
      if (!this.seatCode || !s.you) return nothing;
      return html`<details class="seat" data-testid="seat-code">
        <summary>Continue on another device</summary>
        <p>Your seat code:</p>
        <p class="seat-code" data-testid="seat-code-value">${formatSeatCode(this.seatCode)}</p>
        <p class="muted">Enter it on the join page of another browser to continue there with your score and answers. Keep it to yourself: it opens your seat.</p>
      </details>`;
    }
    if (s.signedOut) {
      const canTakeBack = s.signedOut.reason !== 'new-seat' && this.seatCode !== null;
      return html`<section class="callout" role="alert" data-testid="signed-out">
        <p><strong>Signed out of your seat.</strong> ${s.signedOut.message}</p>
        ${canTakeBack ? html`<div class="actions"><button class="primary" data-testid="take-back" @click=${() => this.act('take-back')}>Take my seat back</button></div>` : nothing}
      </section>`;
    }
    if (s.elsewhere) {
      return html`<section class="callout" role="alert" data-testid="elsewhere">
        <p>${s.elsewhere}</p>
        <div class="actions">
          <button class="danger" data-testid="sign-out-others" @click=${() => this.act('sign-out-others')}>Sign the other devices out</button>
          <button class="ghost" @click=${() => this.act('dismiss')}>It was me</button>
        </div>
      </section>`;
    }
    return nothing;
  }
}

customElements.define('bp-seat-card', BpSeatCard);
declare global {
  interface HTMLElementTagNameMap {
    'bp-seat-card': BpSeatCard;
  }
}
