/**
 * The connection state in words and an icon (never colour alone), announced politely when it
 * changes. A refusal at the door (locked, full, finished, no such session) is no connection
 * failure: the badge names the reason, in neutral colours; the page says the rest.
 */
import { LitElement, html } from 'lit';
import { ContextConsumer } from '@lit/context';
import { base } from '../../styles/shared.js';
import { sessionContext } from '../../session/state.js';
import { styles } from './bp-connection-status.styles.js';

/** Refusals about the session or the seat, not the network, in a badge's words. */
const DOOR_WORDS: Partial<Record<string, string>> = {
  locked: 'Joining locked',
  'session-full': 'Session full',
  finished: 'Session finished',
  'unknown-session': 'No such session',
  removed: 'Removed',
  forbidden: 'Not admitted',
  'invalid-name': 'Not admitted',
  'invalid-payload': 'Not admitted',
};

export class BpConnectionStatus extends LitElement {
  static override styles = [base, styles];

  private readonly session = new ContextConsumer(this, { context: sessionContext, subscribe: true });

  override render() {
    const s = this.session.value;
    const state = s?.connection ?? 'idle';
    // Before anything was tried (a student still typing their name) there is nothing to report.
    if (state === 'idle') return html``;
    const door = state === 'refused' && s?.refusal ? DOOR_WORDS[s.refusal.code] : undefined;
    if (door) return html`<span class="pill door" role="status" aria-live="polite" data-connection=${state} data-refusal=${s!.refusal!.code}><span class="icon" aria-hidden="true">⊘</span>${door}</span>`;
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
