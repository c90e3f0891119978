/** The styles of <bp-qr-code>, beside its element in bp-qr-code.ts. */
import { css } from 'lit';

export const styles = css`
  :host {
    display: inline-block;
    line-height: 0;
  }
  img {
    width: 100%;
    height: auto;
    aspect-ratio: 1;
    background: #fff;
    border-radius: 8px;
    image-rendering: pixelated;
  }
`;
