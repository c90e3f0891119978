/** Styles every component adopts: controls, cards, tables, verdict badges, focus rings. */
import { css } from 'lit';

export const base = css`
  :host {
    display: block;
    box-sizing: border-box;
  }
  /* Not 'inherit': a component slotted into a <details> inherits content-box through the
     details' own shadow tree, and its inputs (width: 100%) then overflow their boxes. */
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  [hidden] {
    display: none !important;
  }
  /* Something the reader should act on (advice, a warning), set apart by a warning-coloured edge. */
  .callout {
    border: 1px solid var(--bp-warning, #b26a00);
    border-left-width: 6px;
    border-radius: 10px;
    padding: 0.6rem 0.75rem;
    margin: 0 0 0.8rem;
    background: var(--bp-surface);
  }
  /* A panel that opens: a flex summary loses the browser's triangle, so one is drawn (turning
     when open), and the panel reads as one that opens. */
  details.disclosure > summary {
    list-style: none;
  }
  details.disclosure > summary::-webkit-details-marker {
    display: none;
  }
  details.disclosure > summary::before {
    content: '▸';
    /* A transform needs a box: inline, the marker would not turn when open. */
    display: inline-block;
    color: var(--bp-accent);
    font-size: 1.2em;
    width: 1em;
    text-align: center;
    transition: transform 0.15s;
  }
  details.disclosure[open] > summary::before {
    transform: rotate(90deg);
  }
  .visually-hidden {
    position: absolute !important;
    width: 1px;
    height: 1px;
    padding: 0;
    margin: -1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
  .muted {
    color: var(--bp-muted);
  }
  .num {
    font-variant-numeric: tabular-nums;
    font-feature-settings: 'tnum';
    white-space: nowrap;
  }
  h1,
  h2,
  h3,
  h4 {
    line-height: 1.2;
    margin: 0 0 0.5em;
  }
  h2 {
    font-size: 1.15rem;
  }
  h3 {
    font-size: 1rem;
  }
  p {
    margin: 0 0 0.75em;
  }
  a {
    color: var(--bp-accent);
  }
  :focus-visible {
    outline: 3px solid var(--bp-focus);
    outline-offset: 2px;
    border-radius: 4px;
  }

  .card {
    background: var(--bp-surface);
    border: 1px solid var(--bp-border);
    border-radius: var(--bp-radius);
    box-shadow: var(--bp-shadow);
    padding: 1rem 1.1rem;
  }

  button,
  .button {
    font: inherit;
    font-weight: 600;
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 0.4em;
    min-height: 44px;
    padding: 0.5em 1em;
    border-radius: 10px;
    border: 1px solid var(--bp-border);
    background: var(--bp-surface-2);
    color: var(--bp-text);
    cursor: pointer;
    text-decoration: none;
    line-height: 1.15;
  }
  button:hover:not(:disabled),
  .button:hover {
    border-color: var(--bp-accent);
  }
  button.primary,
  .button.primary {
    background: var(--bp-accent);
    border-color: var(--bp-accent);
    color: var(--bp-accent-text);
  }
  button.primary:hover:not(:disabled) {
    background: var(--bp-accent-strong);
  }
  button.danger {
    color: var(--bp-danger);
    border-color: currentColor;
    background: transparent;
  }
  button.ghost {
    background: transparent;
  }
  button:disabled {
    opacity: 0.5;
    cursor: not-allowed;
  }

  label {
    font-weight: 600;
  }
  input[type='text'],
  input[type='number'],
  input[type='url'],
  input:not([type]),
  select {
    font: inherit;
    min-height: 44px;
    padding: 0.45em 0.65em;
    border-radius: 8px;
    border: 1px solid var(--bp-border);
    background: var(--bp-surface);
    color: var(--bp-text);
    width: 100%;
  }
  input[aria-invalid='true'] {
    border-color: var(--bp-wrong);
    box-shadow: 0 0 0 1px var(--bp-wrong);
  }
  input[type='checkbox'] {
    width: 1.25em;
    height: 1.25em;
    accent-color: var(--bp-accent);
  }

  table {
    border-collapse: collapse;
    width: 100%;
  }
  th,
  td {
    text-align: left;
    padding: 0.35em 0.5em;
    border-bottom: 1px solid var(--bp-border);
    vertical-align: baseline;
  }
  th {
    font-weight: 600;
    color: var(--bp-muted);
    font-size: 0.85em;
  }
  td.right,
  th.right {
    text-align: right;
  }

  .badge {
    display: inline-flex;
    align-items: center;
    gap: 0.3em;
    padding: 0.1em 0.55em;
    border-radius: 999px;
    font-weight: 700;
    font-size: 0.9em;
    color: var(--bp-on-verdict);
    white-space: nowrap;
  }
  .badge.correct {
    background: var(--bp-correct);
  }
  .badge.wrong {
    background: var(--bp-wrong);
  }
  .badge.partial {
    background: var(--bp-partial);
  }
  .badge.none {
    background: var(--bp-surface-2);
    color: var(--bp-muted);
    border: 1px dashed var(--bp-border);
  }
  .error-text {
    color: var(--bp-danger);
    font-weight: 600;
  }
`;
