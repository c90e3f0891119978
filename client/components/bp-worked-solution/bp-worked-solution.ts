/**
 * The chain rule with the numbers plugged in, per parameter: the rule, one line per data point
 * (dSSR/dPredicted_i × chain factor = term), the sum (the derivative), the step size and the
 * new value, each with the student's own number beside it when they gave one.
 */
import { LitElement, html, nothing } from 'lit';
import type { RevealedStep } from '../../../shared/session/stages.js';
import type { Quantity } from '../../../shared/grader/fields.js';
import type { ScoredField } from '../../../shared/grader/scoring.js';
import { chainFactor, workedParam } from '../../lib/chain-rule.js';
import { smart } from '../../lib/format.js';
import { verdictOf } from '../../lib/verdicts.js';
import { base } from '../../styles/shared.js';
import '../bp-math/bp-math.js';
import { styles } from './bp-worked-solution.styles.js';

const SHARED_TERM = '\\frac{\\partial\\,\\mathrm{SSR}}{\\partial\\,\\mathrm{Predicted}_i} = -2\\,(\\mathrm{Observed}_i - \\mathrm{Predicted}_i)';

export class BpWorkedSolution extends LitElement {
  static override properties = {
    record: { attribute: false },
    params: { attribute: false },
    fields: { attribute: false },
    large: { type: Boolean, reflect: true },
  };
  /** The revealed step (a stage before the derivatives shows nothing here). */
  declare record: RevealedStep | null;
  /** Parameters to work out (default: every trainable one). */
  declare params: readonly string[] | null;
  /** The student's graded fields, shown beside the exact lines. */
  declare fields: readonly ScoredField[];
  declare large: boolean;

  static override styles = [base, styles];

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
    // A reveal before the derivatives (an earlier stage of the chain) has no worked derivative yet.
    const derivatives = r.derivatives;
    if (!derivatives) return nothing;
    const params = (this.params ?? r.trainable).filter((p) => derivatives[p] !== undefined);
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
                <th scope="col"><bp-math aria-hidden="true" .tex=${'\\partial\\,\\mathrm{SSR}/\\partial\\,\\mathrm{Predicted}_i'}></bp-math><span class="visually-hidden">dSSR/dPredicted i</span><span class="stacked">× chain factor = term</span></th>
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
        ${w.step ? html`<div class="line"><bp-math display .tex=${w.step}></bp-math>${this.yours('steps', p)}</div>` : nothing}
        ${w.next ? html`<div class="line"><bp-math display .tex=${w.next}></bp-math>${this.yours('next', p)}</div>` : nothing}
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
