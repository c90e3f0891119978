/** The top of the class: rank, name (or "Anonymous" when the instructor anonymised it) and score. */
import { LitElement, css, html, nothing } from 'lit';
import type { LeaderboardEntry } from '../../../shared/session/stats.js';
import { base } from '../../styles/shared.js';

export class BpLeaderboard extends LitElement {
  static override properties = {
    entries: { attribute: false },
    limit: { type: Number },
    large: { type: Boolean, reflect: true },
  };
  declare entries: readonly LeaderboardEntry[];
  declare limit: number;
  declare large: boolean;

  static override styles = [
    base,
    css`
      ol {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        gap: 0.3rem;
      }
      li {
        display: grid;
        grid-template-columns: 2.6em 1fr auto;
        align-items: center;
        gap: 0.5rem;
        padding: 0.35rem 0.6rem;
        border-radius: 8px;
        background: var(--bp-surface-2);
      }
      .rank {
        font-weight: 800;
        color: var(--bp-muted);
      }
      .name {
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
        font-weight: 600;
      }
      .score {
        font-weight: 800;
      }
      li.top .rank::before {
        content: '★ ';
        color: var(--bp-orange);
      }
      .anon {
        font-size: 0.8em;
        font-weight: 600;
      }
      :host([large]) li {
        font-size: 1.3em;
        padding: 0.3em 0.6em;
        grid-template-columns: 3.2em 1fr auto;
      }
    `,
  ];

  constructor() {
    super();
    this.entries = [];
    this.limit = 10;
    this.large = false;
  }

  override render() {
    const shown = this.entries.slice(0, this.limit);
    if (shown.length === 0) return html`<p class="muted">No scores yet.</p>`;
    return html`<ol aria-label="Leaderboard">
      ${shown.map(
        (e) => html`<li class=${e.rank === 1 ? 'top' : ''}>
          <span class="rank num">${e.rank}.</span>
          <span class="name">${e.name ?? html`<span class="anon muted">Anonymous</span>`}</span>
          <span class="score num">${e.score}${this.large ? nothing : html`<span class="visually-hidden"> points</span>`}</span>
        </li>`,
      )}
    </ol>`;
  }
}

customElements.define('bp-leaderboard', BpLeaderboard);
declare global {
  interface HTMLElementTagNameMap {
    'bp-leaderboard': BpLeaderboard;
  }
}
