/** The styles of <bp-present-view>, beside its element in bp-present-view.ts. */
import { css } from 'lit';

/*
 * One picture for every screen: --u is one pixel of a 1920×1080 screen, scaled to fit this one
 * (the smaller of width/1920 and height/1080), and every size below is a multiple of it. At
 * 1080p body text is 28 px, labels 22 px and formulas 32 px (their subscripts 22 px): readable
 * from the back of a 20 m room. The children inherit --u (custom properties cross shadow roots).
 */
export const styles = css`
  :host {
    --u: min(calc(100vw / 1920), calc(100vh / 1080));
    font-size: calc(28 * var(--u));
    line-height: 1.3;
  }
  main {
    height: 100vh;
    padding: calc(14 * var(--u)) calc(24 * var(--u));
    display: flex;
    flex-direction: column;
    gap: calc(14 * var(--u));
  }
  h2 {
    font-size: calc(34 * var(--u));
    margin: 0 0 calc(10 * var(--u));
  }
  h3 {
    font-size: calc(28 * var(--u));
    margin: calc(12 * var(--u)) 0 calc(6 * var(--u));
  }
  .label {
    font-size: calc(22 * var(--u));
  }
  .bar {
    display: flex;
    align-items: center;
    min-height: calc(100 * var(--u));
    gap: calc(32 * var(--u));
  }
  .bar > bp-join-card {
    flex: none;
  }
  .state {
    margin-left: auto;
    display: flex;
    align-items: center;
    gap: calc(40 * var(--u));
  }
  bp-countdown {
    font-size: calc(28 * var(--u));
  }
  .state-words {
    text-align: right;
    display: grid;
    gap: calc(4 * var(--u));
    justify-items: end;
  }
  .status-line {
    display: flex;
    align-items: center;
    gap: calc(16 * var(--u));
  }
  .phase {
    font-size: calc(50 * var(--u));
    font-weight: 800;
    line-height: 1.1;
  }
  .answered {
    font-size: calc(36 * var(--u));
    font-weight: 700;
  }
  .answered strong {
    font-size: calc(60 * var(--u));
  }
  .conn {
    font-size: calc(26 * var(--u));
  }
  .main {
    flex: 1;
    display: grid;
    gap: calc(16 * var(--u));
    min-height: 0;
    align-items: start;
  }
  .two {
    grid-template-columns: minmax(0, 1.1fr) minmax(0, 1fr);
  }
  .two.with-join {
    grid-template-columns: auto minmax(0, 1.1fr) minmax(0, 1fr);
  }
  .panel {
    background: var(--bp-surface);
    border: 1px solid var(--bp-border);
    border-radius: calc(16 * var(--u));
    padding: calc(14 * var(--u)) calc(20 * var(--u));
    min-width: 0;
  }
  /* After the reveal: the formulas take the width their lines need, the class's answers the rest;
     every panel is as tall as its content. */
  .reveal {
    grid-template-columns: fit-content(48%) minmax(0, 1fr);
  }
  /* A staged reveal: the chain by dose on the left, the class's answers by dose on the right. */
  .reveal.stage {
    grid-template-columns: minmax(0, 0.75fr) minmax(0, 1.25fr);
  }
  .reveal.stage .column {
    align-content: start;
  }
  .worst-link {
    margin: 0 0 calc(8 * var(--u));
  }
  bp-stage-table.known {
    display: block;
    margin-top: calc(12 * var(--u));
  }
  .question .stage {
    display: block;
    color: var(--bp-accent, #2457c5);
  }
  .column {
    display: grid;
    gap: calc(16 * var(--u));
    min-width: 0;
  }
  .outcome {
    display: grid;
    grid-auto-flow: column;
    grid-auto-columns: minmax(0, 1fr);
    gap: calc(16 * var(--u));
    align-items: start;
  }
  .outcome bp-leaderboard,
  .outcome bp-mistake-counts {
    font-size: calc(28 * var(--u));
  }
  .formulas bp-math {
    font-size: calc(30.4 * var(--u));
  }
  .formulas bp-math.lines {
    display: block;
    padding: calc(1 * var(--u)) 0;
  }
  .formula-group {
    margin-bottom: calc(6 * var(--u));
    padding-bottom: calc(2 * var(--u));
    border-bottom: 1px solid var(--bp-border);
  }
  .formula-group:last-child {
    border-bottom: 0;
    margin-bottom: 0;
  }
  .rate-line {
    color: var(--bp-muted);
    font-weight: 600;
    margin: 0 0 calc(4 * var(--u));
  }
  /* Many parameters: the round's outcome in one line each, in the bar beside the join code. */
  .brief {
    flex: 1;
    min-width: 0;
    display: grid;
    gap: calc(2 * var(--u));
    font-weight: 700;
  }
  .brief > div {
    overflow-wrap: anywhere;
  }
  .brief .label {
    font-size: 1em;
    color: var(--bp-muted);
    margin-right: 0.5em;
  }
  .brief .sep {
    color: var(--bp-muted);
    margin: 0 0.4em;
  }
  .hero {
    display: grid;
    place-items: center;
    text-align: center;
  }
  .hero-inner {
    display: grid;
    place-items: center;
    gap: calc(24 * var(--u));
  }
  .hero h1 {
    font-size: calc(44 * var(--u));
    margin: 0;
  }
  .closed {
    font-size: calc(56 * var(--u));
    font-weight: 800;
    margin: 0;
  }
  .names {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-wrap: wrap;
    gap: calc(8 * var(--u));
    justify-content: center;
    max-width: 90vw;
    max-height: 16vh;
    overflow: hidden;
  }
  .names li {
    background: var(--bp-surface-2);
    border: 1px solid var(--bp-border);
    padding: calc(2 * var(--u)) calc(13 * var(--u));
    border-radius: 999px;
    font-size: calc(28 * var(--u));
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  .joined {
    font-size: calc(40 * var(--u));
    font-weight: 700;
  }
  .question {
    font-size: calc(32 * var(--u));
    font-weight: 700;
    margin: 0 0 calc(16 * var(--u));
  }
  bp-param-panel {
    font-size: calc(26 * var(--u));
  }
  .big-number {
    font-size: calc(56 * var(--u));
    font-weight: 800;
  }
  .stats {
    display: flex;
    gap: calc(48 * var(--u));
    margin-bottom: calc(8 * var(--u));
  }
  .stats .label {
    color: var(--bp-muted);
    font-weight: 700;
  }
  .stopped {
    font-size: calc(28 * var(--u));
    border-left: calc(6 * var(--u)) solid var(--bp-warning, #b26a00);
    padding-left: calc(12 * var(--u));
    margin: 0 0 calc(8 * var(--u));
  }

  /* The end: a podium and the class in numbers. */
  .end-title {
    font-size: calc(56 * var(--u));
    margin: 0;
  }
  .ending {
    grid-template-columns: minmax(0, 1fr) minmax(0, 1fr);
    align-items: stretch;
  }
  /* No podium (the leaderboard hidden): the summary alone, centred, as tall as its content. */
  .ending.solo {
    grid-template-columns: minmax(0, calc(1200 * var(--u)));
    justify-content: center;
    align-items: start;
  }
  .podium-panel {
    display: flex;
    flex-direction: column;
  }
  .podium {
    flex: 1;
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    grid-template-columns: repeat(3, minmax(0, 1fr));
    gap: calc(16 * var(--u));
    align-items: end;
  }
  .step {
    display: flex;
    flex-direction: column;
    align-items: stretch;
    text-align: center;
    gap: calc(6 * var(--u));
  }
  .step .who {
    font-size: calc(40 * var(--u));
    font-weight: 800;
    line-height: 1.15;
    overflow-wrap: anywhere;
  }
  .step .points {
    font-size: calc(32 * var(--u));
    font-weight: 700;
    color: var(--bp-muted);
  }
  .step .block {
    display: grid;
    place-items: center;
    border-radius: calc(12 * var(--u)) calc(12 * var(--u)) 0 0;
    font-size: calc(96 * var(--u));
    font-weight: 800;
    color: #fff;
    background: var(--bp-blue);
  }
  .place-1 .block {
    height: calc(520 * var(--u));
    background: var(--bp-orange);
    color: #000;
  }
  .place-2 .block {
    height: calc(400 * var(--u));
  }
  .place-3 .block {
    height: calc(300 * var(--u));
    background: var(--bp-sky);
    color: #000;
  }
  .place-1 .who {
    font-size: calc(52 * var(--u));
  }
  .facts {
    display: flex;
    gap: calc(56 * var(--u));
    margin: 0 0 calc(8 * var(--u));
  }
  .facts dt {
    color: var(--bp-muted);
    font-weight: 700;
  }
  .facts dd {
    margin: 0;
    font-size: calc(80 * var(--u));
    font-weight: 800;
    line-height: 1.1;
  }
  /* One grid for all rows, so the bars and the percentages line up. */
  .accuracy {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    grid-template-columns: auto minmax(0, 1fr) auto auto;
    gap: calc(14 * var(--u)) calc(20 * var(--u));
    align-items: center;
    font-size: calc(34 * var(--u));
    font-weight: 700;
  }
  .accuracy li {
    display: contents;
  }
  .meter {
    height: calc(34 * var(--u));
    background: var(--bp-surface-2);
    border: 1px solid var(--bp-border);
    border-radius: calc(6 * var(--u));
    overflow: hidden;
  }
  .meter > span {
    display: block;
    height: 100%;
    background: var(--bp-correct);
  }
  .pct {
    font-size: calc(44 * var(--u));
    text-align: right;
  }
  .of {
    font-size: calc(28 * var(--u));
  }
  .final-summary h3 {
    font-size: calc(32 * var(--u));
    margin-top: calc(28 * var(--u));
  }
  .final-summary .explain {
    font-size: calc(28 * var(--u));
  }
  .top-mistake {
    font-size: calc(44 * var(--u));
    margin: 0 0 calc(4 * var(--u));
  }
  .explain {
    margin: 0;
  }
`;
