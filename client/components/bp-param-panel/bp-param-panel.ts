/**
 * What a student needs to compute the next step by hand: the current parameters (4 decimals),
 * the learning rate, the data and, when the instructor allows it, the hidden-node values x and y
 * at every data point. Reads the session from context.
 */
import { LitElement, html, nothing } from 'lit';
import { ContextConsumer } from '@lit/context';
import { layoutFor } from '../../../shared/engine/layout.js';
import { base } from '../../styles/shared.js';
import { currentParams, sessionContext } from '../../session/state.js';
import { fixed, paramText, rateText } from '../../lib/format.js';
import { texParam } from '../../lib/chain-rule.js';
import '../bp-math/bp-math.js';
import { styles } from './bp-param-panel.styles.js';

export class BpParamPanel extends LitElement {
  static override properties = {
    large: { type: Boolean, reflect: true },
    show: { type: String },
  };
  /** Projector size. */
  declare large: boolean;
  /** Which part to show: the parameters, the data tables, or both. */
  declare show: 'all' | 'params' | 'data';

  static override styles = [base, styles];

  private readonly session = new ContextConsumer(this, { context: sessionContext, subscribe: true });

  constructor() {
    super();
    this.large = false;
    this.show = 'all';
  }

  override render() {
    const s = this.session.value?.session;
    const params = this.session.value ? currentParams(this.session.value) : null;
    if (!s || !params) return nothing;
    const layout = layoutFor(s.width);
    const trainable = layout.names.filter((n) => s.trainable.includes(n));
    const fixedNames = layout.names.filter((n) => !s.trainable.includes(n));
    if (this.show === 'data') return this.tables(s, params);
    return html`
      <div class="params" role="list" aria-label="Current parameters">
        ${trainable.map(
          (p) => html`<div class="param trainable" role="listitem" data-param=${p}>
            <div class="name"><bp-math .tex=${texParam(p)} aria-hidden="true"></bp-math><span class="visually-hidden">${p}</span></div>
            <div class="value num">${paramText(params[p]!, s.round?.precision ?? s.settings.precision)}</div>
          </div>`,
        )}
        <div class="param" role="listitem" data-param="learning-rate">
          <div class="name">learning rate</div>
          <div class="value num">${rateText(s.settings.learningRate)}</div>
        </div>
      </div>
      ${fixedNames.length
        ? html`<p class="fixed muted">Fixed: ${fixedNames.map((p, i) => html`${i ? ', ' : ''}<span class="num">${p} = ${fixed(params[p]!, 2)}</span>`)}</p>`
        : nothing}
      ${this.show === 'params' ? nothing : this.tables(s, params)}
    `;
  }

  private tables(s: NonNullable<NonNullable<BpParamPanel['session']['value']>['session']>, params: Readonly<Record<string, number>>) {
    const nodes = Array.from({ length: s.width }, (_, k) => k + 1);
    // The snapshot's hidden values are for the snapshot's parameters; while training animates they lag, so hide them.
    const hidden = s.hidden && s.params === params ? s.hidden : null;
    return html`<div class="tables">
      <table>
        <caption>Data</caption>
        <thead>
          <tr><th scope="col">i</th><th scope="col" class="right">Input</th><th scope="col" class="right">Observed</th></tr>
        </thead>
        <tbody>
          ${s.data.map((d, i) => html`<tr><td>${i + 1}</td><td class="right num">${d.input}</td><td class="right num">${d.observed}</td></tr>`)}
        </tbody>
      </table>
      ${hidden
        ? html`<table data-testid="hidden-values">
            <caption>Hidden nodes (hint)</caption>
            <thead>
              <tr>
                <th scope="col">i</th>
                ${nodes.map(
                  // The formula is drawn for the eye; screen readers (and axe) read the header's words.
                  (k) => html`<th scope="col" class="right"><bp-math aria-hidden="true" .tex=${`x_{${k},i}`}></bp-math><span class="visually-hidden">x ${k}, i</span></th><th scope="col" class="right"><bp-math aria-hidden="true" .tex=${`y_{${k},i}`}></bp-math><span class="visually-hidden">y ${k}, i</span></th>`,
                )}
              </tr>
            </thead>
            <tbody>
              ${hidden.map((row, i) => html`<tr><td>${i + 1}</td>${row.map((h) => html`<td class="right num">${fixed(h.x, 4)}</td><td class="right num">${fixed(h.y, 4)}</td>`)}</tr>`)}
            </tbody>
          </table>`
        : nothing}
    </div>`;
  }
}

customElements.define('bp-param-panel', BpParamPanel);
declare global {
  interface HTMLElementTagNameMap {
    'bp-param-panel': BpParamPanel;
  }
}
