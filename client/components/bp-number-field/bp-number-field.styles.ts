/** The styles of <bp-number-field>, beside its element in bp-number-field.ts. */
import { css } from 'lit';

export const styles = css`
  .row {
    display: flex;
    gap: 0.4rem;
    align-items: stretch;
  }
  label {
    display: flex;
    align-items: center;
    gap: 0.4em;
    min-height: 2.2em;
    margin-bottom: 0.2rem;
  }
  input {
    font-size: 1.15rem !important;
    font-variant-numeric: tabular-nums;
  }
  .sign {
    min-width: 48px;
    padding: 0 0.6em;
    font-size: 1.2rem;
  }
  .msg {
    min-height: 0;
    margin-top: 0.25rem;
    font-size: 0.92rem;
  }
`;
