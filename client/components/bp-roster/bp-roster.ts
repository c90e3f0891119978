/** The instructor's roster: presence, whether each student answered the current round, score, and removal. */
import { LitElement, html, nothing } from 'lit';
import { ContextConsumer } from '@lit/context';
import { canSend, confirmText } from '../../../shared/protocol/event-meta.js';
import { base } from '../../styles/shared.js';
import { sessionContext } from '../../session/state.js';
import { HostCommandEvent } from '../../lib/events.js';
import { styles } from './bp-roster.styles.js';

export class BpRoster extends LitElement {
  static override styles = [base, styles];

  private readonly session = new ContextConsumer(this, { context: sessionContext, subscribe: true });

  private newSeat(id: string, name: string): void {
    this.dispatchEvent(new HostCommandEvent('student:new-seat', { studentId: id }, confirmText('student:new-seat', name)));
  }

  private removeStudent(id: string, name: string): void {
    this.dispatchEvent(new HostCommandEvent('student:remove', { studentId: id }, confirmText('student:remove', name)));
  }

  override render() {
    const s = this.session.value;
    const staff = s?.staff;
    if (!staff || !s.session || staff.audience !== 'instructor') return nothing;
    const roundOn = s.session.phase === 'open' || s.session.phase === 'revealed';
    const removable = canSend(s.session.phase, 'student:remove');
    return html`<p class="counts muted" data-testid="roster-counts">
        <strong class="num">${staff.activeCount}</strong> joined · <strong class="num">${staff.connectedCount}</strong> online${roundOn ? html` · <strong class="num">${staff.answeredCount}</strong> answered` : nothing}
      </p>
      ${staff.students.length === 0
        ? html`<p class="muted">Nobody has joined yet. Show the code or the QR code.</p>`
        : html`<div class="scroll">
            <table aria-label="Students">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Presence</th>
                  ${roundOn ? html`<th scope="col">Round</th>` : nothing}
                  <th scope="col" class="right">Score</th>
                  <th scope="col"><span class="visually-hidden">Actions</span></th>
                </tr>
              </thead>
              <tbody>
                ${staff.students.map(
                  (st) => html`<tr data-student=${st.name}>
                    <td class="name" title=${st.name}>${st.name}</td>
                    <td>${st.connected ? html`<span class="on"><span aria-hidden="true">●</span> on</span>` : html`<span class="off"><span aria-hidden="true">○</span> away</span>`}</td>
                    ${roundOn ? html`<td>${st.answered ? html`<span class="answered"><span aria-hidden="true">✓</span> done</span>` : html`<span class="muted">waiting</span>`}</td>` : nothing}
                    <td class="right num">${st.score}</td>
                    <td class="right actions">
                      <button class="ghost" data-event="student:new-seat" ?disabled=${!canSend(s.session!.phase, 'student:new-seat')} @click=${() => this.newSeat(st.id, st.name)} aria-label="New seat code for ${st.name}" title="Signs out every device of theirs; they continue with the new code">New seat code</button>
                      <button class="remove ghost" data-event="student:remove" ?disabled=${!removable} @click=${() => this.removeStudent(st.id, st.name)} aria-label="Remove ${st.name}">Remove</button>
                    </td>
                  </tr>`,
                )}
              </tbody>
            </table>
          </div>`}
      ${staff.removed.length > 0
        ? html`<details class="removed" data-testid="removed">
            <summary>Removed (${staff.removed.length})</summary>
            <p class="muted">They cannot join again, under this name or one like it, until you let them back in.</p>
            <ul>
              ${staff.removed.map(
                (st) => html`<li>
                  <span class="name">${st.name}</span>
                  <button class="ghost" data-event="student:readmit" ?disabled=${!canSend(s.session!.phase, 'student:readmit')} @click=${() => this.dispatchEvent(new HostCommandEvent('student:readmit', { studentId: st.id }))} aria-label="Let ${st.name} back in">Let back in</button>
                </li>`,
              )}
            </ul>
          </details>`
        : nothing}`;
  }
}

customElements.define('bp-roster', BpRoster);
declare global {
  interface HTMLElementTagNameMap {
    'bp-roster': BpRoster;
  }
}
