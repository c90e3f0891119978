/** The styles of <bp-strip-plot>, beside its element in bp-strip-plot.ts. */
import { css } from 'lit';

export const styles = css`
  .band {
    fill: var(--bp-exact);
    opacity: 0.14;
  }
  .exact {
    stroke: var(--bp-exact);
    stroke-width: 3;
  }
  .exact-label {
    fill: var(--bp-exact);
    font-weight: 700;
    font-size: calc(14px * var(--s, 1));
  }
  .ok {
    fill: var(--bp-correct);
    stroke: var(--bp-surface);
    stroke-width: 1;
  }
  .off {
    fill: var(--bp-wrong);
    stroke: var(--bp-surface);
    stroke-width: 1;
  }
  .marker line {
    stroke: var(--bp-muted);
    stroke-dasharray: 3 3;
  }
  .marker text {
    fill: var(--bp-muted);
    font-size: calc(12px * var(--s, 1));
  }
  .edge {
    fill: var(--bp-muted);
    font-size: calc(12px * var(--s, 1));
    font-weight: 700;
  }
`;
