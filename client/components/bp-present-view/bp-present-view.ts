/**
 * The projector (/present/:code), laid out for 1920×1080 and read from the back of a hall:
 * the join code, URL and QR; who joined; during a round the parameters and how many answered;
 * after the reveal the chain rule with the class's numbers, the answer distribution and the
 * mistakes; the squiggle animating while training runs; the top of the leaderboard
 * (anonymised if the instructor chose). Opened from the dashboard: its link carries the
 * projector's key (#key=...), which this page keeps and takes out of the address bar, since the
 * address is on the big screen too.
 */
import { LitElement, html, nothing } from 'lit';
import { askedFields } from '../../../shared/grader/fields.js';
import type { MistakeId } from '../../../shared/grader/mistakes.js';
import { sumOfSquaredResiduals } from '../../../shared/engine/gradient-step.js';
import { layoutFor, toVector } from '../../../shared/engine/layout.js';
import { PageController } from '../../session/page-controller.js';
import { currentIteration, currentParams, currentSsr, historyOf, type ClientSession } from '../../session/state.js';
import { paths } from '../../lib/routes.js';
import { storage } from '../../lib/storage.js';
import { sessionSummary } from '../../lib/api.js';
import { fixed, mistakeTitle, plural } from '../../lib/format.js';
import { sharedTermLine, texDerivative, texParam, workedParam } from '../../lib/chain-rule.js';
import { base } from '../../styles/shared.js';
import '../bp-connection-status/bp-connection-status.js';
import '../bp-join-card/bp-join-card.js';
import '../bp-countdown/bp-countdown.js';
import '../bp-squiggle-plot/bp-squiggle-plot.js';
import '../bp-param-panel/bp-param-panel.js';
import '../bp-class-summary/bp-class-summary.js';
import '../bp-mistake-counts/bp-mistake-counts.js';
import '../bp-leaderboard/bp-leaderboard.js';
import '../bp-history-plot/bp-history-plot.js';
import '../bp-math/bp-math.js';
import { styles } from './bp-present-view.styles.js';

export class BpPresentView extends LitElement {
  static override properties = {
    code: { type: String },
    announcement: { state: true },
    serverJoinUrl: { state: true },
  };
  declare code: string;
  declare announcement: string;
  /** The join link the server reports (it honours PUBLIC_URL), for a projector opened on its own. */
  declare serverJoinUrl: string | null;

  private page!: PageController;

  static override styles = [base, styles];

  constructor() {
    super();
    this.code = '';
    this.announcement = '';
    this.serverJoinUrl = null;
  }

  override connectedCallback(): void {
    if (!this.page) {
      this.page = new PageController(this, {
        code: this.code,
        role: 'projector',
        onRevealed: (p) => {
          this.announcement = `Round ${p.round} revealed.`;
        },
      });
      const key = projectorKeyFromFragment() ?? storage.projectorKey(this.code);
      if (key) {
        storage.setProjectorKey(this.code, key);
        this.page.session.connect({ code: this.code, role: 'projector', key });
      }
      sessionSummary(this.code).then(
        (summary) => {
          if (summary) this.serverJoinUrl = summary.joinUrl;
        },
        () => undefined,
      );
    }
    super.connectedCallback();
  }

