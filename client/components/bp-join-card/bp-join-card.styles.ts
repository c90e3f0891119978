/** The styles of <bp-join-card>, beside its element in bp-join-card.ts. */
import { css } from 'lit';

/* On the projector, --u is one pixel of a 1920×1080 screen, scaled to the screen (bp-present-view). */
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
  .code-label {
    margin-top: 0.4em;
  }
  .code {
    font-family: var(--bp-mono);
    font-weight: 800;
    font-size: 2.2rem;
    letter-spacing: 0.08em;
    line-height: 1.1;
  }
  /* Breaks after a slash (<wbr>), or anywhere in a long host name. */
  .url {
    font-weight: 700;
    overflow-wrap: anywhere;
    font-size: 1.05rem;
  }
  .warn {
    border: 3px solid var(--bp-wrong);
    border-radius: 12px;
    padding: 0.6em 0.9em;
    font-weight: 600;
    max-width: 40em;
  }
  .warn strong {
    display: block;
    color: var(--bp-wrong);
  }
  :host([variant='hero']) .wrap {
    grid-template-columns: auto auto;
    justify-content: center;
    gap: calc(32 * var(--u, 1px)) calc(64 * var(--u, 1px));
  }
  :host([variant='hero']) .qr {
    width: calc(440 * var(--u, 1px));
  }
  :host([variant='hero']) .code {
    font-size: calc(144 * var(--u, 1px));
  }
  :host([variant='hero']) .url {
    font-size: calc(48 * var(--u, 1px));
  }
  :host([variant='hero']) .label {
    font-size: calc(28 * var(--u, 1px));
  }
  :host([variant='hero']) .warn {
    font-size: calc(36 * var(--u, 1px));
  }
  :host([variant='banner']) .warn,
  :host([variant='strip']) .warn {
    font-size: calc(24 * var(--u, 1px));
    max-width: calc(640 * var(--u, 1px));
    padding: 0.3em 0.6em;
  }
  /* A column beside the round. From the back row a phone sees the screen a third of its size:
     a QR code of 300 px and more at 1080p still scans. */
  :host([variant='banner']) .wrap {
    grid-template-columns: calc(340 * var(--u, 1px));
    gap: calc(12 * var(--u, 1px));
  }
  :host([variant='banner']) .qr {
    width: calc(320 * var(--u, 1px));
  }
  :host([variant='banner']) .code,
  :host([variant='strip']) .code {
    font-size: calc(64 * var(--u, 1px));
  }
  :host([variant='banner']) .url,
  :host([variant='strip']) .url {
    font-size: calc(30 * var(--u, 1px));
  }
  :host([variant='banner']) .url {
    font-size: calc(26 * var(--u, 1px));
  }
  :host([variant='banner']) .label,
  :host([variant='strip']) .label {
    font-size: calc(22 * var(--u, 1px));
  }
  :host([variant='strip']) .wrap {
    display: block;
  }
  :host([variant='strip']) .words {
    display: grid;
    grid-template-columns: auto auto;
    align-items: baseline;
    gap: 0 calc(16 * var(--u, 1px));
  }
  :host([variant='strip']) .code-label {
    margin-top: 0;
  }
`;
