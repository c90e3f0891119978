/** The styles of <bp-number-field>, beside its element in bp-number-field.ts. */
import { css } from 'lit';

// The ± button sits beside the label, not the input: the input gets the field's whole width,
// so an 8-character number ("18.996e-3", "0.02576") shows whole in a phone's two-column grid.
export const styles = css`
  :host {
    display: grid;
    grid-template-columns: minmax(0, 1fr) auto;
    column-gap: 0.4rem;
    align-items: end;
  }
  .row {
    display: contents;
  }
  label {
    grid-column: 1;
    grid-row: 1;
    display: flex;
    align-items: center;
    gap: 0.4em;
    min-width: 0;
    min-height: 2.2em;
    margin-bottom: 0.2rem;
  }
  input {
    grid-column: 1 / -1;
    grid-row: 2;
    min-width: 0;
    font-size: 1.15rem !important;
    font-variant-numeric: tabular-nums;
  }
  input#in {
    padding-left: 0.5em;
    padding-right: 0.5em;
  }
  .sign {
    grid-column: 2;
    grid-row: 1;
    min-width: 44px;
    min-height: 40px;
    padding: 0 0.6em;
    margin-bottom: 0.2rem;
    font-size: 1.2rem;
  }
  .msg {
    grid-column: 1 / -1;
    grid-row: 3;
    min-height: 0;
    margin-top: 0.25rem;
    font-size: 0.92rem;
  }
`;
