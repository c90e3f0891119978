/** Styles shared by the SVG plots: axes, grid, labels (sizes in viewBox units, so plots scale as a whole). */
import { css } from 'lit';

export const plotStyles = css`
  svg {
    display: block;
    width: 100%;
    height: auto;
    overflow: visible;
    font-family: var(--bp-font);
  }
  .grid line {
    stroke: var(--bp-border);
    stroke-width: 1;
    opacity: 0.7;
  }
  .axis line,
  .axis path {
    stroke: var(--bp-muted);
  }
  .tick text,
  .axis-label {
    fill: var(--bp-muted);
    font-size: calc(13px * var(--s, 1));
  }
  .axis-label {
    font-weight: 600;
  }
  text {
    fill: var(--bp-text);
  }
  .legend text {
    font-size: calc(13px * var(--s, 1));
  }
`;

/** Okabe-Ito colours for series, each paired with a dash pattern so lines differ without colour too. */
export const SERIES = [
  { color: 'var(--bp-blue)', dash: '' },
  { color: 'var(--bp-orange)', dash: '8 4' },
  { color: 'var(--bp-green)', dash: '2 3' },
  { color: 'var(--bp-purple)', dash: '12 3 2 3' },
  { color: 'var(--bp-vermillion)', dash: '4 4' },
  { color: 'var(--bp-sky)', dash: '10 2' },
  { color: 'var(--bp-text)', dash: '1 2' },
] as const;
