/** The styles of <bp-precision-advice>, beside its element in bp-precision-advice.ts. */
import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
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
