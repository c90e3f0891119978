/** The styles of <bp-connection-status>, beside its element in bp-connection-status.ts. */
import { css } from 'lit';

export const styles = css`
  :host {
    display: inline-block;
  }
  .pill {
    display: inline-flex;
    align-items: center;
    gap: 0.4em;
    padding: 0.2em 0.7em;
    border-radius: 999px;
    border: 1px solid var(--bp-border);
    background: var(--bp-surface);
    font-size: 0.9em;
    font-weight: 600;
    white-space: nowrap;
  }
  .icon {
    font-size: 0.95em;
  }
  .connected .icon {
    color: var(--bp-correct);
  }
  .reconnecting .icon,
  .connecting .icon {
    color: var(--bp-partial);
  }
  .refused .icon {
    color: var(--bp-wrong);
  }
  .door .icon {
    color: var(--bp-muted);
  }
  .reconnecting .icon,
  .connecting .icon {
    display: inline-block;
    animation: spin 1.2s linear infinite;
  }
  @keyframes spin {
    to {
      transform: rotate(360deg);
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .reconnecting .icon,
    .connecting .icon {
      animation: none;
    }
  }
`;
