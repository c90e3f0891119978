/** The styles of <bp-host-view>, beside its element in bp-host-view.ts. */
import { css } from 'lit';

export const styles = css`
  :host {
    padding: 0 1.25rem 2rem;
    max-width: 1800px;
    margin: 0 auto;
  }
  header {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem 1.25rem;
    padding: 0.8rem 0;
  }
  header h1 {
    font-size: 1.3rem;
    margin: 0;
  }
  header .title {
    color: var(--bp-muted);
    flex: 1;
  }
  .top {
    display: grid;
    grid-template-columns: minmax(0, 1fr) auto;
    gap: 1rem;
    margin-bottom: 1rem;
    align-items: stretch;
  }
  .links {
    display: flex;
    flex-direction: column;
    gap: 0.5rem;
    justify-content: center;
    min-width: 16rem;
  }
  .links input {
    font-size: 0.85rem;
  }
  .grid {
    display: grid;
    grid-template-columns: minmax(23rem, 27rem) minmax(0, 1fr) minmax(16rem, 20rem);
    gap: 1rem;
    align-items: start;
  }
  .col {
    display: grid;
    gap: 1rem;
    min-width: 0;
  }
  .card {
    min-width: 0;
  }
  .status-line {
    min-height: 1.5em;
    font-weight: 600;
    margin-top: 0.3rem;
  }
  .status-line.error {
    color: var(--bp-danger);
  }
  .warn {
    border-left: 5px solid var(--bp-partial);
    padding: 0.4rem 0.7rem;
    background: var(--bp-surface-2);
    border-radius: 6px;
    font-size: 0.92rem;
    margin-top: 0.5rem;
  }
  .plots {
    display: grid;
    gap: 1rem;
  }
  .join-row {
    display: grid;
    grid-template-columns: auto minmax(12rem, 1fr);
    gap: 1.5rem;
    align-items: center;
  }
  .next-step {
    margin: 0;
    padding: 0.8rem 1rem;
    border-left: 4px solid var(--bp-accent);
    background: var(--bp-surface-2);
    border-radius: 8px;
    max-width: 34rem;
  }
  .settings {
    margin-top: 1rem;
  }
  .exports {
    display: flex;
    gap: 0.5rem;
    flex-wrap: wrap;
  }
  details.card > summary {
    font-weight: 700;
    font-size: 1.1rem;
    cursor: pointer;
    min-height: 44px;
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.2rem 0.6rem;
  }
  details.card > summary .summary-hint {
    font-weight: 500;
    font-size: 0.95rem;
    color: var(--bp-muted);
  }
  .token-form {
    max-width: 36rem;
    margin: 3rem auto;
  }
  .token-form form {
    display: grid;
    gap: 0.6rem;
  }
  @media (max-width: 1100px) {
    .grid {
      grid-template-columns: 1fr;
    }
    .top {
      grid-template-columns: 1fr;
    }
  }
  /* A phone as the second device: the QR code above the link and the next step. */
  @media (max-width: 700px) {
    .join-row {
      grid-template-columns: minmax(0, 1fr);
      gap: 0.75rem;
    }
  }
`;
