/** The styles of <bp-math>, beside its element in bp-math.ts. */
import { css } from 'lit';

export const styles = css`
  :host {
    display: inline-block;
    max-width: 100%;
  }
  :host([display]) {
    display: block;
    overflow-x: auto;
    overflow-y: hidden;
  }
  .katex-display {
    margin: 0.3em 0;
  }
  .katex-display.fleqn > .katex {
    padding-left: 0;
  }
  .katex {
    font-size: calc(1.08em * var(--bp-math-fit, 1));
  }
`;
