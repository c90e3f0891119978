/**
 * The lesson's picture: the observed data points and the network's prediction across the input
 * range (the green squiggle), with each point's residual; optionally the squiggle after the
 * revealed step, dashed. Geometry from d3-scale and d3-shape, drawn as SVG by lit.
 */
import { LitElement, html, svg, nothing } from 'lit';
import { scaleLinear } from 'd3-scale';
import { line } from 'd3-shape';
import type { Activation } from '../../../shared/engine/activations.js';
import { predict } from '../../../shared/engine/gradient-step.js';
import { layoutFor, toVector, type ParamValues } from '../../../shared/engine/layout.js';
import type { DataPoint } from '../../../shared/engine/network.js';
import { base } from '../../styles/shared.js';
import { plotStyles } from '../../styles/plot.js';
import { fixed, tick } from '../../lib/format.js';
import { SizeController } from '../../lib/size-controller.js';
import { styles } from './bp-squiggle-plot.styles.js';

const SAMPLES = 121;

export class BpSquigglePlot extends LitElement {
  static override properties = {
    data: { attribute: false },
    activation: { type: String },
    width: { type: Number },
    params: { attribute: false },
    next: { attribute: false },
    ssr: { type: Number },
    aspect: { type: Number },
    minAspect: { type: Number },
    scale: { type: Number },
    caption: { type: String },
  };
  declare data: readonly DataPoint[];
  declare activation: Activation;
  /** Hidden-layer width of the network. */
  declare width: number;
  declare params: ParamValues | null;
  /** Parameters after the revealed step, drawn dashed. */
  declare next: ParamValues | null;
  declare ssr: number | null;
  /** Height / width of the drawing. */
  declare aspect: number;
  /** On narrow screens (a phone) the drawing is at least this tall relative to its width. */
  declare minAspect: number;
  /** Text and marks size (1 on a laptop or phone, about 1.6 on a projector). */
  declare scale: number;
  declare caption: string;
  private readonly size = new SizeController(this);

  static override styles = [base, plotStyles, styles];

  constructor() {
    super();
    this.data = [];
    this.activation = 'softplus';
    this.width = 2;
    this.params = null;
    this.next = null;
    this.ssr = null;
    this.aspect = 0.62;
    this.minAspect = 0.78;
    this.scale = 1;
    this.caption = '';
  }

  private curve(params: ParamValues, xs: number[]): Array<[number, number]> | null {
    try {
      const vector = toVector(layoutFor(this.width), params);
      const shape = { activation: this.activation, width: this.width };
      return xs.map((x) => [x, predict(shape, vector, x)]);
    } catch {
      return null;
    }
  }

