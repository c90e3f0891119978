/** The styles of <bp-present-view>, beside its element in bp-present-view.ts. */
import { css } from 'lit';

export const styles = css`
  :host {
    font-size: 24px;
    min-height: 100vh;
    padding: 1.2rem 1.6rem;
    display: flex;
    flex-direction: column;
    gap: 1rem;
  }
  h2 {
    font-size: 1.5rem;
  }
  .bar {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 2rem;
  }
  .state {
    display: flex;
    align-items: center;
    gap: 2.5rem;
  }
  .state-words {
    text-align: right;
    display: grid;
    gap: 0.2rem;
    justify-items: end;
  }
  .phase {
    font-size: 2.4rem;
    font-weight: 800;
  }
  .answered {
    font-size: 2rem;
    font-weight: 700;
  }
  .answered strong {
    font-size: 3.4rem;
  }
  .main {
    flex: 1;
    display: grid;
    gap: 1.2rem;
    min-height: 0;
  }
  .two {
    grid-template-columns: 1.1fr 1fr;
  }
  .three {
    grid-template-columns: minmax(0, 1.15fr) minmax(0, 1fr) minmax(0, 0.6fr);
  }
  /* After the reveal: one 1080p screen, no scrolling. The formulas take the width their lines
     need; the class's answers the rest; plots shrink and go into columns, text stays large. */
  .reveal {
    grid-template-columns: minmax(0, 600px) minmax(0, 1fr) minmax(0, 390px);
    align-items: start;
  }
  .reveal.compact {
    grid-template-columns: minmax(0, 590px) minmax(0, 1fr);
  }
  .reveal .formula-group {
    margin-bottom: 0.45rem;
    padding-bottom: 0.25rem;
  }
  /* Many parameters: the round's outcome in one line each, in the bar beside the join code. */
  .brief {
    flex: 1;
    min-width: 0;
    display: grid;
    gap: 0.15rem;
    font-weight: 700;
    font-size: 1.35rem;
  }
  .brief > div {
    overflow-wrap: anywhere;
  }
  .brief .label {
    color: var(--bp-muted);
    margin-right: 0.5rem;
  }
  .brief .sep {
    color: var(--bp-muted);
    margin: 0 0.5rem;
  }
  .reveal .panel {
    height: 100%;
  }
  .rate-line {
    color: var(--bp-muted);
    font-weight: 600;
    margin: 0 0 0.3rem;
    font-size: 0.9em;
  }
  .panel {
    background: var(--bp-surface);
    border: 1px solid var(--bp-border);
    border-radius: 16px;
    padding: 1rem 1.3rem;
    min-width: 0;
    overflow: hidden;
  }
  .hero {
    flex: 1;
    display: grid;
    place-items: center;
    gap: 1.5rem;
    text-align: center;
  }
  .hero h1 {
    font-size: 2.6rem;
    margin: 0;
  }
  .names {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    justify-content: center;
    max-width: 90vw;
    max-height: 16vh;
    overflow: hidden;
  }
  .names span {
    background: var(--bp-surface-2);
    border: 1px solid var(--bp-border);
    padding: 0.15rem 0.8rem;
    border-radius: 999px;
    font-size: 1.5rem;
    font-weight: 600;
    max-width: 18rem;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .joined {
    font-size: 2.2rem;
    font-weight: 700;
  }
  .question {
    font-size: 1.8rem;
    font-weight: 700;
    margin: 0.3rem 0 1rem;
  }
  .formulas bp-math {
    font-size: 0.95em;
  }
  .formulas bp-math.small {
    font-size: 0.88em;
  }
  .formula-group {
    margin-bottom: 0.7rem;
    padding-bottom: 0.4rem;
    border-bottom: 1px solid var(--bp-border);
  }

  .formula-group:last-child {
    border-bottom: 0;
  }
  .big-number {
    font-size: 3rem;
    font-weight: 800;
  }
  .stats {
    display: flex;
    gap: 3rem;
    margin-bottom: 0.5rem;
  }
  .stats .label {
    font-size: 1.3rem;
    color: var(--bp-muted);
    font-weight: 700;
  }
  .conn {
    font-size: 1rem;
  }
  .side {
    display: flex;
    flex-direction: column;
    gap: 1.2rem;
  }
  .ssr-line {
    font-weight: 700;
    margin: 0;
  }
`;
