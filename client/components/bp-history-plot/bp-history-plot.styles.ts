/** The styles of <bp-history-plot>, beside its element in bp-history-plot.ts. */
import { css } from 'lit';

export const styles = css`
  .line {
    fill: none;
    stroke-width: calc(2.5px * var(--s, 1));
    stroke-linejoin: round;
  }
  .ssr-line {
    stroke: var(--bp-curve);
  }
  .end-label {
    font-size: calc(13px * var(--s, 1));
    font-weight: 700;
  }
  .title {
    font-size: calc(14px * var(--s, 1));
    font-weight: 700;
  }
`;
