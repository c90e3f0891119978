/** The styles of <bp-countdown>, beside its element in bp-countdown.ts. */
import { css } from 'lit';

export const styles = css`
  :host {
    display: inline-block;
  }
  .timer {
    display: inline-flex;
    align-items: center;
    gap: 0.5em;
    font-weight: 700;
  }
  .time {
    font-size: 1.4em;
  }
  :host([size='large']) .time {
    font-size: 3.2em;
  }
  .bar {
    width: 6em;
    height: 0.5em;
    border-radius: 999px;
    background: var(--bp-surface-2);
    overflow: hidden;
    border: 1px solid var(--bp-border);
  }
  :host([size='large']) .bar {
    width: 10em;
    height: 0.8em;
  }
  .fill {
    height: 100%;
    background: var(--bp-accent);
  }
  .low .fill {
    background: var(--bp-wrong);
  }
  .low .time::after {
    content: ' ⚠';
  }
`;
