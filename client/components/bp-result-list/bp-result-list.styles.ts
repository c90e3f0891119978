/** The styles of <bp-result-list>, beside its element in bp-result-list.ts. */
import { css } from 'lit';

export const styles = css`
  ul {
    min-width: 0;
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 0.6rem;
  }
  li {
    min-width: 0;
    border: 1px solid var(--bp-border);
    border-left-width: 6px;
    border-radius: 10px;
    padding: 0.6rem 0.75rem;
    background: var(--bp-surface);
  }
  li.correct {
    border-left-color: var(--bp-correct);
  }
  li.wrong {
    border-left-color: var(--bp-wrong);
  }
  li.partial {
    border-left-color: var(--bp-partial);
  }
  .head {
    display: flex;
    justify-content: space-between;
    align-items: center;
    gap: 0.5rem;
    flex-wrap: wrap;
  }
  .name {
    font-weight: 700;
  }
  .values {
    display: grid;
    grid-template-columns: auto 1fr;
    gap: 0.1rem 0.75rem;
    margin-top: 0.4rem;
    font-size: 0.98rem;
  }
  .values dt {
    color: var(--bp-muted);
    white-space: nowrap;
  }
  .values dd {
    margin: 0;
    font-weight: 600;
  }
  .mistake {
    margin-top: 0.5rem;
    padding: 0.5rem 0.6rem;
    border-radius: 8px;
    background: var(--bp-surface-2);
  }
  .mistake strong {
    display: block;
  }
  .points {
    font-weight: 700;
  }
  .tally {
    display: flex;
    gap: 1rem;
    font-weight: 700;
    margin-bottom: 0.6rem;
  }
  .tally .i.correct {
    color: var(--bp-correct);
  }
  .tally .i.partial {
    color: var(--bp-partial);
  }
  .tally .i.wrong {
    color: var(--bp-wrong);
  }
`;
