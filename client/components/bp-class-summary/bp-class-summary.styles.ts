/** The styles of <bp-class-summary>, beside its element in bp-class-summary.ts. */
import { css } from 'lit';

export const styles = css`
  .fields {
    display: grid;
    gap: 0.9rem 1.5rem;
  }
  .field h3 {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    gap: 0.25rem 1rem;
    align-items: baseline;
    margin-bottom: 0.1rem;
  }
  .counts {
    font-weight: 600;
    font-size: 0.9rem;
    display: inline-flex;
    flex-wrap: wrap;
    gap: 0 0.75rem;
  }
  /* In a narrow column the counts wrap between themselves, never inside "✓ 1 right". */
  .counts > span {
    white-space: nowrap;
  }
  .c-correct .i {
    color: var(--bp-correct);
  }
  .c-follow .i {
    color: var(--bp-partial);
  }
  .c-wrong .i {
    color: var(--bp-wrong);
  }
  :host([large]) .field h3 {
    font-size: 1.05em;
  }
  :host([large]) .counts {
    font-size: 0.95em;
  }
  :host([large]) .fields {
    gap: 0.5em;
  }
  .rest {
    list-style: none;
    margin: 0.6em 0 0;
    padding: 0;
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(17em, 1fr));
    gap: 0 1.2em;
  }
  .rest li {
    display: flex;
    justify-content: space-between;
    gap: 0.6em;
    padding: 0.25em 0;
    border-bottom: 1px solid var(--bp-border);
  }
  .rest-name {
    font-weight: 700;
    font-size: 0.9em;
  }
  .rest .counts {
    gap: 0.5em;
  }
  :host([large]) .rest {
    grid-template-columns: repeat(auto-fill, minmax(20em, 1fr));
  }

  /* The projector's board (large, one quantity plotted): sizes in em of the host's font size. */
  .group {
    margin: 0 0 0.2em;
    font-weight: 700;
    color: var(--bp-muted);
  }
  :host([large]) .field h3 {
    font-size: 1em;
    margin: 0;
    align-items: center;
  }
  /* KaTeX sets subscripts at 0.7 of the formula: w₃'s 3 stays at 22 px on the projector. */
  :host([large]) h3 bp-math,
  .grid-counts bp-math {
    font-size: 1.08em;
  }
  .counts.brief {
    font-size: 1em;
    gap: 0 0.6em;
  }
  .counts.brief .i {
    margin-right: 0.15em;
  }
  .grid-counts {
    border-collapse: collapse;
    margin-top: 0.5em;
    width: 100%;
  }
  .grid-counts th {
    font-size: 1em;
    color: inherit;
  }
  .grid-counts th,
  .grid-counts td {
    padding: 0.2em 0.4em;
    border-bottom: 1px solid var(--bp-border);
    text-align: left;
    white-space: nowrap;
  }
  .grid-counts th[scope='row'] {
    padding-left: 0;
  }
  .grid-counts thead th {
    font-weight: 700;
  }
  .key {
    display: flex;
    flex-wrap: wrap;
    gap: 0 1.2em;
    margin: 0.4em 0 0;
    color: var(--bp-muted);
    font-size: 0.8em;
  }
  .key .c-correct {
    color: var(--bp-correct);
  }
  .key .c-follow {
    color: var(--bp-partial);
  }
  .key .c-wrong {
    color: var(--bp-wrong);
  }
  /* The per-point fields by dose (projector): a plot per link and dose. */
  .by-dose {
    width: 100%;
    border-collapse: collapse;
    table-layout: fixed;
  }
  .by-dose thead th {
    text-align: left;
    font-weight: 700;
    padding: 0 0.3em 0.15em;
  }
  .by-dose tbody th {
    width: 5.2em;
    text-align: left;
    padding-right: 0.4em;
    white-space: nowrap;
    font-weight: 600;
  }
  .by-dose td {
    padding: 0.05em 0.3em;
    vertical-align: top;
    border-top: 1px solid var(--bp-border);
  }
  .by-dose thead td {
    width: 4.2em;
  }
  /* The counts in a narrow column beside the plot: a row of plots stays one plot tall. */
  .by-dose .cell {
    display: flex;
    align-items: flex-end;
    gap: 0.2em;
  }
  .by-dose .cell bp-strip-plot {
    flex: 1 1 auto;
    min-width: 0;
  }
  .by-dose .counts.brief {
    font-size: 0.8em;
    flex-direction: column;
    flex: 0 0 auto;
    gap: 0;
    padding-bottom: 0.4em;
  }
`;
