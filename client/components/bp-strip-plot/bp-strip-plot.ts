/**
 * The class's answers to one field as a dot plot on a number line: dots within tolerance of the
 * exact value are filled circles, others diamonds (shape and colour both tell them apart); the
 * exact value and its tolerance band are marked, and so are the values the diagnosed mistakes
 * produce. Far-off answers are pinned to the edges and counted. Above 150 answers, dots become
 * a histogram. Geometry from d3-scale.
 */
import { LitElement, html, svg, nothing } from 'lit';
import { scaleLinear } from 'd3-scale';
import { base } from '../../styles/shared.js';
import { plotStyles } from '../../styles/plot.js';
import { smart, tick } from '../../lib/format.js';
import { SizeController } from '../../lib/size-controller.js';
import { styles } from './bp-strip-plot.styles.js';

const MANY = 150;

export interface Marker {
  readonly value: number;
  readonly label: string;
}

export class BpStripPlot extends LitElement {
  static override properties = {
    answers: { attribute: false },
    exact: { attribute: false },
    allowed: { type: Number },
    markers: { attribute: false },
    label: { type: String },
    scale: { type: Number },
  };
  declare answers: readonly number[];
  declare exact: number | null;
  /** Largest accepted distance from the exact value. */
  declare allowed: number;
  declare markers: readonly Marker[];
  /** What the field is, for screen readers. */
  declare label: string;
  declare scale: number;
  private readonly size = new SizeController(this);

  static override styles = [base, plotStyles, styles];

  constructor() {
    super();
    this.answers = [];
    this.exact = null;
    this.allowed = 0;
    this.markers = [];
    this.label = '';
    this.scale = 1;
  }

  private domain(): [number, number] {
    const exact = this.exact;
    const values = [...this.answers, ...this.markers.map((m) => m.value)];
    if (exact === null) {
      if (values.length === 0) return [-1, 1];
      const lo = Math.min(...values);
      const hi = Math.max(...values);
      return lo === hi ? [lo - 1, hi + 1] : [lo, hi];
    }
    // Around the exact value: wide enough for the tolerance band, the mistakes and the
    // reasonable answers; answers more than ~10x further out are pinned to the edges.
    const reach = Math.max(this.allowed * 3, Math.abs(exact) * 0.3, 1e-9);
    const limit = Math.max(reach * 10, Math.abs(exact) * 3);
    let r = reach;
    for (const v of values) {
      const d = Math.abs(v - exact);
      if (d <= limit) r = Math.max(r, d * 1.08);
    }
    return [exact - r, exact + r];
  }

  override render() {
    const k = this.scale;
    const W = this.size.width;
    const H = Math.round(112 * k);
    const M = { top: 30 * k, right: 16 * k, bottom: 26 * k, left: 16 * k };
    const [lo, hi] = this.domain();
    const x = scaleLinear().domain([lo, hi]).range([M.left, W - M.right]);
    const baseY = H - M.bottom;
    const exact = this.exact;
    const within = (v: number) => exact !== null && Math.abs(v - exact) <= this.allowed;
    let below = 0;
    let above = 0;
    const positions = this.answers.map((v) => {
      if (v < lo) below++;
      if (v > hi) above++;
      return { v, px: x(Math.max(lo, Math.min(hi, v))), ok: within(v) };
    });

    const dots = positions.length > MANY ? this.histogram(positions, baseY, M.top) : this.beeswarm(positions, baseY, M.top, k);
    const correct = positions.filter((p) => p.ok).length;
    const summary = `${this.label}: ${positions.length} answers${exact !== null ? `, exact value ${smart(exact)}, ${correct} within tolerance` : ''}${below + above ? `, ${below + above} beyond the plotted range` : ''}.`;

    return html`<svg viewBox="0 0 ${W} ${H}" width=${W} height=${H} style="--s:${k}" role="img" aria-label=${summary}>
      ${exact !== null ? svg`<rect class="band" x=${x(exact - this.allowed)} width=${Math.max(2, x(exact + this.allowed) - x(exact - this.allowed))} y=${M.top - 6} height=${baseY - M.top + 6}></rect>` : nothing}
      <g class="axis">
        <line x1=${M.left} x2=${W - M.right} y1=${baseY} y2=${baseY}></line>
        ${this.ticks(x, W, M.left, M.right, k, below, above).map((t) => svg`<g class="tick"><line x1=${x(t)} x2=${x(t)} y1=${baseY} y2=${baseY + 5}></line><text x=${x(t)} y=${baseY + 18 * k} text-anchor="middle">${tick(t)}</text></g>`)}
      </g>
      ${this.markerLabels(x, lo, hi, M.top, baseY, W, k)}
      ${dots}
      ${exact !== null
        ? svg`<line class="exact" x1=${x(exact)} x2=${x(exact)} y1=${M.top - 8 * k} y2=${baseY}></line>
            <text class="exact-label" x=${x(exact)} y=${M.top - 12 * k} text-anchor=${x(exact) > W * 0.8 ? 'end' : x(exact) < W * 0.2 ? 'start' : 'middle'}>exact ${smart(exact)}</text>`
        : nothing}
      ${below ? svg`<text class="edge" x=${M.left} y=${baseY + 18 * k}>◀ ${below} more</text>` : nothing}
      ${above ? svg`<text class="edge" x=${W - M.right} y=${baseY + 18 * k} text-anchor="end">${above} more ▶</text>` : nothing}
    </svg>`;
  }

