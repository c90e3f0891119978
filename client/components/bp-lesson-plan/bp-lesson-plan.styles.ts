/** The styles of <bp-lesson-plan>, beside its element in bp-lesson-plan.ts. */
import { css } from 'lit';

export const styles = css`
  h3 {
    font-size: 0.8rem;
    text-transform: uppercase;
    letter-spacing: 0.06em;
    color: var(--bp-muted);
    font-weight: 700;
    margin: 0 0 0.4rem;
  }
  ol {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 0.4rem;
  }
  li {
    display: grid;
    grid-template-columns: 1fr auto;
    align-items: center;
    gap: 0.2rem 0.6rem;
    border: 1px solid var(--bp-border);
    border-radius: 8px;
    padding: 0.45rem 0.6rem;
    background: var(--bp-surface);
  }
  li[data-status='open'] {
    border-color: var(--bp-accent, #2457c5);
    box-shadow: inset 4px 0 0 var(--bp-accent, #2457c5);
  }
  li[data-status='done'] .title {
    color: var(--bp-muted);
  }
  .title {
    font-weight: 700;
  }
  .asks {
    font-size: 0.88rem;
    color: var(--bp-muted);
    grid-column: 1;
  }
  .state {
    font-size: 0.85rem;
    font-weight: 600;
    white-space: nowrap;
  }
  .state.done .i {
    color: var(--bp-correct);
  }
  li button {
    grid-row: 1 / span 2;
    grid-column: 2;
  }
  .next-stage {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    align-items: center;
    margin: 0 0 0.6rem;
  }
  .big {
    font-size: 1.1rem;
    min-height: 52px;
    padding: 0.5em 1.3em;
  }
  .hint {
    font-size: 0.85rem;
    margin: 0.4rem 0 0;
  }
`;
