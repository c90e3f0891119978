/** The styles of <bp-host-controls>, beside its element in bp-host-controls.ts. */
import { css } from 'lit';

export const styles = css`
  .phase {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem 1rem;
    margin-bottom: 0.8rem;
  }
  .phase-name {
    font-size: 1.25rem;
    font-weight: 800;
  }
  .group {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    align-items: center;
    margin-bottom: 0.7rem;
  }
  .group-label {
    font-size: 0.8rem;
    text-transform: uppercase;
    letter-spacing: 0.06em;
    color: var(--bp-muted);
    font-weight: 700;
    width: 100%;
  }
  .steps {
    display: inline-flex;
    align-items: center;
    gap: 0.4rem;
  }
  .steps input {
    width: 5.5rem;
  }
  .big {
    font-size: 1.1rem;
    min-height: 52px;
    padding: 0.5em 1.3em;
  }
  .stopped {
    border-left: 4px solid var(--bp-warning, #b26a00);
    padding-left: 0.6rem;
  }
  .forecast {
    flex-basis: 100%;
    margin: 0.3rem 0 0;
    font-size: 0.9rem;
  }
`;
