/** The styles of <bp-leaderboard>, beside its element in bp-leaderboard.ts. */
import { css } from 'lit';

export const styles = css`
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
`;
