/** The styles of <bp-answer-form>, beside its element in bp-answer-form.ts. */
import { css } from 'lit';

export const styles = css`
  fieldset {
    border: 0;
    padding: 0;
    margin: 0 0 1rem;
  }
  legend {
    font-weight: 700;
    margin-bottom: 0.5rem;
    padding: 0;
  }
  .grid {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(9.5rem, 1fr));
    gap: 0.75rem 1rem;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.75rem;
    align-items: center;
  }
  .actions button {
    min-width: 10rem;
    font-size: 1.05rem;
  }
  .status {
    font-weight: 600;
  }
  .status.saved {
    color: var(--bp-text);
  }
  .status.saved .icon {
    color: var(--bp-correct);
  }
`;
