/** The styles of <bp-param-panel>, beside its element in bp-param-panel.ts. */
import { css } from 'lit';

export const styles = css`
  .params {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(7.5rem, 1fr));
    gap: 0.5rem;
    margin-bottom: 0.9rem;
  }
  .param {
    background: var(--bp-surface-2);
    border-radius: 10px;
    padding: 0.45rem 0.7rem;
    border: 1px solid var(--bp-border);
  }
  .param.trainable {
    border-color: var(--bp-accent);
    border-width: 2px;
  }
  .param .name {
    font-size: 0.95em;
    color: var(--bp-muted);
  }
  .param .value {
    font-size: 1.35em;
    font-weight: 700;
  }
  .fixed {
    font-size: 0.9em;
    margin: -0.3em 0 0.9em;
  }
  .tables {
    display: grid;
    gap: 0.75rem;
  }
  table {
    font-size: 0.95em;
  }
  td,
  th {
    padding: 0.3em 0.4em;
  }
  caption {
    text-align: left;
    font-weight: 700;
    padding-bottom: 0.3rem;
  }
  /* A phone: each value beside its name, so the values and the answer fields share the first screen. */
  @media (max-width: 30rem) {
    :host(:not([large])) .params {
      gap: 0.4rem;
      margin-bottom: 0.6rem;
    }
    :host(:not([large])) .param {
      display: flex;
      align-items: baseline;
      justify-content: space-between;
      gap: 0.5rem;
      padding: 0.3rem 0.6rem;
    }
    :host(:not([large])) .param .name {
      white-space: nowrap;
    }
    :host(:not([large])) .param .value {
      font-size: 1.2em;
    }
    :host(:not([large])) .fixed {
      margin-bottom: 0.6em;
    }
  }
  :host([large]) .param .value {
    font-size: 1.55em;
  }
  :host([large]) .param .name {
    font-size: 1em;
  }
  :host([large]) .params {
    grid-template-columns: repeat(auto-fill, minmax(6.8em, 1fr));
    gap: 0.5em;
  }
`;
