/**
 * What the class answered in the last revealed round, field by field: the answers as a dot plot
 * against the exact value and its tolerance, the values the diagnosed mistakes give, and the
 * counts of right, half-right, wrong and blank. Reads only the staff summary from context: it
 * stays true to that round after the parameters move on or the settings change.
 */
import { LitElement, html, nothing } from 'lit';
import { ContextConsumer } from '@lit/context';
import type { MistakeId } from '../../../shared/grader/mistakes.js';
import type { FieldSummary } from '../../../shared/session/stats.js';
import type { Quantity } from '../../../shared/grader/fields.js';
import { base } from '../../styles/shared.js';
import { sessionContext } from '../../session/state.js';
import { fieldLabel, mistakeTitle, quantityWords } from '../../lib/format.js';
import { fieldKey } from '../../../shared/grader/fields.js';
import { fieldParts, shortTex, texParam } from '../../lib/chain-rule.js';
import type { Marker } from '../bp-strip-plot/bp-strip-plot.js';
import { fieldName } from '../../lib/verdicts.js';
import '../bp-strip-plot/bp-strip-plot.js';
import '../bp-math/bp-math.js';
import { styles } from './bp-class-summary.styles.js';

export class BpClassSummary extends LitElement {
  static override properties = {
    large: { type: Boolean, reflect: true },
    columns: { type: Number },
    plotScale: { type: Number },
    plotQuantity: { attribute: false },
    doses: { attribute: false },
  };
  /**
   * The data points' doses: per-point fields are laid out as a grid, a row per link (per
   * parameter for the terms) and a column per dose, each cell the class's dot plot against the
   * exact value; the other fields get their counts. Null: the usual layout.
   */
  declare doses: readonly number[] | null;
  declare large: boolean;
  declare columns: number;
  /** Text and marks size of the dot plots (default: 1, or 1.3 when large). */
  declare plotScale: number | null;
  /** Plot only this quantity's fields (the others get their counts); null: plot every field. */
  declare plotQuantity: Quantity | null;

  static override styles = [base, styles];

  private readonly session = new ContextConsumer(this, { context: sessionContext, subscribe: true });

  constructor() {
    super();
    this.large = false;
    this.columns = 1;
    this.plotQuantity = null;
    this.plotScale = null;
    this.doses = null;
  }

  private markers(f: FieldSummary): Marker[] {
    return (Object.entries(f.mistakeValues) as Array<[MistakeId, number]>).map(([mistake, value]) => ({ value, label: mistakeTitle(mistake).toLowerCase() }));
  }

  override render() {
    const summary = this.session.value?.staff?.summary;
    if (!summary) return nothing;
    const plotted = summary.fields.filter((f) => this.plotQuantity === null || f.quantity === this.plotQuantity);
    const rest = summary.fields.filter((f) => !plotted.includes(f));
    if (this.doses) return this.byDose(summary.fields, this.doses);
    if (this.large && this.plotQuantity !== null) return this.board(plotted, rest);
    return html`<div class="fields" style="grid-template-columns: repeat(${this.columns}, minmax(0, 1fr))">
        ${plotted.map((f) => {
          const label = fieldLabel(f);
          return html`<section class="field" data-field="${fieldKey(f)}" aria-label=${label}>
            <h3><span>${fieldName(f)}</span>${this.counts(f)}</h3>
            <bp-strip-plot .answers=${f.answers} .exact=${f.exact} .allowed=${f.allowed} .markers=${this.markers(f)} .label=${label} .scale=${this.plotScale ?? (this.large ? 1.3 : 1)}></bp-strip-plot>
          </section>`;
        })}
      </div>
      ${rest.length
        ? html`<ul class="rest" aria-label="Other fields">
            ${rest.map((f) => html`<li data-field="${fieldKey(f)}"><span class="rest-name">${fieldName(f)}</span>${this.counts(f)}</li>`)}
          </ul>`
        : nothing}`;
  }

  /**
   * The projector's layout: one quantity's fields as dot plots titled by their symbol alone (the
   * quantity is the group's title), the other fields' counts as a table (a row per quantity, a
   * column per parameter), and a key to the marks.
   */
  private board(plotted: readonly FieldSummary[], rest: readonly FieldSummary[]) {
    const k = this.plotScale ?? 1.3;
    const quantity = this.plotQuantity!;
    const restQuantities = [...new Set(rest.map((f) => f.quantity))];
    // Columns: the parameters, or for per-point fields the data points.
    const column = (f: FieldSummary) => f.param ?? `point ${(f.point ?? 0) + 1}`;
    const restParams = [...new Set(rest.map(column))];
    // ∂SSR/∂w₃ says "derivative" by itself; w₃ alone needs the quantity's name above the plots.
    return html`${quantity === 'derivatives' ? nothing : html`<p class="group">${quantityWords(quantity).short}s</p>`}
      <div class="fields" style="grid-template-columns: repeat(${this.columns}, minmax(0, 1fr))">
        ${plotted.map((f) => {
          const label = fieldLabel(f);
          return html`<section class="field" data-field="${fieldKey(f)}" aria-label=${label}>
            <h3><bp-math .tex=${fieldParts(f).tex}></bp-math>${this.counts(f, true)}</h3>
            <bp-strip-plot .answers=${f.answers} .exact=${f.exact} .allowed=${f.allowed} .markers=${this.markers(f)} .label=${label} .scale=${k}></bp-strip-plot>
          </section>`;
        })}
      </div>
      ${rest.length
        ? html`<table class="grid-counts" aria-label="Other fields">
            <thead>
              <tr>
                <td></td>
                ${restParams.map((p) => (p.startsWith('point') ? html`<th scope="col">${p}</th>` : html`<th scope="col"><bp-math .tex=${texParam(p)}></bp-math><span class="visually-hidden">${p}</span></th>`))}
              </tr>
            </thead>
            <tbody>
              ${restQuantities.map(
                (q) => html`<tr>
                  <th scope="row">${quantityWords(q).short}</th>
                  ${restParams.map((p) => {
                    const f = rest.find((r) => r.quantity === q && column(r) === p);
                    return html`<td data-field=${f ? fieldKey(f) : nothing}>${f ? this.counts(f, true) : nothing}</td>`;
                  })}
                </tr>`,
              )}
            </tbody>
          </table>`
        : nothing}
      <p class="key" aria-hidden="true">
        <span><span class="c-correct">✓</span> right</span><span><span class="c-follow">◐</span> half: right from the student's own derivative</span
        ><span><span class="c-wrong">✗</span> wrong</span><span>– blank</span>
      </p>`;
  }

