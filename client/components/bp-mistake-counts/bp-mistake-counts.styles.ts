/** The styles of <bp-mistake-counts>, beside its element in bp-mistake-counts.ts. */
import { css } from 'lit';

export const styles = css`
  ul {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 0.5rem;
  }
  .row {
    display: grid;
    grid-template-columns: 1fr 2.5rem;
    gap: 0.6rem;
    align-items: center;
  }
  .title {
    font-weight: 700;
    grid-column: 1 / -1;
  }
  .bar {
    height: 0.9rem;
    border-radius: 4px;
    background: repeating-linear-gradient(45deg, var(--bp-wrong), var(--bp-wrong) 6px, color-mix(in srgb, var(--bp-wrong) 75%, black) 6px, color-mix(in srgb, var(--bp-wrong) 75%, black) 9px);
  }
  .bar.follow {
    background: var(--bp-partial);
  }
  .count {
    font-weight: 800;
    text-align: right;
  }
  .explain {
    font-size: 0.88rem;
    margin: 0.15rem 0 0;
  }
  /* Large (the projector): every size in em of the host's font size, so it scales with the screen. */
  :host([large]) ul {
    gap: 0.35em;
  }
  :host([large]) .row {
    grid-template-columns: 1fr 2.5em;
    gap: 0.15em 0.5em;
  }
  :host([large]) .explain {
    font-size: 0.85em;
  }
  :host([large]) .bar {
    height: 0.7em;
  }
  .unit {
    margin: 0 0 0.3rem;
    font-size: 0.85em;
  }
  .credit {
    margin: 0.5rem 0 0;
    color: var(--bp-correct-text);
  }
`;
