/** The styles of <bp-roster>, beside its element in bp-roster.ts. */
import { css } from 'lit';

export const styles = css`
  .scroll {
    max-height: 26rem;
    overflow: auto;
  }
  td {
    white-space: nowrap;
  }
  td.name {
    font-weight: 600;
    max-width: 12rem;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .on {
    color: var(--bp-correct-text);
  }
  .off {
    color: var(--bp-muted);
  }
  .answered {
    color: var(--bp-correct-text);
    font-weight: 700;
  }
  .actions {
    white-space: nowrap;
  }
  .actions button {
    min-height: 32px;
    padding: 0.15em 0.6em;
    font-size: 0.85rem;
  }
  .actions button + button {
    margin-left: 0.3rem;
  }
  .counts {
    margin-bottom: 0.5rem;
  }
  .removed {
    margin-top: 0.75rem;
  }
  .removed summary {
    cursor: pointer;
    font-weight: 600;
  }
  .removed ul {
    list-style: none;
    padding: 0;
    margin: 0.25rem 0 0;
  }
  .removed li {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 0.5rem;
    padding: 0.2rem 0;
  }
  .removed button {
    min-height: 32px;
    padding: 0.15em 0.6em;
    font-size: 0.85rem;
  }
`;
