/**
 * The chain rule with the numbers plugged in, per parameter: the rule, one line per data point
 * (dSSR/dPredicted_i × chain factor = term), the sum (the derivative), the step size and the
 * new value, each with the student's own number beside it when they gave one.
 */
import { LitElement, css, html, nothing } from 'lit';
import type { StepRecord } from '../../../shared/engine/step-record.js';
import type { Quantity } from '../../../shared/grader/fields.js';
import type { ScoredField } from '../../../shared/grader/scoring.js';
import { chainFactor, workedParam } from '../../lib/chain-rule.js';
import { smart } from '../../lib/format.js';
import { base } from '../../styles/shared.js';
import { verdictOf } from '../bp-result-list/bp-result-list.js';
import '../bp-math/bp-math.js';

const SHARED_TERM = '\\frac{\\partial\\,\\mathrm{SSR}}{\\partial\\,\\mathrm{Predicted}_i} = -2\\,(\\mathrm{Observed}_i - \\mathrm{Predicted}_i)';

export class BpWorkedSolution extends LitElement {
  static override properties = {
    record: { attribute: false },
    params: { attribute: false },
    fields: { attribute: false },
    large: { type: Boolean, reflect: true },
  };
  declare record: StepRecord | null;
  /** Parameters to work out (default: every trainable one). */
  declare params: readonly string[] | null;
  /** The student's graded fields, shown beside the exact lines. */
  declare fields: readonly ScoredField[];
  declare large: boolean;

  static override styles = [
    base,
    css`
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
    `,
  ];

  constructor() {
    super();
    this.record = null;
    this.params = null;
    this.fields = [];
    this.large = false;
  }

  private yours(quantity: Quantity, param: string) {
    const f = this.fields.find((g) => g.quantity === quantity && g.param === param);
    if (!f || f.answer === null) return nothing;
    const v = verdictOf(f);
    return html`<span class="yours">You: <span class="num">${smart(f.answer)}</span> <span class="badge ${v.cls}"><span aria-hidden="true">${v.icon}</span> ${v.word}</span></span>`;
  }

  override render() {
    const r = this.record;
    if (!r) return nothing;
    const params = (this.params ?? r.trainable).filter((p) => r.derivatives[p] !== undefined);
    return html`${params.map((p) => {
      const w = workedParam(r, p);
      const factor = chainFactor(r, p);
      return html`<details open data-param=${p}>
        <summary>How ${p} moves</summary>
        <bp-math display .tex=${w.rule}></bp-math>
        <p class="why muted">Each data point adds <bp-math .tex=${SHARED_TERM}></bp-math> times the chain factor: ${factor.words}.</p>
        <div class="points">
          <table aria-label="Chain-rule terms of ${p} per data point">
            <thead>
              <tr>
                <th scope="col">i</th>
                <th scope="col"><bp-math .tex=${'\\partial\\,\\mathrm{SSR}/\\partial\\,\\mathrm{Predicted}_i'}></bp-math><span class="stacked">× chain factor = term</span></th>
                <th scope="col" class="wide">× chain factor</th>
                <th scope="col" class="wide">= term</th>
              </tr>
            </thead>
            <tbody>
              ${w.parts.map(
                (q, i) => html`<tr>
                  <td>${i + 1}</td>
                  <td>
                    <bp-math .tex=${q.shared}></bp-math>
                    <bp-math class="stacked" .tex=${q.factor}></bp-math>
                    <bp-math class="stacked" .tex=${q.term}></bp-math>
                  </td>
                  <td class="wide"><bp-math .tex=${q.factor}></bp-math></td>
                  <td class="wide"><bp-math .tex=${q.term}></bp-math></td>
                </tr>`,
              )}
            </tbody>
          </table>
        </div>
        <div class="line"><bp-math display .tex=${w.sum}></bp-math>${this.yours('derivatives', p)}</div>
        <div class="line"><bp-math display .tex=${w.step}></bp-math>${this.yours('steps', p)}</div>
        <div class="line"><bp-math display .tex=${w.next}></bp-math>${this.yours('next', p)}</div>
      </details>`;
    })}`;
  }
}

customElements.define('bp-worked-solution', BpWorkedSolution);
declare global {
  interface HTMLElementTagNameMap {
    'bp-worked-solution': BpWorkedSolution;
  }
}
