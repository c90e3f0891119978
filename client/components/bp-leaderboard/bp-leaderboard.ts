/** The top of the class: rank, name in full (or "Anonymous" when the instructor anonymised it) and score. */
import { LitElement, html, nothing } from 'lit';
import type { LeaderboardEntry } from '../../../shared/session/stats.js';
import { base } from '../../styles/shared.js';
import { styles } from './bp-leaderboard.styles.js';

export class BpLeaderboard extends LitElement {
  static override properties = {
    entries: { attribute: false },
    limit: { type: Number },
    large: { type: Boolean, reflect: true },
  };
  declare entries: readonly LeaderboardEntry[];
  declare limit: number;
  declare large: boolean;

  static override styles = [base, styles];

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
