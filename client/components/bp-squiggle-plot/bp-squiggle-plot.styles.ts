/** The styles of <bp-squiggle-plot>, beside its element in bp-squiggle-plot.ts. */
import { css } from 'lit';

export const styles = css`
  .curve {
    fill: none;
    stroke: var(--bp-curve);
    stroke-width: calc(3.5px * var(--s, 1));
    stroke-linejoin: round;
    transition: d 180ms linear;
  }
  .next {
    fill: none;
    stroke: var(--bp-next-curve);
    stroke-width: calc(3px * var(--s, 1));
    stroke-dasharray: 9 6;
  }
  .residual {
    stroke: var(--bp-muted);
    stroke-width: 2;
    stroke-dasharray: 3 4;
  }
  .observed {
    fill: var(--bp-data);
    stroke: var(--bp-surface);
    stroke-width: 2.5;
  }
  .predicted {
    fill: var(--bp-surface);
    stroke: var(--bp-curve);
    stroke-width: 3;
  }
  .ssr {
    font-size: calc(16px * var(--s, 1));
    font-weight: 700;
  }
  @media (prefers-reduced-motion: reduce) {
    .curve {
      transition: none;
    }
  }
`;
