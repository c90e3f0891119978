/**
 * The projector (/present/:code), read from the back of a 20 m hall: laid out for 1920×1080 and
 * scaled as a whole to the screen (every size is a multiple of --u, one 1080p pixel; body text
 * 28 and labels 22 at 1080p), so 1024×768, 1280×720 and 3840×2160 show the same picture. It
 * shows the join code, URL and QR (not once joining is locked or the session is over, and never
 * a link phones cannot open); who joined; during a round the parameters and how many answered;
 * after the reveal the chain rule with the class's numbers, the answer distribution and the
 * mistakes; the squiggle animating while training runs; the top of the leaderboard (anonymised
 * if the instructor chose); at the end a podium and the class's summary. Opened from the
 * dashboard: its link carries the projector's key (#key=...), which this page keeps and takes
 * out of the address bar, since the address is on the big screen too.
 */
import { trainingStopText } from '../../lib/training-stop.js';
import { LitElement, html, nothing } from 'lit';
import { askedFields, linkOf, type FieldRef } from '../../../shared/grader/fields.js';
import { lessonPlan, stageIndexOf, type RevealedStep } from '../../../shared/session/stages.js';
import type { MistakeId } from '../../../shared/grader/mistakes.js';
import { sumOfSquaredResiduals } from '../../../shared/engine/gradient-step.js';
import { layoutFor, toVector } from '../../../shared/engine/layout.js';
import { PageController } from '../../session/page-controller.js';
import { currentIteration, currentParams, currentSsr, historyOf, type ClientSession } from '../../session/state.js';
import { paths } from '../../lib/routes.js';
import { storage } from '../../lib/storage.js';
import { sessionSummary } from '../../lib/api.js';
import { MISTAKE_TEXT } from '../../../shared/grader/mistakes.js';
import type { FinalSummary } from '../../../shared/session/final-summary.js';
import type { LeaderboardEntry } from '../../../shared/session/stats.js';
import { QUANTITY_WORDS, askedWords, fixed, mistakeTitle, plural } from '../../lib/format.js';
import { sharedTermLine, texDerivative, texParam, workedParam } from '../../lib/chain-rule.js';
import { base } from '../../styles/shared.js';
import '../bp-connection-status/bp-connection-status.js';
import '../bp-join-card/bp-join-card.js';
import '../bp-countdown/bp-countdown.js';
import '../bp-squiggle-plot/bp-squiggle-plot.js';
import '../bp-param-panel/bp-param-panel.js';
import '../bp-class-summary/bp-class-summary.js';
import '../bp-stage-table/bp-stage-table.js';
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
    unit: { state: true },
  };
  declare code: string;
  declare announcement: string;
  /** The join link the server reports (it honours PUBLIC_URL), for a projector opened on its own. */
  declare serverJoinUrl: string | null;
  /** One 1080p pixel on this screen (CSS px): the plots' scale follows it, as the CSS does through --u. */
  declare unit: number;
  private readonly onResize = () => {
    this.unit = screenUnit();
  };

  private page!: PageController;

  static override styles = [base, styles];

  constructor() {
    super();
    this.code = '';
    this.announcement = '';
    this.serverJoinUrl = null;
    this.unit = screenUnit();
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
    window.addEventListener('resize', this.onResize);
    super.connectedCallback();
  }

  override disconnectedCallback(): void {
    window.removeEventListener('resize', this.onResize);
    super.disconnectedCallback();
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
    // Each screen is one main landmark with a level-1 heading (visually hidden where none shows).
    return this.screen();
  }

  private screen() {
    const s = this.page.state;
    const session = s.session;
    const live = html`<div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>`;
    if (!session) {
      const keyless = !storage.projectorKey(this.code);
      return html`<main class="hero">
        <h1 class="visually-hidden">Backprop Live projector</h1>
        ${live}<bp-join-card variant="hero" guard .code=${this.code} .url=${this.joinUrl}></bp-join-card>${keyless ? nothing : html`<bp-connection-status class="conn"></bp-connection-status>`}
        ${keyless ? html`<p class="error-text" data-testid="projector-needs-key">Open the projector from the instructor's dashboard: its link carries the projector's key.</p>` : nothing}
        ${s.refusal ? html`<p class="error-text">${s.refusal.message}</p>` : nothing}
      </main>`;
    }
    const firstLobby = session.phase === 'lobby' && session.round === null && session.iteration === 0;
    if (firstLobby) return html`<main class="hero">${live}${this.lobby(s)}</main>`;
    if (session.phase === 'finished') return html`<main>${live}${this.finished(s)}</main>`;
    const reveal = session.phase === 'revealed' && session.reveal !== null;
    return html`<main>
      <h1 class="visually-hidden">Backprop Live · ${session.preset.title}</h1>
      ${live}
      <div class="bar">
        ${reveal ? this.joinCard(s, 'strip') : nothing}
        ${this.brief(s)}
        ${this.state(s)}
      </div>
      ${session.phase === 'open' ? this.open(s) : reveal ? this.revealed(s) : this.training(s)}
    </main>`;
  }

  /** How to join, while joining is possible: not once it is locked or the session is over. */
  private joinCard(s: ClientSession, variant: 'hero' | 'banner' | 'strip') {
    const session = s.session!;
    if (session.locked || session.phase === 'finished') {
      return variant === 'hero' ? html`<p class="closed" data-testid="joining-closed">Joining is closed.</p>` : nothing;
    }
    return html`<bp-join-card variant=${variant} guard .code=${this.code} .url=${this.joinUrl}></bp-join-card>`;
  }

  /** The parameters the revealed round asked about, when the projector shows the reveal. */
  private revealedParams(s: ClientSession): string[] {
    const session = s.session!;
    if (!session.reveal || session.phase !== 'revealed') return [];
    const asked = new Set(session.reveal.asked.map((f) => f.param));
    return session.reveal.step.trainable.filter((p) => asked.has(p));
  }

  private askedPerPoint(s: ClientSession): boolean {
    return s.session!.reveal?.asked.some((f) => f.point !== undefined) ?? false;
  }

  /** A whole step's reveal with no room for the leaderboard and mistakes panels: they go in the bar. */
  private compactReveal(s: ClientSession): boolean {
    return this.revealedParams(s).length > 3 || this.askedPerPoint(s);
  }

  /**
   * After the reveal, the round in short in the bar: the SSR and, with many parameters (no room
   * for their own panels), the top three and the mistakes, a line each.
   */
  private brief(s: ClientSession) {
    const params = this.revealedParams(s);
    if (params.length === 0) return nothing;
    const session = s.session!;
    const record = session.reveal!.step;
    // An earlier stage of the chain: no SSR step to show yet.
    // An earlier stage of the chain (before the residuals): no SSR yet.
    if (record.ssr === undefined) return nothing;
    // The SSR the step leads to, once the reveal holds the new values.
    const ssr = html`${fixed(record.ssr, 3)}${record.next ? html` → ${fixed(ssrAfter(s), 3)}` : nothing}`;
    if (!this.compactReveal(s)) {
      return html`<div class="brief" aria-label="This round in short"><div><span class="label">SSR</span><span class="num">${ssr}</span></div></div>`;
    }
    const top = session.settings.leaderboard !== 'hidden' ? (s.staff?.leaderboard ?? []).slice(0, 3) : [];
    const mistakes = (Object.entries(s.staff?.summary?.mistakes ?? {}) as Array<[MistakeId, number]>).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]);
    return html`<div class="brief" aria-label="This round in short">
      <div><span class="label">SSR</span><span class="num">${ssr}</span></div>
      ${top.length
        ? html`<div data-testid="leaderboard-brief"><span class="label">Top</span>${top.map(
            (e, i) => html`${i ? html`<span class="sep">·</span>` : nothing}<span class="who">${e.rank === 1 ? '★ ' : ''}${e.name ?? 'Anonymous'} <span class="num">${e.score}</span></span>`,
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
    return html`<div class="hero-inner" data-testid="lobby">
      <h1 class="lesson">Backprop Live · ${s.session!.preset.title}</h1>
      ${this.joinCard(s, 'hero')}
      <div>
        <div class="joined" data-testid="joined-count">${plural(staff?.activeCount ?? 0, 'student')} joined</div>
        <ul class="names" aria-label="Who joined">${names.slice(0, 60).map((n) => html`<li>${n}</li>`)}${names.length > 60 ? html`<li>+${names.length - 60} more</li>` : nothing}</ul>
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
      <div class="status-line">
        <bp-connection-status class="conn"></bp-connection-status>
        ${session.phase === 'open' && s.staff
          ? html`<div class="answered" data-testid="answered"><strong class="num">${s.staff.answeredCount}</strong> / <span class="num">${s.staff.activeCount}</span> answered</div>`
          : html`<div class="answered"><span class="num">${plural(s.staff?.activeCount ?? 0, 'student')}</span></div>`}
      </div>
      </div>
    </div>`;
  }

  /** `scale` is the plot's text size at 1080p (1: 13 px ticks); it follows the screen. */
  private squiggle(s: ClientSession, withNext = false, scale = 1.8, showSsr = true, aspect = 0.62) {
    const session = s.session!;
    const record = withNext ? session.reveal?.step : undefined;
    return html`<bp-squiggle-plot
      .data=${session.data}
      .activation=${session.activation}
      .width=${session.width}
      .params=${currentParams(s)}
      .next=${record?.next ? { ...record.params, ...record.next } : null}
      .ssr=${showSsr ? currentSsr(s) : null}
      .aspect=${aspect}
      .minAspect=${0.5}
      .scale=${scale * this.unit}
    ></bp-squiggle-plot>`;
  }

  private open(s: ClientSession) {
    const session = s.session!;
    const fields = session.round?.asked ?? askedFields(session.settings.questions, session.data.length);
    const stage = this.stageTitle(s, fields);
    // The QR code in a column of its own beside the round: large enough for the back row.
    return html`<div class="main two with-join" data-testid="open">
      ${this.joinCard(s, 'banner')}
      <div class="panel">${this.squiggle(s, false, 1.8, true, 0.8)}</div>
      <div class="panel">
        <p class="question" data-testid="question">${stage ? html`<strong class="stage" data-testid="stage-title">${stage}:</strong> ` : nothing}Predict ${askedWords(fields)}.</p>
        <bp-param-panel large show="params"></bp-param-panel>
        ${session.round?.known
          ? // What earlier stages of this iteration revealed (its first rows are the data).
            html`<bp-stage-table class="known" .step=${session.round.known}></bp-stage-table>`
          : html`<bp-param-panel show="data"></bp-param-panel>`}
      </div>
    </div>`;
  }

  /** The lesson plan's stage these fields make up (null: the instructor's own choice). */
  private stageTitle(s: ClientSession, fields: readonly FieldRef[]): string | null {
    const session = s.session!;
    const plan = lessonPlan(session.width, session.trainable);
    const i = stageIndexOf(plan, fields, session.data.length);
    return i < 0 ? null : plan[i]!.title;
  }

  /** Which link the class got wrong most, and how often. */
  private worstLink(s: ClientSession) {
    const summary = s.staff?.summary;
    const worst = summary?.links.find((l) => l.link === summary.worstLink);
    if (!worst) return nothing;
    return html`<p class="worst-link" data-testid="worst-link">Most wrong: <strong>${QUANTITY_WORDS[worst.link].short}</strong> <span class="muted"><span class="num">${worst.wrong}</span> of <span class="num">${worst.answered}</span> answers wrong</span></p>`;
  }

  /**
   * The reveal of an earlier stage of the chain: the links revealed at every dose (the asked ones
   * highlighted), the mistakes and the link the class got wrong most; the class's answers to every
   * per-point field as dot plots, a column per dose.
   */
  private stageRevealed(s: ClientSession, record: RevealedStep) {
    const session = s.session!;
    const summary = s.staff?.summary;
    const asked = session.reveal!.asked;
    const stage = this.stageTitle(s, asked);
    return html`<div class="main reveal stage" data-testid="revealed">
      <div class="column">
        <section class="panel formulas" aria-label="This stage's values at every dose">
          <h2 data-testid="stage-title">${stage ?? `The chain up to ${QUANTITY_WORDS[record.upTo].short.replace(/^(?!dSSR)./, (c) => c.toLowerCase())}`}</h2>
          <bp-stage-table .step=${record} .asked=${asked}></bp-stage-table>
        </section>
        <section class="panel" data-testid="mistakes" aria-label="Mistakes">
          <h2>Mistakes</h2>
          ${this.worstLink(s)}
          <bp-mistake-counts large .mistakes=${summary?.mistakes ?? {}} .followOn=${summary?.followOnStudents ?? 0}></bp-mistake-counts>
        </section>
      </div>
      <section class="panel answers" aria-label="Class answers" data-testid="class-answers">
        <h2><span class="num" data-testid="answer-count">${summary?.answered ?? 0}</span> ${summary?.answered === 1 ? 'answer' : 'answers'}</h2>
        <bp-class-summary large .doses=${session.data.map((d) => d.input)} .plotScale=${1.1 * this.unit}></bp-class-summary>
      </section>
    </div>`;
  }

  private revealed(s: ClientSession) {
    const session = s.session!;
    const step = session.reveal!.step;
    // Before the derivatives (a stage of the chain): the links by dose. From the derivatives on,
    // the chain rule per parameter, as far as the reveal goes (a round may stop at the derivatives).
    if (!step.derivatives) return this.stageRevealed(s, step);
    const record = step;
    const summary = s.staff?.summary;
    // What this round asked, not today's questions (they may change after the reveal).
    const params = this.revealedParams(s);
    // Many parameters, or the class's answers by dose: each one's sum on one line and its new value
    // on another; the class's answers get the room, the SSR, leaderboard and mistakes go in the
    // bar (one line each).
    const compact = this.compactReveal(s);
    const quantities = session.reveal!.asked.map((f) => f.quantity);
    // One quantity's answers as plots fits the screen: the derivatives tell the most about the chain rule.
    const plotted = quantities.includes('derivatives') ? 'derivatives' : quantities.includes('steps') ? 'steps' : 'next';
    const plots = session.reveal!.asked.filter((f) => f.quantity === plotted).length;
    const columns = compact ? Math.min(4, plots) : Math.min(3, plots);
    const top = s.staff?.leaderboard ?? [];
    // Formulas inline (display style where they have fractions), not in display mode: no display
    // margins, so the worked step of every parameter fits one screen.
    const formulas = html`<section class="panel formulas" aria-label="The chain rule with this round's numbers">
      <h2 class="visually-hidden">The chain rule, with our numbers</h2>
      <div class="formula-group"><bp-math class="lines" .tex=${`\\displaystyle ${sharedTermLine(record)}`}></bp-math></div>
      ${compact ? html`<p class="rate-line">Step = derivative × <span class="num">${record.learningRate}</span>, new = old − step</p>` : nothing}
      ${params.map((p) => {
        const w = workedParam(record, p);
        return html`<div class="formula-group" data-param=${p}>
          ${compact
            ? // Two lines in one formula (one display margin): the sum, and old − step = new.
              html`<bp-math class="lines" .tex=${`\\begin{array}{l}${[w.sumLine.replace(texDerivative(p), `\\partial\\,\\mathrm{SSR}/\\partial ${texParam(p)}`), ...(record.next ? [w.next] : [])].join(' \\\\[2pt] ')}\\end{array}`}></bp-math>`
            : html`<bp-math class="lines" .tex=${`\\displaystyle ${w.board}`}></bp-math>${record.steps
                ? html`<bp-math class="lines" .tex=${`\\begin{array}{l}${[w.step, ...(record.next ? [w.next] : [])].join(' \\\\[2pt] ')}\\end{array}`}></bp-math>`
                : nothing}`}
        </div>`;
      })}
    </section>`;
    // Per-point fields asked too (the plan's last stage asks each parameter's terms): by dose.
    const byDose = this.askedPerPoint(s);
    const answers = html`<section class="panel answers" aria-label="Class answers" data-testid="class-answers">
      <h2><span class="num" data-testid="answer-count">${summary?.answered ?? 0}</span> ${summary?.answered === 1 ? 'answer' : 'answers'}</h2>
      ${byDose
        ? html`${this.worstLink(s)}<bp-class-summary large .doses=${session.data.map((d) => d.input)} .plotScale=${1.1 * this.unit}></bp-class-summary>`
        : html`<bp-class-summary large .plotQuantity=${plotted} .columns=${columns} .plotScale=${1.85 * this.unit}></bp-class-summary>`}
    </section>`;
    if (compact) {
      // The leaderboard, the mistakes and the SSR are in the bar (see brief()): the answers get the room.
      return html`<div class="main reveal compact" data-testid="revealed">${formulas}<div class="column">${answers}</div></div>`;
    }
    return html`<div class="main reveal" data-testid="revealed">
      ${formulas}
      <div class="column">
        ${answers}
        <div class="outcome">
          ${session.settings.leaderboard !== 'hidden' && top.length
            ? html`<section class="panel" aria-label="Leaderboard"><h2>Leaderboard</h2><bp-leaderboard large .entries=${top} .limit=${3}></bp-leaderboard></section>`
            : nothing}
          <section class="panel" data-testid="mistakes" aria-label="Mistakes">
            <h2>Mistakes</h2>
            <bp-mistake-counts large .mistakes=${summary?.mistakes ?? {}} .followOn=${summary?.followOnStudents ?? 0}></bp-mistake-counts>
          </section>
        </div>
      </div>
    </div>`;
  }

  private training(s: ClientSession) {
    const session = s.session!;
    const history = historyOf(s);
    return html`<div class="main two with-join" data-testid="training">
      ${this.joinCard(s, 'banner')}
      <div class="panel">
        <div class="stats">
          <div><div class="label">Iteration</div><div class="big-number num" data-testid="iteration">${currentIteration(s)}</div></div>
          <div><div class="label">SSR</div><div class="big-number num">${fixed(currentSsr(s) ?? NaN, 4)}</div></div>
        </div>
        ${session.trainingStop && session.phase === 'lobby' ? html`<p class="stopped" role="status" data-testid="training-stop">${trainingStopText(session.trainingStop)}</p>` : nothing}
        ${this.squiggle(s, false, 1.8, false, 0.72)}
      </div>
      <div class="panel">
        <bp-param-panel large show="params"></bp-param-panel>
        <bp-history-plot .history=${history} .trainable=${session.trainable} show="ssr" .scale=${1.7 * this.unit} .aspect=${0.36}></bp-history-plot>
        <bp-history-plot .history=${history} .trainable=${session.trainable} show="params" .scale=${1.7 * this.unit} .aspect=${0.36}></bp-history-plot>
      </div>
    </div>`;
  }

  /**
   * The end of the class: the podium (top three, first in the middle and tallest; names only where
   * the leaderboard setting shows them, none when it is hidden) and the class's summary.
   */
  private finished(s: ClientSession) {
    const session = s.session!;
    const staff = s.staff;
    const final = staff?.audience === 'projector' ? staff.final : undefined;
    const top = session.settings.leaderboard === 'hidden' ? [] : (staff?.leaderboard ?? []).slice(0, 3);
    return html`<h1 class="end-title">Class finished · ${session.preset.title}</h1>
      <div class="main ending ${top.length ? '' : 'solo'}" data-testid="ending">
        ${top.length ? this.podium(top) : nothing}
        ${final ? this.classSummary(final, s) : nothing}
      </div>`;
  }

  private podium(top: readonly LeaderboardEntry[]) {
    // 2nd, 1st, 3rd from left to right: the winner in the middle.
    const order = [top[1], top[0], top[2]];
    return html`<section class="panel podium-panel" aria-label="Podium">
      <h2>Podium</h2>
      <ol class="podium" data-testid="podium">
        ${order.map((e, i) =>
          e
            ? html`<li class="step place-${[2, 1, 3][i]}" data-place=${[2, 1, 3][i]}>
                <div class="who">${e.name ?? html`<span class="muted">Anonymous</span>`}</div>
                <div class="points"><span class="num" data-testid="podium-score">${e.score}</span> points</div>
                <div class="block" aria-hidden="true"><span>${e.rank}</span></div>
                <span class="visually-hidden">rank ${e.rank}</span>
              </li>`
            : html`<li class="step empty" aria-hidden="true"></li>`,
        )}
      </ol>
    </section>`;
  }

  private classSummary(final: FinalSummary, s: ClientSession) {
    const mistake = final.topMistake;
    return html`<section class="panel final-summary" aria-label="The class in numbers" data-testid="final-summary">
      <h2>The class in numbers</h2>
      <dl class="facts">
        <div><dt>Rounds played</dt><dd class="num" data-testid="final-rounds">${final.rounds}</dd></div>
        <div><dt>Students</dt><dd class="num">${s.staff?.activeCount ?? 0}</dd></div>
      </dl>
      ${final.accuracy.length
        ? html`<h3>Right answers</h3>
            <ul class="accuracy" aria-label="Right answers per quantity">
              ${final.accuracy.map(
                (a) => html`<li data-quantity=${a.quantity}>
                  <span class="q">${QUANTITY_WORDS[linkOf(a.quantity)].short}s</span>
                  <span class="meter" aria-hidden="true"><span style="width:${Math.round(100 * (a.share ?? 0))}%"></span></span>
                  <span class="pct num" data-testid="accuracy-${a.quantity}">${a.share === null ? '–' : `${Math.round(100 * a.share)} %`}</span>
                  <span class="of muted"><span class="num">${a.correct}</span> of <span class="num">${a.answered}</span></span>
                </li>`,
              )}
            </ul>`
        : nothing}
      <h3>Most common mistake</h3>
      ${mistake
        ? html`<p class="top-mistake" data-testid="final-mistake"><strong>${mistakeTitle(mistake.id)}</strong>: <span class="num">${plural(mistake.students, 'student')}</span></p>
            <p class="explain muted">${MISTAKE_TEXT[mistake.id].explanation}</p>`
        : html`<p class="top-mistake" data-testid="final-mistake">None diagnosed.</p>`}
    </section>`;
  }
}

/** One 1080p pixel in CSS px on this screen (the CSS's --u). */
function screenUnit(): number {
  return Math.min(window.innerWidth / 1920, window.innerHeight / 1080);
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
