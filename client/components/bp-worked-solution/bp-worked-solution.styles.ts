/** The styles of <bp-worked-solution>, beside its element in bp-worked-solution.ts. */
import { css } from 'lit';

export const styles = css`
  details {
    border: 1px solid var(--bp-border);
    border-radius: 10px;
    padding: 0.4rem 0.75rem 0.6rem;
    background: var(--bp-surface);
    margin-bottom: 0.6rem;
  }
  summary {
    font-weight: 700;
    cursor: pointer;
    padding: 0.3rem 0;
    min-height: 44px;
    display: flex;
    align-items: center;
  }
  .why {
    font-size: 0.92rem;
    margin: 0.2rem 0 0.3rem;
  }
  .points {
    margin: 0.3rem 0 0.5rem;
    overflow-x: auto;
  }
  .points table {
    width: auto;
    min-width: 100%;
  }
  .points th {
    font-size: 0.8em;
    white-space: nowrap;
  }
  .points td {
    white-space: nowrap;
    padding: 0.25em 0.45em;
  }
  @media (max-width: 480px) {
    .points table {
      font-size: 0.88em;
    }
    .points td {
      padding: 0.25em 0.25em;
    }
  }
  /*
   * On a phone a row (a hidden-layer weight's chain factor is three numbers long) would run
   * off the right edge: there each row stacks its factor and term under the shared term, in
   * the same cell, and their columns go (display: none keeps one copy for screen readers).
   */
  .points {
    container-type: inline-size;
  }
  .points .stacked {
    display: none;
  }
  @container (max-width: 30rem) {
    .points .wide {
      display: none;
    }
    .points .stacked {
      display: block;
    }
  }
  .points td:first-child {
    color: var(--bp-muted);
    font-weight: 700;
  }
  .line {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0 0.75rem;
  }
  .line bp-math {
    flex: 1 1 auto;
    min-width: 0;
  }
  .yours {
    font-size: 0.92rem;
    white-space: nowrap;
    font-weight: 600;
  }
  .yours .badge {
    font-size: 0.85rem;
  }
  :host([large]) {
    font-size: 1.35rem;
  }
  /* The links the round asked: marked, so the eye finds them among the upstream ones. */
  .asked {
    background: var(--bp-highlight, #fff4c2);
    box-shadow: inset 4px 0 0 var(--bp-warning, #b26a00);
    border-radius: 6px;
  }
  .line.asked,
  .points.asked {
    padding: 0 0.5rem;
  }
  .chain .link {
    overflow-x: auto;
    overflow-y: hidden;
    margin: 0.2rem 0;
  }
  .chain .link bp-math {
    flex: 0 1 auto;
  }
  .chain summary .muted {
    font-weight: 500;
    margin-left: 0.4em;
  }
`;
