/** The styles of <bp-precision-advice>, beside its element in bp-precision-advice.ts. */
import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
  }
  .advice {
    border: 1px solid var(--bp-warning, #b26a00);
    border-left-width: 6px;
    border-radius: 10px;
    padding: 0.6rem 0.75rem;
    margin: 0 0 0.8rem;
    background: var(--bp-surface);
  }
  ul {
    margin: 0.3rem 0;
    padding-left: 1.2rem;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    align-items: center;
    margin-top: 0.4rem;
  }
`;
