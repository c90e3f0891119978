/** The styles of <bp-join-card>, beside its element in bp-join-card.ts. */
import { css } from 'lit';

export const styles = css`
  .wrap {
    display: grid;
    grid-template-columns: auto 1fr;
    gap: 0.75rem 1.25rem;
    align-items: center;
  }
  .qr {
    width: 132px;
  }
  .label {
    color: var(--bp-muted);
    font-weight: 600;
    font-size: 0.85em;
    text-transform: uppercase;
    letter-spacing: 0.06em;
  }
  .code {
    font-family: var(--bp-mono);
    font-weight: 800;
    font-size: 2.2rem;
    letter-spacing: 0.08em;
    line-height: 1.1;
  }
  .url {
    font-weight: 700;
    word-break: break-all;
    font-size: 1.05rem;
  }
  :host([variant='hero']) .wrap {
    grid-template-columns: auto auto;
    justify-content: center;
    gap: 2rem 4rem;
  }
  :host([variant='hero']) .qr {
    width: 420px;
  }
  :host([variant='hero']) .code {
    font-size: 9rem;
  }
  :host([variant='hero']) .url {
    font-size: 3rem;
  }
  :host([variant='hero']) .label {
    font-size: 1.8rem;
  }
  :host([variant='banner']) .wrap {
    grid-template-columns: auto auto;
    gap: 0.25rem 1.5rem;
  }
  :host([variant='banner']) .qr {
    width: 136px;
    grid-row: span 2;
  }
  :host([variant='banner']) .code {
    font-size: 3.4rem;
  }
  :host([variant='banner']) .url {
    font-size: 1.6rem;
  }
  :host([variant='banner']) .label {
    font-size: 1rem;
  }
`;
