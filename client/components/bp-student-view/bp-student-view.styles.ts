/** The styles of <bp-student-view>, beside its element in bp-student-view.ts. */
import { css } from 'lit';

export const styles = css`
  :host {
    max-width: 46rem;
    margin: 0 auto;
    padding: 0 0.75rem 3rem;
  }
  header {
    position: sticky;
    top: 0;
    z-index: 2;
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 0.4rem 0.75rem;
    padding: 0.6rem 0.1rem;
    background: var(--bp-bg);
    border-bottom: 1px solid var(--bp-border);
    margin-bottom: 0.9rem;
  }
  .brand {
    font-size: 1rem;
    font-weight: 800;
    margin: 0;
    line-height: 1.45;
  }
  .brand .code {
    font-family: var(--bp-mono);
    color: var(--bp-muted);
    margin-left: 0.35rem;
  }
  .me {
    display: flex;
    gap: 0.5rem;
    align-items: center;
    font-size: 0.95rem;
    width: 100%;
    justify-content: space-between;
  }
  .me .who {
    font-weight: 700;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  section.card {
    margin-bottom: 0.9rem;
    min-width: 0;
    /* Below the sticky header when scrolled to. */
    scroll-margin-top: 6.5rem;
  }
  @media (max-width: 480px) {
    section.card {
      padding: 0.8rem 0.75rem;
    }
  }
  .round-head {
    display: flex;
    justify-content: space-between;
    align-items: center;
    flex-wrap: wrap;
    gap: 0.5rem;
  }
  .round-head h2 {
    margin: 0;
  }
  .notice {
    border-left: 5px solid var(--bp-partial);
    background: var(--bp-surface);
    padding: 0.6rem 0.8rem;
    border-radius: 8px;
    margin-bottom: 0.9rem;
    font-weight: 600;
  }
  .notice.bad {
    border-left-color: var(--bp-wrong);
  }
  .seat-join {
    margin-top: 1.2rem;
    border-top: 1px solid var(--bp-border, #d0d7de);
    padding-top: 0.8rem;
  }
  .seat-join summary {
    cursor: pointer;
    color: var(--bp-muted);
  }
  .join-form {
    display: grid;
    gap: 0.6rem;
  }
  .join-form button {
    font-size: 1.1rem;
    min-height: 52px;
  }
  .score-line {
    display: flex;
    flex-wrap: wrap;
    gap: 0.4rem 1.2rem;
    font-size: 1.05rem;
    margin-bottom: 0.8rem;
  }
  .score-line strong {
    font-size: 1.35rem;
  }
  .big-wait {
    text-align: center;
    padding: 1.5rem 0.5rem;
  }
  .big-wait .emoji {
    font-size: 2.5rem;
  }
  .ask {
    font-size: 1.02rem;
  }
  .join-title {
    font-size: 1.4rem;
  }
  .precision {
    margin: 0;
  }
  .round-head {
    margin-bottom: 0.5rem;
  }
  .answers {
    margin-top: 0.9rem;
    padding-top: 0.8rem;
    border-top: 1px solid var(--bp-border);
    scroll-margin-top: 6.5rem;
  }
  .answers-title {
    font-size: 1.15rem;
    margin-bottom: 0.6rem;
  }
  /* The open round's plot and tables, folded below the answers: a visible marker says they open. */
  details.fold {
    padding-top: 0.2rem;
    padding-bottom: 0.2rem;
    scroll-margin-top: 6.5rem;
  }
  details.fold[open] {
    padding-bottom: 0.8rem;
  }
  details.fold > summary {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    min-height: 44px;
    font-weight: 700;
    font-size: 1.05rem;
    cursor: pointer;
  }
  details.fold > summary::after {
    content: 'Show';
    margin-left: auto;
    font-size: 0.85rem;
    font-weight: 600;
    color: var(--bp-accent);
  }
  details.fold[open] > summary::after {
    content: 'Hide';
  }
  details.fold[open] > summary {
    margin-bottom: 0.5rem;
  }
  .final {
    border-left: 6px solid var(--bp-correct);
  }
  .final h2 {
    font-size: 1.35rem;
  }
  .final-stats {
    display: grid;
    grid-template-columns: repeat(2, minmax(0, 1fr));
    gap: 0.6rem;
    margin: 0.4rem 0 0.8rem;
  }
  .final-stats div {
    background: var(--bp-surface-2);
    border-radius: 10px;
    padding: 0.5rem 0.7rem;
  }
  .final-stats dt {
    font-size: 0.9rem;
    color: var(--bp-muted);
  }
  .final-stats dd {
    margin: 0;
    font-size: 1.5rem;
    font-weight: 800;
  }
`;
