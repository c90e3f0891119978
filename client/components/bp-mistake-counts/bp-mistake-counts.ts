/**
 * The mistakes the grader diagnosed in a round, by how many students made each (most first), as
 * labelled bars; and, apart, how many earned follow-on credit (not a mistake).
 */
import { LitElement, html } from 'lit';
import { FOLLOW_ON_KINDS, MISTAKE_TEXT, type MistakeId } from '../../../shared/grader/mistakes.js';
import { mistakeTitle, plural } from '../../lib/format.js';
import { base } from '../../styles/shared.js';
import { styles } from './bp-mistake-counts.styles.js';

export class BpMistakeCounts extends LitElement {
  static override properties = {
    mistakes: { attribute: false },
    explain: { type: Boolean },
    large: { type: Boolean, reflect: true },
    followOn: { type: Number },
  };
  /** Students per mistake. */
  declare mistakes: Partial<Record<MistakeId, number>>;
  /** Students with follow-on credit. */
  declare followOn: number;
  /** Show the plain-language explanation under each. */
  declare explain: boolean;
  declare large: boolean;

  static override styles = [base, styles];

  constructor() {
    super();
    this.mistakes = {};
    this.explain = false;
    this.large = false;
    this.followOn = 0;
  }

  override render() {
    // Follow-on kinds are credit: shown apart even if an older server counted them as mistakes.
    const entries = (Object.entries(this.mistakes) as Array<[MistakeId, number]>).filter(([id, n]) => n > 0 && !(FOLLOW_ON_KINDS as readonly string[]).includes(id)).sort((a, b) => b[1] - a[1]);
    const credit = this.followOn > 0 ? html`<p class="credit" data-testid="follow-on-credit"><span aria-hidden="true">↪</span> ${plural(this.followOn, 'student')} earned follow-on credit (a later value computed correctly from their own earlier one).</p>` : '';
    if (entries.length === 0) return html`<p class="muted">No diagnosed mistakes this round.</p>${credit}`;
    const most = entries[0]![1];
    return html`<p class="unit muted">Students who made each mistake</p><ul aria-label="Mistakes counted, by students">
      ${entries.map(
        ([id, n]) => html`<li data-mistake=${id}>
          <div class="row">
            <span class="title">${mistakeTitle(id)}</span>
            <span class="bar" style="width:${Math.max(4, (100 * n) / most)}%" aria-hidden="true"></span>
            <span class="count num">${n}</span>
          </div>
          ${this.explain && MISTAKE_TEXT[id] ? html`<p class="explain muted">${MISTAKE_TEXT[id].explanation}</p>` : ''}
        </li>`,
      )}
    </ul>${credit}`;
  }
}

customElements.define('bp-mistake-counts', BpMistakeCounts);
declare global {
  interface HTMLElementTagNameMap {
    'bp-mistake-counts': BpMistakeCounts;
  }
}
