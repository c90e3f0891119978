/** The mistakes the grader diagnosed in a round, most frequent first, as labelled bars. */
import { LitElement, html } from 'lit';
import { MISTAKE_TEXT, type MistakeId } from '../../../shared/grader/mistakes.js';
import { mistakeTitle } from '../../lib/format.js';
import { base } from '../../styles/shared.js';
import { styles } from './bp-mistake-counts.styles.js';

export class BpMistakeCounts extends LitElement {
  static override properties = {
    mistakes: { attribute: false },
    explain: { type: Boolean },
    large: { type: Boolean, reflect: true },
  };
  declare mistakes: Partial<Record<MistakeId, number>>;
  /** Show the plain-language explanation under each. */
  declare explain: boolean;
  declare large: boolean;

  static override styles = [base, styles];

  constructor() {
    super();
    this.mistakes = {};
    this.explain = false;
    this.large = false;
  }

  override render() {
    const entries = (Object.entries(this.mistakes) as Array<[MistakeId, number]>).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]);
    if (entries.length === 0) return html`<p class="muted">No diagnosed mistakes this round.</p>`;
    const most = entries[0]![1];
    return html`<ul aria-label="Mistakes counted">
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
    </ul>`;
  }
}

customElements.define('bp-mistake-counts', BpMistakeCounts);
declare global {
  interface HTMLElementTagNameMap {
    'bp-mistake-counts': BpMistakeCounts;
  }
}