  override render() {
    const W = this.size.width;
    const k = this.scale;
    const narrow = W < 520;
    const H = Math.round(W * (narrow ? Math.max(this.aspect, this.minAspect) : this.aspect));
    const m = { top: (narrow ? 50 : 34) * k, right: 16 * k, bottom: 46 * k, left: 52 * k };
    const inputs = this.data.map((d) => d.input);
    const lo = Math.min(...inputs, 0);
    const hi = Math.max(...inputs, 1);
    const pad = (hi - lo) * 0.08;
    const x = scaleLinear().domain([lo - pad, hi + pad]).range([m.left, W - m.right]);
    const xs = Array.from({ length: SAMPLES }, (_, i) => lo - pad + ((hi - lo + 2 * pad) * i) / (SAMPLES - 1));
    const now = this.params ? this.curve(this.params, xs) : null;
    const after = this.next ? this.curve(this.next, xs) : null;

    // Frame the data first; let the squiggle widen the view, but not without bound (a diverging run).
    const observed = this.data.map((d) => d.observed);
    const oLo = Math.min(...observed, 0);
    const oHi = Math.max(...observed, 1);
    const span = oHi - oLo;
    const ys = [...observed, ...(now ?? []).map((p) => p[1]), ...(after ?? []).map((p) => p[1])].filter((v) => Number.isFinite(v));
    const yLo = Math.max(Math.min(...ys), oLo - 3 * span);
    const yHi = Math.min(Math.max(...ys), oHi + 3 * span);
    const y = scaleLinear()
      .domain([yLo - (yHi - yLo) * 0.08, yHi + (yHi - yLo) * 0.08])
      .nice()
      .range([H - m.bottom, m.top]);
    const clampY = (v: number) => Math.max(m.top - 20, Math.min(H - m.bottom + 20, y(v)));
    const path = line<[number, number]>()
      .x((p) => x(p[0]))
      .y((p) => clampY(p[1]));

    const predictedAt = this.params ? this.curve(this.params, inputs) : null;
    const label =
      this.caption ||
      `Plot of the data and the squiggle. ${this.data.map((d, i) => `Input ${d.input}: observed ${d.observed}${predictedAt ? `, predicted ${fixed(predictedAt[i]![1], 2)}` : ''}`).join('; ')}.`;

    return html`<svg viewBox="0 0 ${W} ${H}" width=${W} height=${H} style="--s:${k}" role="img" aria-label=${label}>
      <defs>
        <clipPath id="plot-area"><rect x=${m.left} y=${m.top - 20} width=${W - m.left - m.right} height=${H - m.top - m.bottom + 40}></rect></clipPath>
      </defs>
      <g class="grid">
        ${y.ticks(5).map((t) => svg`<line x1=${m.left} x2=${W - m.right} y1=${y(t)} y2=${y(t)}></line>`)}
      </g>
      <g class="axis">
        <line x1=${m.left} x2=${W - m.right} y1=${H - m.bottom} y2=${H - m.bottom}></line>
        <line x1=${m.left} x2=${m.left} y1=${m.top - 10} y2=${H - m.bottom}></line>
        ${x.ticks(Math.max(2, Math.min(5, Math.floor((W - m.left - m.right) / (52 * k))))).map((t) => svg`<g class="tick"><line x1=${x(t)} x2=${x(t)} y1=${H - m.bottom} y2=${H - m.bottom + 6}></line><text x=${x(t)} y=${H - m.bottom + 20 * k} text-anchor="middle">${tick(t)}</text></g>`)}
        ${y.ticks(Math.max(2, Math.min(5, Math.floor((H - m.top - m.bottom) / (24 * k))))).map((t) => svg`<g class="tick"><text x=${m.left - 8 * k} y=${y(t) + 4 * k} text-anchor="end">${tick(t)}</text></g>`)}
        <text class="axis-label" x=${(m.left + W - m.right) / 2} y=${H - 6 * k} text-anchor="middle">Input (dose)</text>
        <text class="axis-label" transform="translate(${14 * k} ${(m.top + H - m.bottom) / 2}) rotate(-90)" text-anchor="middle">Output (efficacy)</text>
      </g>
      <g clip-path="url(#plot-area)">
        ${predictedAt ? this.data.map((d, i) => svg`<line class="residual" x1=${x(d.input)} x2=${x(d.input)} y1=${y(d.observed)} y2=${clampY(predictedAt[i]![1])}></line>`) : nothing}
        ${after ? svg`<path class="next" d=${path(after) ?? ''}></path>` : nothing}
        ${now ? svg`<path class="curve" d=${path(now) ?? ''}></path>` : nothing}
        ${predictedAt ? predictedAt.map(([px, py]) => svg`<circle class="predicted" cx=${x(px)} cy=${clampY(py)} r=${5 * k}></circle>`) : nothing}
        ${this.data.map((d) => svg`<circle class="observed" cx=${x(d.input)} cy=${y(d.observed)} r=${8 * k}></circle>`)}
      </g>
      <g class="legend" transform="translate(${m.left + 8 * k} ${14 * k}) scale(${k})">
        <circle class="observed" cx="6" cy="0" r="6"></circle><text x="16" y="4.5" style="font-size:13px">observed</text>
        <line x1="82" x2="104" y1="0" y2="0" class="curve"></line><text x="109" y="4.5" style="font-size:13px">squiggle</text>
        ${after ? svg`<line x1="172" x2="194" y1="0" y2="0" class="next"></line><text x="199" y="4.5" style="font-size:13px">after step</text>` : nothing}
      </g>
      ${this.ssr !== null && Number.isFinite(this.ssr) ? svg`<text class="ssr" x=${W - m.right} y=${(narrow ? 38 : 18) * k} text-anchor="end">SSR = ${fixed(this.ssr, 4)}</text>` : nothing}
    </svg>`;
  }
}

customElements.define('bp-squiggle-plot', BpSquigglePlot);
declare global {
  interface HTMLElementTagNameMap {
    'bp-squiggle-plot': BpSquigglePlot;
  }
}
