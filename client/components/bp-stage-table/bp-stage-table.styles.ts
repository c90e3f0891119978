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
    padding: 0.2em 0.6em;
    text-align: right;
    border-bottom: 1px solid var(--border, #d0d4dc);
    white-space: nowrap;
  }
  thead th {
    font-weight: 700;
  }
  tbody th {
    text-align: left;
    font-weight: 600;
  }
  .observed {
    color: var(--bp-muted);
  }
  .asked th,
  .asked td {
    background: var(--bp-highlight, #fff4c2);
  }
  .asked th {
    box-shadow: inset 4px 0 0 var(--bp-warning, #b26a00);
  }
  /* Three doses and the row names fit a phone without scrolling sideways. */
  @media (max-width: 480px) {
    table {
      font-size: 0.88em;
    }
    th,
    td {
      padding: 0.2em 0.35em;
    }
  }
`;
