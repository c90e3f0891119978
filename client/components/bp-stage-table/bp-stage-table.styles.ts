/** The styles of <bp-stage-table>, beside its element in bp-stage-table.ts. */
import { css } from 'lit';

export const styles = css`
  .scroll {
    overflow-x: auto;
  }
  table {
    border-collapse: collapse;
    font-size: 0.95em;
  }
  th,
  td {
    padding: 0.3em 0.6em;
    text-align: right;
    border-bottom: 1px solid var(--border, #d0d4dc);
    white-space: nowrap;
  }
  thead th {
    font-weight: 600;
  }
  .asked {
    background: var(--highlight, #fff4c2);
  }
`;
