/**
 * The links of the chain revealed so far, at every data point: a column per dose, a row per link
 * (x and y of each hidden node, the prediction, the residual, dSSR/dPredicted, each parameter's
 * term), only what the step holds (`step.upTo`: nothing downstream). A column per dose keeps it
 * narrow: three doses fit a phone, and the projector's plots of the class's answers by dose line
 * up with it. Rows a round asked are marked `asked` (highlighted).
 */
import { LitElement, html, nothing } from 'lit';
import { fieldKey, linkOf, type FieldRef, type Quantity } from '../../../shared/grader/fields.js';
import type { RevealedStep } from '../../../shared/session/stages.js';
import { fieldLabel, smart } from '../../lib/format.js';
import { shortTex } from '../../lib/chain-rule.js';
import { base } from '../../styles/shared.js';
import '../bp-math/bp-math.js';
import { styles } from './bp-stage-table.styles.js';

interface Column {
  readonly quantity: Quantity;
  readonly param?: string;
  readonly value: (point: number) => number | undefined;
}

export class BpStageTable extends LitElement {
  static override properties = {
    step: { attribute: false },
    asked: { attribute: false },
  };
  declare step: RevealedStep | null;
  /** The fields a round asked (their columns are highlighted). */
  declare asked: readonly FieldRef[];

  static override styles = [base, styles];

  constructor() {
    super();
    this.step = null;
    this.asked = [];
  }

  private columns(step: RevealedStep): Column[] {
    const out: Column[] = [];
    for (let k = 0; k < step.width; k++) {
      out.push({ quantity: `x${k + 1}`, value: (i) => step.points[i]!.hidden[k]!.x });
      if (step.points[0]?.hidden[k]?.y !== undefined) out.push({ quantity: `y${k + 1}`, value: (i) => step.points[i]!.hidden[k]!.y });
    }
    if (step.points[0]?.predicted !== undefined) out.push({ quantity: 'predicted', value: (i) => step.points[i]!.predicted });
    if (step.points[0]?.residual !== undefined) out.push({ quantity: 'residual', value: (i) => step.points[i]!.residual });
    if (step.points[0]?.dSSRdPredicted !== undefined) out.push({ quantity: 'dssrDpredicted', value: (i) => step.points[i]!.dSSRdPredicted });
    if (step.terms) for (const param of step.trainable) out.push({ quantity: 'terms', param, value: (i) => step.terms![param]?.[i] });
    return out;
  }

  override render() {
    const step = this.step;
    if (!step) return nothing;
    const columns = this.columns(step);
    const askedKeys = new Set(this.asked.map((f) => fieldKey({ quantity: f.quantity, ...(f.param !== undefined && { param: f.param }) })));
    const isAsked = (c: Column) => askedKeys.has(fieldKey({ quantity: c.quantity, ...(c.param !== undefined && { param: c.param }) }));
    const key = (c: Column, point?: number) => fieldKey({ quantity: c.quantity, ...(c.param !== undefined && { param: c.param }), ...(point !== undefined && { point }) });
    return html`<div class="scroll" tabindex="0" role="region" aria-label="Values at every dose">
      <table data-testid="stage-table">
        <thead>
          <tr>
            <th scope="col">Dose</th>
            ${step.points.map((p) => html`<th scope="col" class="num">${p.input}</th>`)}
          </tr>
        </thead>
        <tbody>
          <tr class="observed">
            <th scope="row">Observed</th>
            ${step.points.map((p) => html`<td class="num">${p.observed}</td>`)}
          </tr>
          ${columns.map(
            (c) => html`<tr class=${isAsked(c) ? 'asked' : ''} data-link=${linkOf(c.quantity)} data-row=${key(c)}>
              <th scope="row"><bp-math aria-hidden="true" .tex=${shortTex({ quantity: c.quantity, ...(c.param !== undefined && { param: c.param }) })}></bp-math><span class="visually-hidden">${fieldLabel({ quantity: c.quantity, ...(c.param !== undefined && { param: c.param }) }).replace(/ at point \d+$/, '')}</span></th>
              ${step.points.map((_, i) => {
                const v = c.value(i);
                return html`<td class="num" data-field=${key(c, i)}>${v === undefined ? '' : smart(v)}</td>`;
              })}
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }
}

customElements.define('bp-stage-table', BpStageTable);

declare global {
  interface HTMLElementTagNameMap {
    'bp-stage-table': BpStageTable;
  }
}
