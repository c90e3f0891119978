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
  /* Names in full: a long one wraps (at a space, or anywhere in one long word), never "Maximil…". */
  .name {
    min-width: 0;
    overflow-wrap: break-word;
    font-weight: 600;
    line-height: 1.2;
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
  /* Large (the projector): the size comes from the host's font size. */
  :host([large]) li {
    padding: 0.25em 0.5em;
    grid-template-columns: 2.6em 1fr auto;
  }
`;
