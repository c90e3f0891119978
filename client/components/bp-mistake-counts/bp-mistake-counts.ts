/** The mistakes the grader diagnosed in a round, most frequent first, as labelled bars. */
import { LitElement, css, html } from 'lit';
import { MISTAKE_TEXT, type MistakeId } from '../../../shared/grader/mistakes.js';
import { mistakeTitle } from '../../lib/format.js';
import { base } from '../../styles/shared.js';

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

  static override styles = [
    base,
    css`
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        gap: 0.5rem;
      }
      .row {
        display: grid;
        grid-template-columns: 1fr 2.5rem;
        gap: 0.6rem;
        align-items: center;
      }
      .title {
        font-weight: 700;
        grid-column: 1 / -1;
      }
      .bar {
        height: 0.9rem;
        border-radius: 4px;
        background: repeating-linear-gradient(45deg, var(--bp-wrong), var(--bp-wrong) 6px, color-mix(in srgb, var(--bp-wrong) 75%, black) 6px, color-mix(in srgb, var(--bp-wrong) 75%, black) 9px);
      }
      .bar.follow {
        background: var(--bp-partial);
      }
      .count {
        font-weight: 800;
        text-align: right;
      }
      .explain {
        font-size: 0.88rem;
        margin: 0.15rem 0 0;
      }
      :host([large]) .row {
        grid-template-columns: 1fr 2.5em;
        gap: 0.15em 0.5em;
      }
      :host([large]) .bar {
        height: 0.7em;
      }
    `,
  ];

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
