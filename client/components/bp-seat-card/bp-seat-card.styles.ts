/** The styles of <bp-seat-card>, beside its element in bp-seat-card.ts. */
import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
  }
  .callout p {
    margin: 0 0 0.5rem;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }
  details.seat {
    margin: 0.6rem 0 0;
  }
  details.seat summary {
    cursor: pointer;
    color: var(--bp-muted);
  }
  .seat-code {
    font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
    font-size: 1.5rem;
    font-weight: 700;
    letter-spacing: 0.08em;
    margin: 0.3rem 0;
  }
`;
