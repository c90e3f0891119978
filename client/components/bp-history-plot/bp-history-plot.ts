/** SSR over the iterations, and the trainable parameters' paths, each line labelled at its end. */
import { LitElement, html, svg, nothing } from 'lit';
import { scaleLinear } from 'd3-scale';
import { line } from 'd3-shape';
import type { IterationPoint } from '../../../shared/session/state.js';
import { base } from '../../styles/shared.js';
import { plotStyles, SERIES } from '../../styles/plot.js';
import { fixed, tick } from '../../lib/format.js';
import { SizeController } from '../../lib/size-controller.js';
import { styles } from './bp-history-plot.styles.js';

export class BpHistoryPlot extends LitElement {
  static override properties = {
    history: { attribute: false },
    trainable: { attribute: false },
    show: { type: String },
    scale: { type: Number },
    aspect: { type: Number },
  };
  declare history: readonly IterationPoint[];
  declare trainable: readonly string[];
  declare show: 'ssr' | 'params';
  declare scale: number;
  /** Height / width. */
  declare aspect: number;
  private readonly size = new SizeController(this);

  static override styles = [base, plotStyles, styles];

  constructor() {
    super();
    this.history = [];
    this.trainable = [];
    this.show = 'ssr';
    this.scale = 1;
    this.aspect = 0.5;
  }

  override render() {
    const k = this.scale;
    const W = this.size.width;
    const H = Math.round(Math.min(240 * k, W * this.aspect));
    const m = { top: 28 * k, right: (this.show === 'params' ? 96 : 16) * k, bottom: 36 * k, left: 48 * k };
    const h = this.history;
    if (h.length < 2) return html`<p class="muted">${this.show === 'ssr' ? 'SSR' : 'Parameter'} plot: appears after the first step.</p>`;
    const last = h.at(-1)!;
    const x = scaleLinear()
      .domain([h[0]!.iteration, Math.max(last.iteration, h[0]!.iteration + 1)])
      .range([m.left, W - m.right]);
    const series =
      this.show === 'ssr'
        ? [{ name: 'SSR', values: h.map((p) => [p.iteration, p.ssr] as [number, number]), style: { color: 'var(--bp-curve)', dash: '' } }]
        : this.trainable.map((name, i) => ({ name, values: h.map((p) => [p.iteration, p.params[name] ?? NaN] as [number, number]), style: SERIES[i % SERIES.length]! }));
    const all = series.flatMap((s) => s.values.map((v) => v[1])).filter(Number.isFinite);
    const lo = this.show === 'ssr' ? 0 : Math.min(...all);
    const hi = Math.max(...all);
    const y = scaleLinear()
      .domain(lo === hi ? [lo - 1, hi + 1] : [lo, hi])
      .nice()
      .range([H - m.bottom, m.top]);
    const path = line<[number, number]>()
      .defined((p) => Number.isFinite(p[1]))
      .x((p) => x(p[0]))
      .y((p) => y(p[1]));
    // End labels, nudged apart so they do not overlap.
    const ends = series
      .map((s) => ({ name: s.name, value: s.values.at(-1)![1], y: y(s.values.at(-1)![1]), style: s.style }))
      .sort((a, b) => a.y - b.y);
    for (let i = 1; i < ends.length; i++) if (ends[i]!.y - ends[i - 1]!.y < 15 * k) ends[i]!.y = ends[i - 1]!.y + 15 * k;

    const title = this.show === 'ssr' ? `SSR over ${h.length} iterations` : 'Parameters over the iterations';
    const label =
      this.show === 'ssr'
        ? `SSR from ${fixed(h[0]!.ssr, 4)} at iteration ${h[0]!.iteration} to ${fixed(last.ssr, 4)} at iteration ${last.iteration}.`
        : `Parameters at iteration ${last.iteration}: ${ends.map((e) => `${e.name} = ${fixed(e.value, 4)}`).join(', ')}.`;
    return html`<svg viewBox="0 0 ${W} ${H}" width=${W} height=${H} style="--s:${k}" role="img" aria-label=${label}>
      <text class="title" x=${m.left} y=${15 * k}>${title}</text>
      <g class="grid">${y.ticks(4).map((t) => svg`<line x1=${m.left} x2=${W - m.right} y1=${y(t)} y2=${y(t)}></line>`)}</g>
      <g class="axis">
        <line x1=${m.left} x2=${W - m.right} y1=${H - m.bottom} y2=${H - m.bottom}></line>
        ${x.ticks(6).filter(Number.isInteger).map((t) => svg`<g class="tick"><line x1=${x(t)} x2=${x(t)} y1=${H - m.bottom} y2=${H - m.bottom + 5}></line><text x=${x(t)} y=${H - m.bottom + 18 * k} text-anchor="middle">${tick(t)}</text></g>`)}
        ${y.ticks(4).map((t) => svg`<g class="tick"><text x=${m.left - 6 * k} y=${y(t) + 4 * k} text-anchor="end">${tick(t)}</text></g>`)}
        <text class="axis-label" x=${(m.left + W - m.right) / 2} y=${H - 4 * k} text-anchor="middle">Iteration</text>
      </g>
      ${series.map((s) =>
        s.values.length > 1
          ? svg`<path class="line" d=${path(s.values) ?? ''} style="stroke:${s.style.color}" stroke-dasharray=${s.style.dash || nothing}></path>`
          : svg`<circle cx=${x(s.values[0]![0])} cy=${y(s.values[0]![1])} r=${4 * k} style="fill:${s.style.color}"></circle>`,
      )}
      ${this.show === 'params'
        ? ends.map((e) => svg`<g><line x1=${W - m.right + 4 * k} x2=${W - m.right + 18 * k} y1=${e.y} y2=${e.y} style="stroke:${e.style.color};stroke-width:${3 * k}px" stroke-dasharray=${e.style.dash || nothing}></line><text class="end-label" x=${W - m.right + 22 * k} y=${e.y + 4 * k}>${e.name} ${fixed(e.value, 3)}</text></g>`)
        : svg`<text class="end-label" x=${W - m.right} y=${m.top + 4 * k} text-anchor="end">SSR ${fixed(last.ssr, 4)}</text>`}
    </svg>`;
  }
}

customElements.define('bp-history-plot', BpHistoryPlot);
declare global {
  interface HTMLElementTagNameMap {
    'bp-history-plot': BpHistoryPlot;
  }
}
