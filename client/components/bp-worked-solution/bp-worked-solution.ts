/**
 * The chain rule with the numbers plugged in. The links of the forward pass and the shared term
 * at every dose (x = w·Input + b, y = f(x), the prediction, the residual, dSSR/dPredicted), as
 * far as the revealed step goes (a staged reveal stops at `step.upTo`: nothing downstream is
 * shown); then, once the step is whole, per parameter: the rule, one line per data point
 * (dSSR/dPredicted_i × chain factor = term), the sum (the derivative), the step size and the new
 * value. The links the round asked are highlighted (`asked`), each with the student's own number
 * and verdict beside it when they gave one.
 */
import { LitElement, html, nothing } from 'lit';
import type { StepRecord } from '../../../shared/engine/step-record.js';
import { linkOf, LINK_ORDER, type FieldRef, type Link, type Quantity } from '../../../shared/grader/fields.js';
import type { ScoredField } from '../../../shared/grader/scoring.js';
import { askedLinks, type RevealedStep } from '../../../shared/session/stages.js';
import { chainFactor, workedLinks, workedParam } from '../../lib/chain-rule.js';
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
    asked: { attribute: false },
    large: { type: Boolean, reflect: true },
  };
  /** The revealed step: whole, or (a staged reveal) the links up to `upTo`. */
  declare record: RevealedStep | StepRecord | null;
  /** The fields the round asked: their links are highlighted. */
  declare asked: readonly FieldRef[];
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
    this.asked = [];
    this.large = false;
  }

  private yours(quantity: Quantity, param: string | undefined, point?: number) {
    const f = this.fields.find((g) => g.quantity === quantity && g.param === param && g.point === point);
    if (!f || f.answer === null) return nothing;
    const v = verdictOf(f);
    return html`<span class="yours">You: <span class="num">${smart(f.answer)}</span> <span class="badge ${v.cls}"><span aria-hidden="true">${v.icon}</span> ${v.word}</span></span>`;
  }

  /** The per-point links at every dose, upstream of the terms (only those the step holds). */
  private chain(r: RevealedStep | StepRecord, links: ReadonlySet<Link>, asked: ReadonlySet<Link>) {
    return html`<section class="chain" data-testid="worked-chain" aria-label="The chain at every dose">
      ${r.points.map(
        (p, i) => html`<details open data-point=${i}>
          <summary>Dose&nbsp;<span class="num">${p.input}</span> <span class="muted">· observed <span class="num">${p.observed}</span></span></summary>
          ${workedLinks(r, i, links).map((l) => {
            const link = linkOf(l.quantity);
            const on = asked.has(link);
            return html`<div class="line link ${on ? 'asked' : ''}" data-link=${link} data-field="${l.quantity}:${i}">
              <bp-math display .tex=${l.tex}></bp-math>${on ? html`<span class="visually-hidden">(asked this round)</span>` : nothing}${this.yours(l.quantity, undefined, i)}
            </div>`;
          })}
        </details>`,
      )}
    </section>`;
  }

  override render() {
    const r = this.record;
    if (!r) return nothing;
    const asked = new Set(askedLinks(this.asked));
    // The forward pass and the shared term at every dose: all a reveal stopping before the terms
    // holds (what its stage and the earlier ones revealed); past them, the links the round asked.
    const upstream = LINK_ORDER.slice(0, LINK_ORDER.indexOf('terms'));
    const beforeTerms = !r.terms;
    const chain = new Set(upstream.filter((l) => beforeTerms || asked.has(l)));
    const chainPart = chain.size > 0 ? this.chain(r, chain, asked) : nothing;
    if (beforeTerms) return chainPart;
    return html`${chainPart}${this.params$(r, asked)}`;
  }

  /** Per parameter, the terms and, as far as the step goes, the derivative, the step size and the new value. */
  private params$(r: StepRecord | RevealedStep, asked: ReadonlySet<Link>) {
    const on = (l: Link) => (asked.has(l) ? 'asked' : '');
    const params = (this.params ?? r.trainable).filter((p) => r.terms?.[p] !== undefined);
    return html`${params.map((p) => {
      const w = workedParam(r, p);
      const factor = chainFactor(r, p);
      return html`<details open data-param=${p}>
        <summary>How ${p} moves</summary>
        <bp-math display .tex=${w.rule}></bp-math>
        <p class="why muted">Each data point adds <bp-math .tex=${SHARED_TERM}></bp-math> times the chain factor: ${factor.words}.</p>
        <div class="points ${on('terms')}" data-link="terms">
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
                    <span class="stacked">${this.yours('terms', p, i)}</span>
                  </td>
                  <td class="wide"><bp-math .tex=${q.factor}></bp-math></td>
                  <td class="wide"><bp-math .tex=${q.term}></bp-math>${this.yours('terms', p, i)}</td>
                </tr>`,
              )}
            </tbody>
          </table>
        </div>
        ${r.derivatives ? html`<div class="line ${on('derivatives')}" data-link="derivatives"><bp-math display .tex=${w.sum}></bp-math>${this.yours('derivatives', p)}</div>` : nothing}
        ${r.steps ? html`<div class="line ${on('steps')}" data-link="steps"><bp-math display .tex=${w.step}></bp-math>${this.yours('steps', p)}</div>` : nothing}
        ${r.next ? html`<div class="line ${on('next')}" data-link="next"><bp-math display .tex=${w.next}></bp-math>${this.yours('next', p)}</div>` : nothing}
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
