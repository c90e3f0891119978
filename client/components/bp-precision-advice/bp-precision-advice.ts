/**
 * The dashboard's warning before a round opens: the catalogued mistakes the next round's bands
 * could not tell apart from a right answer at the session's precision ("factor 2 missing would be
 * accepted for dSSR/dw3 at 3 significant digits"), with a button for the precision that would.
 * Opening the round stays allowed. Raises SettingsSubmitEvent with `{ precision }`.
 */
import { LitElement, html, nothing } from 'lit';
import { ContextConsumer } from '@lit/context';
import { fieldKey } from '../../../shared/grader/fields.js';
import { describePrecision } from '../../../shared/grader/precision.js';
import { base } from '../../styles/shared.js';
import { sessionContext } from '../../session/state.js';
import { SettingsSubmitEvent } from '../../lib/events.js';
import { fieldLabel, mistakeTitle } from '../../lib/format.js';
import { styles } from './bp-precision-advice.styles.js';

/** At most this many fields are listed; the rest are counted. */
const LISTED = 4;

export class BpPrecisionAdvice extends LitElement {
  static override styles = [base, styles];

  private readonly session = new ContextConsumer(this, { context: sessionContext, subscribe: true });

  override render() {
    const s = this.session.value;
    const staff = s?.staff;
    const settings = s?.session?.settings;
    if (!staff || staff.audience !== 'instructor' || !staff.advice || !settings || staff.advice.unclear.length === 0) return nothing;
    const { unclear, separating, iteration } = staff.advice;
    const at = settings.tolerance ? 'with the fixed tolerance' : `at ${describePrecision(settings.precision)}`;
    const live = s.connection === 'connected';
    return html`<div class="advice callout" role="note" data-testid="precision-advice">
      <strong>⚠ The next round (iteration ${iteration}) cannot tell every mistake apart ${at}.</strong>
      <ul>
        ${unclear.slice(0, LISTED).map(
          (u) => html`<li data-field="${fieldKey(u.field)}">${u.cannotTell.map(mistakeTitle).join(', ')} would be accepted for the ${fieldLabel(u.field)}</li>`,
        )}
        ${unclear.length > LISTED ? html`<li>and ${unclear.length - LISTED} more fields</li>` : nothing}
      </ul>
      <div class="actions">
        ${separating
          ? html`<button data-testid="use-precision" ?disabled=${!live || !['lobby', 'revealed'].includes(s.session!.phase)} @click=${() => this.dispatchEvent(new SettingsSubmitEvent({ precision: separating }))}>
              Ask for ${describePrecision(separating)}
            </button>
            <span class="muted">separates them all. You can also open the round as it is.</span>`
          : html`<span class="muted">${settings.tolerance ? 'Remove the fixed tolerance to grade from the precision.' : 'No precision up to 10 digits separates them all (the step is too small). You can open the round as it is: those answers are marked "cannot tell".'}</span>`}
      </div>
    </div>`;
  }
}

customElements.define('bp-precision-advice', BpPrecisionAdvice);
declare global {
  interface HTMLElementTagNameMap {
    'bp-precision-advice': BpPrecisionAdvice;
  }
}