  /**
   * The axis ticks whose labels fit: none closer than a label's width to the next, nor under the
   * counts of answers beyond either end (which sit at the ends of the tick row).
   */
  private ticks(x: ReturnType<typeof scaleLinear<number, number>>, W: number, left: number, right: number, k: number, below: number, above: number): number[] {
    // Label widths estimated from the character count (the tick font is ~0.6 em per character).
    const charW = 13 * k * 0.62;
    const width = (t: string) => t.length * charW;
    const edgeW = (n: number) => (n ? `◀ ${n} more`.length * 12 * k * 0.62 + 8 * k : 0);
    const from = left + edgeW(below);
    const to = W - right - edgeW(above);
    const out: number[] = [];
    let end = -Infinity;
    for (const t of x.ticks(Math.max(2, Math.floor(W / (90 * k))))) {
      const w = width(tick(t));
      const lo = x(t) - w / 2;
      const hi = x(t) + w / 2;
      if (lo < from - 2 * k && below) continue;
      if (hi > to + 2 * k && above) continue;
      if (lo < end + 10 * k) continue;
      out.push(t);
      end = hi;
    }
    return out;
  }

  /** Mistake markers, their labels spread over rows so none overlap. */
  private markerLabels(x: (v: number) => number, lo: number, hi: number, top: number, baseY: number, W: number, k: number) {
    const rowsEnd: number[] = [];
    const charW = 6.6 * k;
    const placed = this.markers
      .filter((mk) => mk.value >= lo && mk.value <= hi)
      .map((mk) => ({ ...mk, px: x(mk.value) }))
      .sort((a, b) => a.px - b.px)
      .map((mk) => {
        const width = mk.label.length * charW;
        const anchor = mk.px > W - width / 2 - 4 ? 'end' : mk.px < width / 2 + 4 ? 'start' : 'middle';
        const left = anchor === 'start' ? mk.px : anchor === 'end' ? mk.px - width : mk.px - width / 2;
        let row = 0;
        while ((rowsEnd[row] ?? -Infinity) > left - 6 * k) row++;
        rowsEnd[row] = left + width;
        return { ...mk, anchor, row };
      });
    return placed.map(
      (mk) => svg`<g class="marker"><line x1=${mk.px} x2=${mk.px} y1=${top + 15 * k + mk.row * 13 * k} y2=${baseY}></line><text x=${mk.px} y=${top + 12 * k + mk.row * 13 * k} text-anchor=${mk.anchor}>${mk.label}</text></g>`,
    );
  }

  private beeswarm(positions: Array<{ px: number; ok: boolean }>, baseY: number, top: number, k: number) {
    const r = (positions.length > 60 ? 4 : 7) * k;
    const maxLevel = Math.max(1, Math.floor((baseY - top) / (2 * r)) - 1);
    const levels: number[][] = [];
    const placed = [...positions]
      .sort((a, b) => a.px - b.px)
      .map((p) => {
        let level = 0;
        while (level < maxLevel && (levels[level] ?? []).some((q) => Math.abs(q - p.px) < 2 * r - 0.5)) level++;
        (levels[level] ??= []).push(p.px);
        return { ...p, cy: baseY - r - 1 - level * 2 * r };
      });
    return placed.map((p) =>
      p.ok
        ? svg`<circle class="ok" cx=${p.px} cy=${p.cy} r=${r}></circle>`
        : svg`<rect class="off" x=${p.px - r * 0.8} y=${p.cy - r * 0.8} width=${r * 1.6} height=${r * 1.6} transform="rotate(45 ${p.px} ${p.cy})"></rect>`,
    );
  }

  private histogram(positions: Array<{ px: number; ok: boolean }>, baseY: number, top: number) {
    const bin = 6;
    const counts = new Map<number, { ok: number; off: number }>();
    for (const p of positions) {
      const k = Math.floor(p.px / bin);
      const c = counts.get(k) ?? { ok: 0, off: 0 };
      if (p.ok) c.ok++;
      else c.off++;
      counts.set(k, c);
    }
    const most = Math.max(...[...counts.values()].map((c) => c.ok + c.off));
    const hgt = (n: number) => ((baseY - top) * n) / most;
    return [...counts.entries()].flatMap(([k, c]) => [
      svg`<rect class="ok" x=${k * bin} width=${bin - 1} y=${baseY - hgt(c.ok)} height=${hgt(c.ok)}></rect>`,
      svg`<rect class="off" x=${k * bin} width=${bin - 1} y=${baseY - hgt(c.ok) - hgt(c.off)} height=${hgt(c.off)}></rect>`,
    ]);
  }
}

customElements.define('bp-strip-plot', BpStripPlot);
declare global {
  interface HTMLElementTagNameMap {
    'bp-strip-plot': BpStripPlot;
  }
}
