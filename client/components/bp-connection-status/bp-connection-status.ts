/** The connection state in words and an icon (never colour alone), announced politely when it changes. */
import { LitElement, css, html } from 'lit';
import { ContextConsumer } from '@lit/context';
import { base } from '../../styles/shared.js';
import { sessionContext } from '../../session/state.js';

export class BpConnectionStatus extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: inline-block;
      }
      .pill {
        display: inline-flex;
        align-items: center;
        gap: 0.4em;
        padding: 0.2em 0.7em;
        border-radius: 999px;
        border: 1px solid var(--bp-border);
        background: var(--bp-surface);
        font-size: 0.9em;
        font-weight: 600;
        white-space: nowrap;
      }
      .icon {
        font-size: 0.95em;
      }
      .connected .icon {
        color: var(--bp-correct);
      }
      .reconnecting .icon,
      .connecting .icon {
        color: var(--bp-partial);
      }
      .refused .icon {
        color: var(--bp-wrong);
      }
      .reconnecting .icon,
      .connecting .icon {
        display: inline-block;
        animation: spin 1.2s linear infinite;
      }
      @keyframes spin {
        to {
          transform: rotate(360deg);
        }
      }
      @media (prefers-reduced-motion: reduce) {
        .reconnecting .icon,
        .connecting .icon {
          animation: none;
        }
      }
    `,
  ];

  private readonly session = new ContextConsumer(this, { context: sessionContext, subscribe: true });

  override render() {
    const s = this.session.value;
    const state = s?.connection ?? 'idle';
    // Before anything was tried (a student still typing their name) there is nothing to report.
    if (state === 'idle') return html``;
    const [icon, text] =
      state === 'connected'
        ? ['●', 'Connected']
        : state === 'connecting'
          ? ['◌', 'Connecting…']
          : state === 'reconnecting'
            ? ['↻', s && s.attempts > 1 ? `Reconnecting (try ${s.attempts})…` : 'Reconnecting…']
            : state === 'refused'
              ? ['✕', 'Disconnected']
              : ['○', ''];
    return html`<span class="pill ${state}" role="status" aria-live="polite" data-connection=${state}><span class="icon" aria-hidden="true">${icon}</span>${text}</span>`;
  }
}

customElements.define('bp-connection-status', BpConnectionStatus);
declare global {
  interface HTMLElementTagNameMap {
    'bp-connection-status': BpConnectionStatus;
  }
}
