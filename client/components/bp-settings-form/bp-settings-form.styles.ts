/** The styles of <bp-settings-form>, beside its element in bp-settings-form.ts. */
import { css } from 'lit';

export const styles = css`
  form {
    display: grid;
    gap: 1.1rem;
    min-width: 0;
  }
  :host([mode='configure']) form {
    grid-template-columns: repeat(auto-fit, minmax(19rem, 1fr));
    align-items: start;
  }
  :host([mode='configure']) .actions {
    grid-column: 1 / -1;
  }
  fieldset {
    min-width: 0;
    border: 1px solid var(--bp-border);
    border-radius: 10px;
    padding: 0.7rem 0.9rem 0.9rem;
    margin: 0;
  }
  legend {
    font-weight: 700;
    padding: 0 0.3rem;
  }
  .presets {
    display: grid;
    gap: 0.5rem;
  }
  .preset {
    display: grid;
    grid-template-columns: auto 1fr;
    gap: 0.2rem 0.6rem;
    align-items: start;
    padding: 0.55rem 0.7rem;
    border: 1px solid var(--bp-border);
    border-radius: 10px;
    cursor: pointer;
    font-weight: normal;
  }
  .preset:has(input:checked) {
    border-color: var(--bp-accent);
    box-shadow: 0 0 0 1px var(--bp-accent);
  }
  .preset input {
    margin-top: 0.3rem;
    width: 1.15em;
    height: 1.15em;
    accent-color: var(--bp-accent);
  }
  .preset strong {
    display: block;
  }
  .preset .summary {
    grid-column: 2;
    font-size: 0.9rem;
    color: var(--bp-muted);
  }
  .row {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(11rem, 1fr));
    gap: 0.8rem 1rem;
  }
  .field label {
    display: block;
    margin-bottom: 0.25rem;
  }
  .hint {
    font-size: 0.85rem;
    color: var(--bp-muted);
    margin-top: 0.2rem;
  }
  .check {
    display: flex;
    align-items: center;
    gap: 0.55rem;
    font-weight: 600;
    min-height: 2.2rem;
  }
  .questions {
    width: auto;
  }
  .questions th,
  .questions td {
    text-align: center;
    padding: 0.25rem 0.4rem;
  }
  .questions th[scope='row'] {
    text-align: left;
    color: var(--bp-text);
    font-size: 0.95rem;
  }
  .questions label {
    display: inline-flex;
    min-width: 44px;
    min-height: 40px;
    align-items: center;
    justify-content: center;
    cursor: pointer;
  }
  .timer {
    display: flex;
    gap: 0.6rem;
    align-items: center;
  }
  .timer input[type='text'] {
    width: 6rem;
  }
  .actions {
    display: flex;
    gap: 0.75rem;
    align-items: center;
    flex-wrap: wrap;
  }
  .actions button.primary {
    min-width: 12rem;
    font-size: 1.1rem;
    min-height: 52px;
  }
`;
