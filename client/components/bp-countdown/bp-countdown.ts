/**
 * Time left in the open round, read on the server's clock: the deadline is server time, and the
 * snapshot's serverTime gives the offset to this device's clock (phones are often minutes off).
 */
import { LitElement, css, html } from 'lit';
import { ContextConsumer } from '@lit/context';
import { base } from '../../styles/shared.js';
import { sessionContext } from '../../session/state.js';
import { countdownText } from '../../lib/format.js';

export class BpCountdown extends LitElement {
  static override properties = {
    size: { type: String, reflect: true },
  };
  declare size: 'normal' | 'large';

  static override styles = [
    base,
    css`
      :host {
        display: inline-block;
      }
      .timer {
        display: inline-flex;
        align-items: center;
        gap: 0.5em;
        font-weight: 700;
      }
      .time {
        font-size: 1.4em;
      }
      :host([size='large']) .time {
        font-size: 3.2em;
      }
      .bar {
        width: 6em;
        height: 0.5em;
        border-radius: 999px;
        background: var(--bp-surface-2);
        overflow: hidden;
        border: 1px solid var(--bp-border);
      }
      :host([size='large']) .bar {
        width: 10em;
        height: 0.8em;
      }
      .fill {
        height: 100%;
        background: var(--bp-accent);
      }
      .low .fill {
        background: var(--bp-wrong);
      }
      .low .time::after {
        content: ' ⚠';
      }
    `,
  ];

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
