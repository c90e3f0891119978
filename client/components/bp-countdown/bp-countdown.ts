/**
 * Time left in the open round, read on the server's clock: the deadline is server time, and the
 * snapshot's serverTime gives the offset to this device's clock (phones are often minutes off).
 */
import { LitElement, html } from 'lit';
import { ContextConsumer } from '@lit/context';
import { base } from '../../styles/shared.js';
import { sessionContext } from '../../session/state.js';
import { countdownText } from '../../lib/format.js';
import { styles } from './bp-countdown.styles.js';

export class BpCountdown extends LitElement {
  static override properties = {
    size: { type: String, reflect: true },
  };
  declare size: 'normal' | 'large';

  static override styles = [base, styles];

  private readonly session = new ContextConsumer(this, { context: sessionContext, subscribe: true });
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor() {
    super();
    this.size = 'normal';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.timer = setInterval(() => this.requestUpdate(), 250);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  override render() {
    const s = this.session.value;
    const round = s?.session?.round;
    if (!s || !round || round.deadline === null || round.closedAt !== null || s.session?.phase !== 'open') return html``;
    const now = Date.now() + s.clockOffset;
    const left = round.deadline - now;
    const total = round.deadline - round.openedAt;
    const share = total > 0 ? Math.max(0, Math.min(1, left / total)) : 0;
    const low = left <= 10_000;
    const text = countdownText(left);
    return html`<span class="timer ${low ? 'low' : ''}" role="timer" aria-label="${left > 0 ? `${text} left to answer` : 'Time is up'}">
      <span class="time num">${text}</span>
      <span class="bar" aria-hidden="true"><span class="fill" style="display:block;width:${(share * 100).toFixed(1)}%"></span></span>
    </span>`;
  }
}

customElements.define('bp-countdown', BpCountdown);
declare global {
  interface HTMLElementTagNameMap {
    'bp-countdown': BpCountdown;
  }
}