  private byDose(fields: readonly FieldSummary[], doses: readonly number[]) {
    const k = this.plotScale ?? 1.3;
    const perPoint = fields.filter((f) => f.point !== undefined);
    const rest = fields.filter((f) => f.point === undefined);
    // A row per link in chain order (as the summary lists them), per parameter for the terms.
    const rowKey = (f: FieldSummary) => (f.param !== undefined ? `${f.quantity}:${f.param}` : f.quantity);
    const rows = [...new Map(perPoint.map((f) => [rowKey(f), f])).values()];
    return html`<table class="by-dose" data-testid="by-dose" style="--cols:${doses.length}">
        <thead>
          <tr>
            <td></td>
            ${doses.map((d) => html`<th scope="col">Dose <span class="num">${d}</span></th>`)}
          </tr>
        </thead>
        <tbody>
          ${rows.map(
            (row) => html`<tr data-row=${rowKey(row)}>
              <th scope="row"><bp-math aria-hidden="true" .tex=${shortTex(row)}></bp-math><span class="visually-hidden">${quantityWords(row.quantity).short}${row.param ? ` of ${row.param}` : ''}</span></th>
              ${doses.map((_, i) => {
                const f = perPoint.find((g) => rowKey(g) === rowKey(row) && g.point === i);
                if (!f) return html`<td></td>`;
                const label = fieldLabel(f);
                return html`<td class="field" data-field="${fieldKey(f)}" aria-label=${label}>
                  <div class="cell">${this.counts(f, true)}<bp-strip-plot .answers=${f.answers} .exact=${f.exact} .allowed=${f.allowed} .markers=${this.markers(f)} .label=${label} .scale=${k}></bp-strip-plot></div>
                </td>`;
              })}
            </tr>`,
          )}
        </tbody>
      </table>
      ${rest.length
        ? html`<ul class="rest" aria-label="Other fields">
            ${rest.map((f) => html`<li data-field="${fieldKey(f)}"><span class="rest-name">${fieldName(f)}</span>${this.counts(f, true)}</li>`)}
          </ul>`
        : nothing}
      <p class="key" aria-hidden="true">
        <span><span class="c-correct">✓</span> right</span><span><span class="c-follow">◐</span> half: right from the student's own upstream link</span
        ><span><span class="c-wrong">✗</span> wrong</span><span>– blank</span>
      </p>`;
  }

  /** Right, half-right, wrong and blank counts; `brief`: icons and numbers only (the key explains them). */
  private counts(f: FieldSummary, brief = false) {
    if (brief) {
      return html`<span class="counts brief">
        <span class="c-correct"><span class="i" aria-hidden="true">✓</span><span class="num">${f.correct}</span><span class="visually-hidden"> right</span></span>
        ${f.followOn ? html`<span class="c-follow"><span class="i" aria-hidden="true">◐</span><span class="num">${f.followOn}</span><span class="visually-hidden"> half</span></span>` : nothing}
        <span class="c-wrong"><span class="i" aria-hidden="true">✗</span><span class="num">${f.wrong}</span><span class="visually-hidden"> wrong</span></span>
        ${f.unanswered ? html`<span class="muted">–<span class="num">${f.unanswered}</span><span class="visually-hidden"> blank</span></span>` : nothing}
      </span>`;
    }
    return this.wordyCounts(f);
  }

  private wordyCounts(f: FieldSummary) {
    return html`<span class="counts">
      <span class="c-correct"><span class="i" aria-hidden="true">✓</span> <span class="num">${f.correct}</span> right</span>
      ${f.followOn ? html`<span class="c-follow"><span class="i" aria-hidden="true">◐</span> <span class="num">${f.followOn}</span> half</span>` : nothing}
      <span class="c-wrong"><span class="i" aria-hidden="true">✗</span> <span class="num">${f.wrong}</span> wrong</span>
      ${f.unanswered ? html`<span class="muted">– <span class="num">${f.unanswered}</span> blank</span>` : nothing}
    </span>`;
  }
}

customElements.define('bp-class-summary', BpClassSummary);
declare global {
  interface HTMLElementTagNameMap {
    'bp-class-summary': BpClassSummary;
  }
}