  /**
   * The join link to show: the one the server gives (it honours PUBLIC_URL), passed by the
   * dashboard's projector link as #join=..., kept by this browser if it created the session, or
   * looked up; this page's own origin until one is known.
   */
  private get joinUrl(): string {
    const fromLink = /(?:^#|&)join=([^&]+)/.exec(window.location.hash)?.[1];
    for (const candidate of [fromLink && decodeURIComponent(fromLink), storage.instructorKey(this.code)?.joinUrl, this.serverJoinUrl]) {
      if (!candidate) continue;
      try {
        const url = new URL(candidate);
        if ((url.protocol === 'http:' || url.protocol === 'https:') && url.pathname === paths.join(this.code)) return url.href;
      } catch {
        // not a URL: ignore it
      }
    }
    return `${window.location.origin}${paths.join(this.code)}`;
  }

  override render() {
    // One main landmark around the screen, laid out as the host lays out its children (a flex
    // column), and a level-1 heading for screen readers where the lobby shows none.
    const s = this.page.state;
    const firstLobby = s.session?.phase === 'lobby' && s.session.round === null && s.session.iteration === 0;
    return html`<main style="flex:1;display:flex;flex-direction:column;gap:1rem;min-height:0">
      ${firstLobby ? nothing : html`<h1 class="visually-hidden">Backprop Live projector, ${this.code}</h1>`}${this.screen()}
    </main>`;
  }

  private screen() {
    const s = this.page.state;
    const session = s.session;
    const live = html`<div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>`;
    if (!session) {
      const keyless = !storage.projectorKey(this.code);
      return html`${live}<div class="hero"><bp-join-card variant="hero" .code=${this.code} .url=${this.joinUrl}></bp-join-card>${keyless ? nothing : html`<bp-connection-status class="conn"></bp-connection-status>`}
        ${keyless ? html`<p class="error-text" data-testid="projector-needs-key">Open the projector from the instructor's dashboard: its link carries the projector's key.</p>` : nothing}
        ${s.refusal ? html`<p class="error-text">${s.refusal.message}</p>` : nothing}</div>`;
    }
    const firstLobby = session.phase === 'lobby' && session.round === null && session.iteration === 0;
    if (firstLobby) return html`${live}${this.lobby(s)}`;
    return html`${live}
      <div class="bar">
        <bp-join-card variant="banner" .code=${this.code} .url=${this.joinUrl}></bp-join-card>
        ${this.brief(s)}
        ${this.state(s)}
      </div>
      ${session.phase === 'open' ? this.open(s) : session.reveal && (session.phase === 'revealed' || session.phase === 'finished') ? this.revealed(s) : this.training(s)}`;
  }

  /** The parameters the revealed round asked about, when the projector shows the reveal. */
  private revealedParams(s: ClientSession): string[] {
    const session = s.session!;
    if (!session.reveal || (session.phase !== 'revealed' && session.phase !== 'finished')) return [];
    const asked = new Set(session.reveal.asked.map((f) => f.param));
    return session.reveal.step.trainable.filter((p) => asked.has(p));
  }

  /** With many parameters, the reveal's SSR, leaderboard and mistakes as one line each, in the bar. */
  private brief(s: ClientSession) {
    if (this.revealedParams(s).length <= 3) return nothing;
    const session = s.session!;
    const record = session.reveal!.step;
    const top = session.settings.leaderboard !== 'hidden' ? (s.staff?.leaderboard ?? []).slice(0, 3) : [];
    const mistakes = (Object.entries(s.staff?.summary?.mistakes ?? {}) as Array<[MistakeId, number]>).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]);
    return html`<div class="brief" aria-label="This round in short">
      <div><span class="label">SSR</span><span class="num">${fixed(record.ssr, 3)} → ${fixed(ssrAfter(s), 3)}</span></div>
      ${top.length
        ? html`<div data-testid="leaderboard-brief"><span class="label">Top</span>${top.map(
            (e, i) => html`${i ? html`<span class="sep">·</span>` : nothing}${e.rank === 1 ? '★ ' : ''}${e.name ?? 'Anonymous'} <span class="num">${e.score}</span>`,
          )}</div>`
        : nothing}
      <div data-testid="mistakes"><span class="label">Mistakes</span>${mistakes.length
        ? mistakes.slice(0, 2).map(([id, n], i) => html`${i ? html`<span class="sep">·</span>` : nothing}${mistakeTitle(id)} <span class="num">${n}</span>`)
        : 'none diagnosed'}${mistakes.length > 2 ? html`<span class="sep">·</span>+${mistakes.length - 2} more` : nothing}</div>
    </div>`;
  }

  private lobby(s: ClientSession) {
    const staff = s.staff;
    // Names only where the leaderboard setting shows them; otherwise the count alone.
    const names = staff?.audience === 'projector' ? (staff.names ?? []) : [];
    return html`<div class="hero" data-testid="lobby">
      <h1 class="lesson">Backprop Live · ${s.session!.preset.title}</h1>
      <bp-join-card variant="hero" .code=${this.code} .url=${this.joinUrl}></bp-join-card>
      <div>
        <div class="joined" data-testid="joined-count">${plural(staff?.activeCount ?? 0, 'student')} joined</div>
        <div class="names" aria-label="Who joined">${names.slice(0, 60).map((n) => html`<span>${n}</span>`)}${names.length > 60 ? html`<span>+${names.length - 60} more</span>` : nothing}</div>
      </div>
      <bp-connection-status class="conn"></bp-connection-status>
    </div>`;
  }

  private state(s: ClientSession) {
    const session = s.session!;
    const round = session.round;
    const words =
      session.phase === 'open'
        ? `Round ${round?.number ?? ''}`
        : session.phase === 'revealed'
          ? `Round ${round?.number ?? ''} answers`
          : session.phase === 'running'
            ? 'Training…'
            : session.phase === 'finished'
              ? 'Finished'
              : `Iteration ${session.iteration}`;
    return html`<div class="state">
      <bp-countdown size="large"></bp-countdown>
      <div class="state-words">
      <div class="phase" data-testid="phase">${words}</div>
      ${session.phase === 'open' && s.staff
        ? html`<div class="answered" data-testid="answered"><strong class="num">${s.staff.answeredCount}</strong> / <span class="num">${s.staff.activeCount}</span> answered</div>`
        : html`<div class="answered"><span class="num">${plural(s.staff?.activeCount ?? 0, 'student')}</span></div>`}
      <bp-connection-status class="conn"></bp-connection-status>
      </div>
    </div>`;
  }

  private squiggle(s: ClientSession, withNext = false, scale = 1.8, showSsr = true, aspect = 0.62) {
    const session = s.session!;
    const record = withNext ? session.reveal?.step : undefined;
    return html`<bp-squiggle-plot
      .data=${session.data}
      .activation=${session.activation}
      .width=${session.width}
      .params=${currentParams(s)}
      .next=${record ? { ...record.params, ...record.next } : null}
      .ssr=${showSsr ? currentSsr(s) : null}
      .aspect=${withNext ? 0.6 : aspect}
      .minAspect=${0.5}
      .scale=${scale}
    ></bp-squiggle-plot>`;
  }

  private open(s: ClientSession) {
    const session = s.session!;
    const fields = askedFields(session.settings.questions);
    const quantities = [...new Set(fields.map((f) => f.quantity))].map((q) => (q === 'derivatives' ? 'derivatives' : q === 'steps' ? 'step sizes' : 'new values'));
    const params = [...new Set(fields.map((f) => f.param))];
    return html`<div class="main two" data-testid="open">
      <div class="panel">${this.squiggle(s)}</div>
      <div class="panel">
        <p class="question">Predict the ${quantities.join(' and ')} of ${params.join(', ')}.</p>
        <bp-param-panel large show="params"></bp-param-panel>
        <bp-param-panel show="data"></bp-param-panel>
      </div>
    </div>`;
  }

  private revealed(s: ClientSession) {
    const session = s.session!;
    const record = session.reveal!.step;
    const summary = s.staff?.summary;
    // What this round asked, not today's questions (they may change after the reveal).
    const params = this.revealedParams(s);
    // Many parameters: each one's sum on one line and its new value on another; the class's
    // answers get the width, the SSR, leaderboard and mistakes go in the bar (one line each).
    const compact = params.length > 3;
    const quantities = session.reveal!.asked.map((f) => f.quantity);
    // One quantity's answers as plots fits the screen: the derivatives tell the most about the chain rule.
    const plotted = quantities.includes('derivatives') ? 'derivatives' : quantities.includes('steps') ? 'steps' : 'next';
    const plots = session.reveal!.asked.filter((f) => f.quantity === plotted).length;
    const columns = compact ? Math.min(4, plots) : Math.min(3, plots);
    const top = s.staff?.leaderboard ?? [];
    const formulas = html`<div class="panel formulas" aria-label="The chain rule with this round's numbers">
      <h2>The chain rule, with our numbers</h2>
      <div class="formula-group"><bp-math display .tex=${sharedTermLine(record)}></bp-math></div>
      ${compact ? html`<p class="rate-line">Step = derivative × <span class="num">${record.learningRate}</span>, new = old − step</p>` : nothing}
      ${params.map((p) => {
        const w = workedParam(record, p);
        return html`<div class="formula-group" data-param=${p}>
          ${compact
            ? // Two lines in one formula (one display margin): the sum, and old − step = new.
              html`<bp-math display .tex=${`\\begin{array}{l}${w.sumLine.replace(texDerivative(p), `\\partial\\,\\mathrm{SSR}/\\partial ${texParam(p)}`)} \\\\[2pt] ${w.next}\\end{array}`}></bp-math>`
            : html`<bp-math display .tex=${w.board}></bp-math><bp-math class="small" display .tex=${w.step}></bp-math><bp-math class="small" display .tex=${w.next}></bp-math>`}
        </div>`;
      })}
    </div>`;
    const answers = html`<div class="panel" aria-label="Class answers" data-testid="class-answers">
      <h2><span class="num" data-testid="answer-count">${summary?.answered ?? 0}</span> ${summary?.answered === 1 ? 'answer' : 'answers'}</h2>
      <bp-class-summary large .plotQuantity=${plotted} .columns=${columns}></bp-class-summary>
    </div>`;
    if (compact) {
      // The leaderboard, the mistakes and the SSR are in the bar (see brief()): the answers get the room.
      return html`<div class="main reveal compact" data-testid="revealed">${formulas}${answers}</div>`;
    }
    return html`<div class="main reveal" data-testid="revealed">
      ${formulas}
      ${answers}
      <div class="panel side">
        ${session.settings.leaderboard !== 'hidden' && top.length
          ? html`<section><h2>Leaderboard</h2><bp-leaderboard large .entries=${top} .limit=${3}></bp-leaderboard></section>`
          : nothing}
        <section data-testid="mistakes">
          <h2>Mistakes</h2>
          <bp-mistake-counts large .mistakes=${summary?.mistakes ?? {}}></bp-mistake-counts>
        </section>
        <section>
          <p class="ssr-line">SSR <span class="num">${fixed(record.ssr, 3)} → ${fixed(ssrAfter(s), 3)}</span></p>
          ${this.squiggle(s, true, 1.1, false)}
        </section>
      </div>
    </div>`;
  }

  private training(s: ClientSession) {
    const session = s.session!;
    const history = historyOf(s);
    const top = s.staff?.leaderboard ?? [];
    const finished = session.phase === 'finished';
    return html`<div class="main two" data-testid="training">
      <div class="panel">
        <div class="stats">
          <div><div class="label">Iteration</div><div class="big-number num" data-testid="iteration">${currentIteration(s)}</div></div>
          <div><div class="label">SSR</div><div class="big-number num">${fixed(currentSsr(s) ?? NaN, 4)}</div></div>
        </div>
        ${this.squiggle(s, false, 1.8, false, 0.72)}
      </div>
      <div class="panel">
        ${finished && session.settings.leaderboard !== 'hidden' && top.length
          ? html`<h2>Final leaderboard</h2><bp-leaderboard large .entries=${top} .limit=${8}></bp-leaderboard>`
          : html`<bp-param-panel large show="params"></bp-param-panel>
              <bp-history-plot .history=${history} .trainable=${session.trainable} show="ssr" .scale=${1.5} .aspect=${0.36}></bp-history-plot>
              <bp-history-plot .history=${history} .trainable=${session.trainable} show="params" .scale=${1.5} .aspect=${0.36}></bp-history-plot>`}
      </div>
    </div>`;
  }
}

/** The SSR the revealed step leads to. */
function ssrAfter(s: ClientSession): number {
  const session = s.session!;
  const record = session.reveal!.step;
  const params = { ...record.params, ...record.next };
  return sumOfSquaredResiduals({ activation: session.activation, width: session.width }, session.data, toVector(layoutFor(session.width), params));
}

customElements.define('bp-present-view', BpPresentView);
declare global {
  interface HTMLElementTagNameMap {
    'bp-present-view': BpPresentView;
  }
}

/** Reads `#key=...` and takes it out of the address bar (the `#join=` part stays). */
function projectorKeyFromFragment(): string | null {
  const m = /(?:^#|&)key=([^&]+)/.exec(window.location.hash);
  if (!m) return null;
  const rest = window.location.hash.slice(1).split('&').filter((part) => !part.startsWith('key=')).join('&');
  history.replaceState(null, '', window.location.pathname + window.location.search + (rest ? `#${rest}` : ''));
  return decodeURIComponent(m[1]!);
}
