/** The connection state in words and an icon (never colour alone), announced politely when it changes. */
import { LitElement, html } from 'lit';
import { ContextConsumer } from '@lit/context';
import { base } from '../../styles/shared.js';
import { sessionContext } from '../../session/state.js';
import { styles } from './bp-connection-status.styles.js';

export class BpConnectionStatus extends LitElement {
  static override styles = [base, styles];

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
