/** The styles of <bp-start-page>, beside its element in bp-start-page.ts. */
import { css } from 'lit';

export const styles = css`
  :host {
    max-width: 1200px;
    margin: 0 auto;
    padding: 1.5rem 1.25rem 3rem;
  }
  header {
    margin-bottom: 1.5rem;
  }
  header h1 {
    font-size: 2.2rem;
    margin-bottom: 0.25rem;
  }
  header p {
    font-size: 1.1rem;
    color: var(--bp-muted);
    max-width: 52rem;
  }
  .grid {
    display: grid;
    grid-template-columns: minmax(0, 1.7fr) minmax(18rem, 1fr);
    gap: 1.25rem;
    align-items: start;
  }
  .side {
    display: grid;
    gap: 1.25rem;
  }
  .join-form {
    display: grid;
    gap: 0.6rem;
  }
  #code {
    font-family: var(--bp-mono);
    font-size: 1.6rem;
    letter-spacing: 0.12em;
    text-transform: uppercase;
  }
  ol {
    padding-left: 1.2rem;
    margin: 0;
  }
  ol li {
    margin-bottom: 0.5rem;
  }
  @media (max-width: 860px) {
    .grid {
      grid-template-columns: 1fr;
    }
    .side {
      order: -1;
    }
  }
`;
