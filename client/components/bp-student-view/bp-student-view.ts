/**
 * The student's page (/join/:code), phone first: a name, the lobby, each round's numbers and the
 * inputs for the asked quantities, then their verdicts with the diagnosis and the worked chain
 * rule; score and rank; at the end, the student's own summary at the top. The resume token is
 * kept per code, so a reload or a sleeping phone is the same student with the same answers and
 * score. During an open round the page is built around the answer: the values to compute from
 * and the answer fields come first; the plot and the data tables fold away below (closed by
 * default on a phone).
 */
import { trainingStopText } from '../../lib/training-stop.js';
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { askedFields } from '../../../shared/grader/fields.js';
import type { PayloadOf } from '../../../shared/protocol/client-events.js';
import type { RoundResult } from '../../../shared/session/state.js';
import { MAX_NAME_LENGTH } from '../../../shared/session/names.js';
import { formatJoinCode, normalizeSeatCode } from '../../../shared/protocol/join-code.js';
import type { ProtocolError } from '../../../shared/protocol/errors.js';
import { PageController } from '../../session/page-controller.js';
import { currentIteration, currentParams, currentSsr, type ClientSession } from '../../session/state.js';
import { storage } from '../../lib/storage.js';
import { sessionSummary } from '../../lib/api.js';
import { AnswerSubmitEvent, SeatActionEvent } from '../../lib/events.js';
import { askedWords, fixed, linkWords, ordinal, plural, precisionExample } from '../../lib/format.js';
import { lessonPlan, stageIndexOf } from '../../../shared/session/stages.js';
import type { FieldRef } from '../../../shared/grader/fields.js';
import '../bp-stage-table/bp-stage-table.js';
import { describePrecision } from '../../../shared/grader/precision.js';
import { base } from '../../styles/shared.js';
import type { SubmitStatus } from '../bp-answer-form/bp-answer-form.js';
import type { SessionSummary } from '../../../shared/protocol/events.js';
import '../bp-connection-status/bp-connection-status.js';
import '../bp-countdown/bp-countdown.js';
import '../bp-param-panel/bp-param-panel.js';
import '../bp-squiggle-plot/bp-squiggle-plot.js';
import '../bp-answer-form/bp-answer-form.js';
import '../bp-result-list/bp-result-list.js';
import '../bp-worked-solution/bp-worked-solution.js';
import '../bp-leaderboard/bp-leaderboard.js';
import '../bp-seat-card/bp-seat-card.js';
import { styles } from './bp-student-view.styles.js';

const REFUSAL_WORDS: Partial<Record<string, string>> = {
  removed: 'The instructor removed you from this session.',
  forbidden: 'This device’s place in the session is no longer valid (the session may have been recreated). Join again with your name.',
  'unknown-session': 'There is no session with this code. Check the code with your instructor.',
  locked: 'The instructor has locked this session: new students cannot join right now.',
  'session-full': 'This session is full.',
  finished: 'This session has finished.',
};

/** How often the join page asks again whether a locked session opened up. */
const LOCKED_POLL_MS = 3000;
/** Narrower than this, an open round's plot and tables start folded. */
const PHONE_QUERY = '(max-width: 40rem)';

/** The student's own record over the session, from `you.results`. */
export interface OwnSummary {
  readonly points: number;
  readonly rank: number | null;
  /** Rounds graded for this student (those revealed while they were in the session). */
  readonly rounds: number;
  /** Rounds in which they gave at least one value. */
  readonly answered: number;
  /** Fields graded over all those rounds (a field left empty counts, as not correct). */
  readonly fields: number;
  /** Fields with full credit. */
  readonly correct: number;
}

export function ownSummary(you: { readonly score: number; readonly rank: number | null; readonly results: readonly RoundResult[] }): OwnSummary {
  const fields = you.results.flatMap((r) => r.fields);
  return {
    points: you.score,
    rank: you.rank,
    rounds: you.results.length,
    answered: you.results.filter((r) => r.fields.some((f) => f.answer !== null)).length,
    fields: fields.length,
    correct: fields.filter((f) => f.credit === 'full').length,
  };
}

interface Grade {
  readonly round: number;
  readonly fields: RoundResult['fields'];
  readonly points: number;
  readonly total: number;
  readonly rank: number | null;
}

export class BpStudentView extends LitElement {
  static override properties = {
    code: { type: String },
    name: { state: true },
    joining: { state: true },
    joinError: { state: true },
    status: { state: true },
    announcement: { state: true },
    summary: { state: true },
    folds: { state: true },
    reopened: { state: true },
    seatInput: { state: true },
  };
  /** What the student typed in "Have a seat code?". */
  declare seatInput: string;
  /** The seat code this page opened the seat with (kept with the new token). */
  private typedSeat: string | null = null;
  declare code: string;
  declare name: string;
  declare joining: boolean;
  declare joinError: string | null;
  declare status: SubmitStatus | null;
  declare announcement: string;
  declare summary: SessionSummary | null | undefined;
  /** Which of the open round's folded panels are open (set per round, then the student's). */
  declare folds: { readonly plot: boolean; readonly data: boolean };
  /** Refused as locked, and unlocked since: the refusal (and its badge) no longer holds. */
  declare reopened: boolean;

  private page!: PageController;
  private announcedRound = 0;
  /** The round the folds were set for. */
  private foldsRound: number | undefined = undefined;
  /** The phase of the last render: the end is scrolled to only when it happens here. */
  private seenPhase: string | undefined = undefined;
  private scrollToEnd = false;
  private pollTimer: ReturnType<typeof setTimeout> | null = null;
  /** The round the send status is about. */
  private statusRound: number | undefined = undefined;

  static override styles = [base, styles];

  constructor() {
    super();
    this.code = '';
    this.name = storage.lastName();
    this.joining = false;
    this.joinError = null;
    this.status = null;
    this.announcement = '';
    this.summary = undefined;
    this.folds = { plot: true, data: true };
    this.reopened = false;
    this.seatInput = '';
  }

  override connectedCallback(): void {
    // The page controller needs the code, which is set before the element is connected.
    if (!this.page) {
      this.page = new PageController(this, {
        code: this.code,
        role: 'student',
        onResumeToken: (token, name, seatCode) => {
          // A new token keeps the seat code this browser knows, unless a new one came with it.
          const code = seatCode ?? storage.studentSeat(this.code)?.seatCode ?? this.typedSeat ?? undefined;
          storage.setStudentSeat(this.code, { token, name, ...(code && { seatCode: code }) });
          storage.setSignedOutSeat(this.code, null);
          storage.setLastName(name);
        },
        onSignedOut: (reason) => {
          // The token is dead; the seat code opens the seat again (not after the instructor replaced it).
          const seat = storage.studentSeat(this.code);
          storage.setStudentSeat(this.code, null);
          if (seat?.seatCode && reason !== 'new-seat') storage.setSignedOutSeat(this.code, seat.seatCode);
          else storage.setSignedOutSeat(this.code, null);
        },
        onRefused: (error) => this.refused(error),
      });
      const seat = storage.studentSeat(this.code);
      if (seat) this.page.session.connect({ code: this.code, role: 'student', resumeToken: seat.token });
      else void this.loadSummary();
    }
    super.connectedCallback();
    this.addEventListener(AnswerSubmitEvent.type, this.onSubmit);
    this.addEventListener(SeatActionEvent.type, this.onSeatAction);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.removeEventListener(AnswerSubmitEvent.type, this.onSubmit);
    this.removeEventListener(SeatActionEvent.type, this.onSeatAction);
    this.stopPolling();
  }

  private async loadSummary(): Promise<void> {
    try {
      this.summary = await sessionSummary(this.code);
    } catch {
      this.summary = undefined;
    }
    // A locked session may open up: ask again while the join page says it is locked.
    this.stopPolling();
    if (this.isConnected && this.summary && !this.summary.joinable && this.summary.phase !== 'finished' && !this.page.state.you) {
      this.pollTimer = setTimeout(() => void this.loadSummary(), LOCKED_POLL_MS);
    }
    // Unlocked since the refusal: its words no longer hold.
    if (this.summary?.joinable && this.page.state.refusal?.code === 'locked') {
      if (this.joinError === REFUSAL_WORDS['locked']) this.joinError = null;
      this.reopened = true;
    }
  }

  private stopPolling(): void {
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.pollTimer = null;
  }

  private refused(error: ProtocolError): void {
    this.joining = false;
    if (error.code === 'removed' || error.code === 'forbidden') storage.setStudentSeat(this.code, null);
    if (error.code !== 'removed' && error.code !== 'unknown-session') this.joinError = REFUSAL_WORDS[error.code] ?? error.message;
    // Refused as locked or finished: the summary tells when that changes (and says finished instead of Join).
    if (error.code === 'locked' || error.code === 'finished') void this.loadSummary();
  }

  private readonly onSeatAction = async (e: SeatActionEvent): Promise<void> => {
    const session = this.page.session;
    if (e.action === 'dismiss') return session.dismissElsewhere();
    if (e.action === 'take-back') {
      const seat = storage.signedOutSeat(this.code);
      if (seat) this.openSeat(seat);
      return;
    }
    const ack = await session.signOutOthers();
    this.announcement = ack.ok ? 'Your other devices are signed out.' : ack.error.message;
  };

  /** Opens the seat with its seat code on this device (a new resume token comes back). */
  private openSeat(seatCode: string): void {
    this.typedSeat = seatCode;
    this.joinError = null;
    this.joining = true;
    this.page.session.connect({ code: this.code, role: 'student', seat: seatCode });
  }

  private joinWithSeat(e: Event): void {
    e.preventDefault();
    const seat = normalizeSeatCode(this.seatInput);
    if (!seat) {
      this.joinError = 'A seat code has 8 letters and digits, like ABCD-EFGH.';
      return;
    }
    this.openSeat(seat);
  }

  private join(e: Event): void {
    e.preventDefault();
    const name = this.name.trim();
    if (!name) {
      this.joinError = 'Type a name first.';
      return;
    }
    this.joinError = null;
    this.reopened = false;
    this.joining = true;
    this.page.session.connect({ code: this.code, role: 'student', name });
  }

  private readonly onSubmit = async (e: AnswerSubmitEvent): Promise<void> => {
    const round = this.page.state.session?.round?.number;
    const auto = !e.done;
    this.statusRound = round;
    this.status = { kind: 'saving', auto };
    const ack = await this.page.session.submitAnswer({ ...(e.answers as PayloadOf<'answer:submit'>), done: e.done, ...(round !== undefined && { round }) });
    // A late answer about a round that has since moved on says nothing about the current one.
    if (this.statusRound !== round || this.page.state.session?.round?.number !== round) return;
    this.status = ack.ok ? { kind: 'saved', auto } : { kind: 'error', message: ack.error.message, auto };
    // Saves as she types are shown, not read out; her Send is.
    if (ack.ok && !auto) this.announcement = 'Answer sent.';
  };

  protected override willUpdate(changed: PropertyValues<this>): void {
    const s = this.page.state;
    if (s.you) this.joining = false;
    // A send status belongs to its round: the next round's form starts clean.
    if (this.status && s.session?.round?.number !== this.statusRound) this.status = null;
    const grade = this.grade(s);
    if (grade && grade.round > this.announcedRound && s.session?.reveal) {
      this.announcedRound = grade.round;
      const right = grade.fields.filter((f) => f.credit === 'full').length;
      this.announcement = `Round ${grade.round} revealed: ${right} of ${grade.fields.length} correct, ${plural(grade.points, 'point')}. Total ${grade.total}${grade.rank ? `, rank ${grade.rank}` : ''}.`;
    }
    const session = s.session;
    // Each round's plot and tables start folded on a phone (the answer comes first), open on wider screens.
    if (session?.phase === 'open' && session.round && session.round.number !== this.foldsRound) {
      this.foldsRound = session.round.number;
      const phone = typeof window.matchMedia === 'function' && window.matchMedia(PHONE_QUERY).matches;
      this.folds = { plot: !phone, data: !phone };
    }
    if (session && s.you) {
      // The end seen live (not a reload of a finished session): bring its notice into view.
      if (session.phase === 'finished' && this.seenPhase !== undefined && this.seenPhase !== 'finished') {
        this.scrollToEnd = true;
        const own = ownSummary(s.you);
        this.announcement = `The session has finished. ${plural(own.points, 'point')}${own.rank ? `, rank ${own.rank}` : ''}; ${own.correct} of ${plural(own.fields, 'field')} correct.`;
      }
      this.seenPhase = session.phase;
    }
    if (s.you) this.stopPolling();
    void changed;
  }

  protected override updated(): void {
    if (!this.scrollToEnd) return;
    this.scrollToEnd = false;
    this.renderRoot.querySelector<HTMLElement>('[data-testid="final"]')?.scrollIntoView({ block: 'start' });
  }

  /** The grade of the revealed round (or of the last graded one), from `you.results`. */
  private grade(s: ClientSession): Grade | null {
    const you = s.you;
    const round = s.session?.reveal?.round ?? you?.results.at(-1)?.round;
    const result = you?.results.find((r) => r.round === round);
    return result && you ? { round: result.round, fields: result.fields, points: result.points, total: you.score, rank: you.rank } : null;
  }

  override render() {
    const s = this.page.state;
    return html`
      <header>
        <h1 class="brand">Backprop Live<span class="code">${formatJoinCode(this.code)}</span></h1>
        <!-- In the sticky header, so the time left stays in sight while typing far down the page. -->
        <bp-countdown></bp-countdown>
        ${this.reopened && s.connection === 'refused' ? nothing : html`<bp-connection-status></bp-connection-status>`}
        ${s.you
          ? html`<div class="me" data-testid="me">
              <span class="who">${s.you.name}</span>
              <span class="num"><strong data-testid="score">${s.you.score}</strong> points${s.you.rank && s.you.results.length > 0 ? html` · rank <strong data-testid="rank">${s.you.rank}</strong>` : nothing}</span>
            </div>`
          : nothing}
      </header>
      <main>
        <div class="visually-hidden" role="status" aria-live="polite" data-testid="announcer">${this.announcement}</div>
        <bp-seat-card variant="notice" .seatCode=${s.signedOut ? storage.signedOutSeat(this.code) : (storage.studentSeat(this.code)?.seatCode ?? null)}></bp-seat-card>
        ${s.notice && s.connection !== 'connected' ? html`<div class="notice" role="status">${s.notice}</div>` : nothing}
        ${this.body(s)}
        ${s.you && !s.signedOut ? html`<section class="card seat-card"><bp-seat-card variant="code" .seatCode=${storage.studentSeat(this.code)?.seatCode ?? null}></bp-seat-card></section>` : nothing}
      </main>
    `;
  }

  private body(s: ClientSession) {
    if (s.refusal?.code === 'removed') {
      return html`<section class="card" data-testid="refused"><h2>Removed</h2><p>${s.refusal.message}</p><p><a href="/">Back to the start page</a></p></section>`;
    }
    if (s.refusal?.code === 'unknown-session' || this.summary === null) {
      return html`<section class="card" data-testid="refused"><h2>No such session</h2><p>${REFUSAL_WORDS['unknown-session']}</p><p><a href="/">Enter another code</a></p></section>`;
    }
    if (s.signedOut) return this.joinForm(s);
    if (!s.you && (s.connection === 'idle' || s.connection === 'refused' || this.joinError)) return this.joinForm(s);
    if (!s.session || !s.you) {
      return html`<section class="card big-wait"><p>Connecting to ${formatJoinCode(this.code)}…</p></section>`;
    }
    const session = s.session;
    const phase = session.phase;
    if (phase === 'open' && session.round) return this.openRound(s);
    if (phase === 'finished') return html`${this.final(s)}${session.reveal ? this.revealed(s) : this.waiting(s)}`;
    if (phase === 'revealed' && session.reveal) return this.revealed(s);
    if (phase === 'running') return this.running(s);
    return this.waiting(s);
  }

  /** The end: the student's own summary, at the top of the page. */
  private final(s: ClientSession) {
    const own = ownSummary(s.you!);
    return html`<section class="card final" data-testid="final" aria-labelledby="final-title">
      <h2 id="final-title">The session has finished</h2>
      <dl class="final-stats">
        <div><dt>Final rank</dt><dd class="num" data-testid="final-rank">${own.rank ? ordinal(own.rank) : '–'}</dd></div>
        <div><dt>Points</dt><dd class="num" data-testid="final-points">${own.points}</dd></div>
        <div><dt>Rounds answered</dt><dd class="num" data-testid="final-rounds">${own.answered} of ${own.rounds}</dd></div>
        <div><dt>Fields correct</dt><dd class="num" data-testid="final-fields">${own.correct} of ${own.fields}</dd></div>
      </dl>
      <p class="muted">Thanks for taking part, ${s.you!.name}.${s.session?.reveal ? ' The last round’s results follow.' : ''}</p>
    </section>`;
  }

  private joinForm(s: ClientSession) {
    const finished = this.summary?.phase === 'finished' || s.refusal?.code === 'finished';
    if (finished) {
      return html`<section class="card" data-testid="closed">
        <h2>${formatJoinCode(this.code)} has finished</h2>
        ${this.summary ? html`<p class="muted">${this.summary.title} · ${plural(this.summary.students, 'student')} took part</p>` : nothing}
        <p>${REFUSAL_WORDS['finished']} It no longer takes new students or answers.</p>
        <p><a href="/">Join another session</a></p>
      </section>`;
    }
    const locked = this.summary && !this.summary.joinable;
    return html`<section class="card">
      <h2 class="join-title">Join ${formatJoinCode(this.code)}</h2>
      ${this.summary ? html`<p class="muted">${this.summary.title} · ${plural(this.summary.students, 'student')} joined</p>` : nothing}
      ${locked && !this.joinError ? html`<p class="notice bad" data-testid="join-closed">${REFUSAL_WORDS['locked']}</p>` : nothing}
      <form class="join-form" @submit=${this.join} novalidate>
        <label for="name">Your name</label>
        <input id="name" type="text" autocomplete="nickname" maxlength=${MAX_NAME_LENGTH} enterkeyhint="go" .value=${this.name} aria-describedby="name-msg" aria-invalid=${this.joinError ? 'true' : 'false'} @input=${(e: Event) => (this.name = (e.target as HTMLInputElement).value)} />
        <div id="name-msg" class=${this.joinError ? 'error-text' : 'muted'} role=${this.joinError ? 'alert' : nothing}>${this.joinError ? html`⚠ ${this.joinError}` : 'Shown to your instructor and, if they choose, on the leaderboard.'}</div>
        <button type="submit" class="primary" ?disabled=${this.joining && s.connection !== 'refused'}>${this.joining && s.connection !== 'refused' ? 'Joining…' : 'Join'}</button>
      </form>
      <details class="seat-join" data-testid="seat-join" ?open=${s.signedOut !== null}>
        <summary>Joined before, in another browser? Use your seat code</summary>
        <form class="join-form" @submit=${this.joinWithSeat} novalidate>
          <label for="seat">Seat code</label>
          <input id="seat" type="text" autocomplete="off" autocapitalize="characters" spellcheck="false" maxlength="12" placeholder="ABCD-EFGH" .value=${this.seatInput} @input=${(e: Event) => (this.seatInput = (e.target as HTMLInputElement).value)} />
          <div class="muted">It is shown under "Continue on another device" on the page where you joined; your instructor can also give you a new one.</div>
          <button type="submit" ?disabled=${this.joining && s.connection !== 'refused'}>Continue with my seat</button>
        </form>
      </details>
    </section>`;
  }

  private plot(s: ClientSession, withNext = false) {
    const session = s.session!;
    const record = session.reveal?.step;
    return html`<bp-squiggle-plot
      .data=${session.data}
      .activation=${session.activation}
      .width=${session.width}
      .params=${currentParams(s)}
      .next=${withNext && record?.next ? { ...record.params, ...record.next } : null}
      .ssr=${currentSsr(s)}
    ></bp-squiggle-plot>`;
  }

  private openRound(s: ClientSession) {
    const session = s.session!;
    const round = session.round!;
    // What the round asked when it opened (older servers: today's questions).
    const fields = round.asked ?? askedFields(session.settings.questions, session.data.length);
    const precision = round.precision ?? session.settings.precision;
    const stored = s.you?.answer && s.you.answer.round === round.number ? s.you.answer : null;
    const stage = this.stageTitle(fields);
    const hidden = session.hidden ? ' and hidden-node values' : '';
    return html`
      <section class="card" data-testid="round" aria-labelledby="round-title">
        <div class="round-head">
          <h2 id="round-title">Round ${round.number} <span class="muted" style="font-weight:500">· iteration ${session.iteration}${stage ? html` · <span data-testid="stage-title">${stage}</span>` : nothing}</span></h2>
        </div>
        <bp-param-panel show="params"></bp-param-panel>
        <p class="ask precision" data-testid="precision">One gradient-descent step from these values: work out ${askedWords(fields, false)}, keeping <strong>${describePrecision(precision)}</strong> in every number (${precisionExample(precision)}).</p>
        <!-- The answers in the same card as the values they come from: both on the first screen of a phone. -->
        <div class="answers" data-testid="answers" id="answers">
          <h3 class="answers-title">Your answers</h3>
          ${round.known ? html`<details class="known disclosure" open><summary>Revealed so far</summary><bp-stage-table .step=${round.known}></bp-stage-table></details>` : nothing}
          <bp-answer-form .fields=${fields} .data=${session.data} .stored=${stored?.answers ?? null} .storedAt=${stored?.at ?? null} .storedDone=${stored?.done ?? false} .closesAt=${round.deadline !== null ? round.deadline - s.clockOffset : null} .round=${round.number} .code=${this.code} .status=${this.status} ?offline=${s.connection !== 'connected'}></bp-answer-form>
        </div>
      </section>
      <details class="card fold disclosure" data-testid="plot-fold" .open=${this.folds.plot} @toggle=${(e: Event) => this.fold('plot', e)}>
        <summary>The squiggle now</summary>
        ${this.plot(s)}
      </details>
      <details class="card fold disclosure" data-testid="data-fold" .open=${this.folds.data} @toggle=${(e: Event) => this.fold('data', e)}>
        <summary>The data${hidden}</summary>
        <bp-param-panel show="data"></bp-param-panel>
      </details>
    `;
  }

  /** The lesson plan's stage these fields make up (null: the instructor's own choice). */
  private stageTitle(fields: readonly FieldRef[]): string | null {
    const session = this.page.state.session!;
    const plan = lessonPlan(session.width, session.trainable);
    const i = stageIndexOf(plan, fields, session.data.length);
    return i < 0 ? null : plan[i]!.title;
  }

  private fold(which: 'plot' | 'data', e: Event): void {
    const open = (e.currentTarget as HTMLDetailsElement).open;
    if (this.folds[which] !== open) this.folds = { ...this.folds, [which]: open };
  }

  private revealed(s: ClientSession) {
    const session = s.session!;
    const reveal = session.reveal!;
    const grade = this.grade(s);
    const fields = grade?.fields ?? [];
    const answered = fields.some((f) => f.answer !== null);
    // What this round asked and its tolerance, not today's settings (they may change after the reveal).
    const askedSet = new Set(reveal.asked.map((f) => f.param));
    const asked = reveal.step.trainable.filter((p) => askedSet.has(p));
    const stage = this.stageTitle(reveal.asked);
    // The step is taken after it (the squiggle moves) once the reveal holds the new values.
    const whole = reveal.step.next !== undefined;
    return html`
      <section class="card" data-testid="result">
        <div class="round-head"><h2>Round ${reveal.round} results${stage ? html` <span class="muted" style="font-weight:500">· <span data-testid="stage-title">${stage}</span></span>` : nothing}</h2></div>
        ${grade
          ? html`<div class="score-line">
              <span>This round <strong class="num" data-testid="round-points">+${grade.points}</strong></span>
              <span>Total <strong class="num" data-testid="total">${grade.total}</strong></span>
              ${grade.rank ? html`<span>Rank <strong class="num">${ordinal(grade.rank)}</strong></span>` : nothing}
            </div>`
          : nothing}
        ${grade && answered
          ? html`<bp-result-list .fields=${fields} .record=${reveal.step} .sheet=${reveal.sheet}></bp-result-list>`
          : html`<p>You did not answer this round. Here is how it works out.</p>`}
        ${reveal.stopReason ? html`<p class="muted">This step meets the stop rule: training is done.</p>` : nothing}
        ${session.phase === 'finished' ? nothing : html`<p class="muted" style="margin:0.6rem 0 0">${whole ? 'The next round starts when the instructor moves on.' : 'The instructor may ask for the next links of this step, or move on.'}</p>`}
      </section>
      ${whole
        ? html`<section class="card">
            <h2>The squiggle moves</h2>
            ${this.plot(s, true)}
          </section>`
        : nothing}
      <section class="card" data-testid="worked">
        <h2>Worked solution</h2>
        ${reveal.step.terms ? nothing : html`<p class="muted why-stage">The chain up to ${linkWords([reveal.step.upTo])}, dose by dose; the highlighted lines are this round’s questions.</p>`}
        <bp-worked-solution .record=${reveal.step} .params=${asked} .fields=${fields} .asked=${reveal.asked}></bp-worked-solution>
      </section>
      ${session.leaderboard?.length ? html`<section class="card"><h2>Leaderboard</h2><bp-leaderboard .entries=${session.leaderboard} .limit=${5}></bp-leaderboard></section>` : nothing}
    `;
  }

  private running(s: ClientSession) {
    return html`<section class="card" data-testid="running">
      <h2>Training…</h2>
      <p>The instructor is running gradient descent. Iteration <strong class="num">${currentIteration(s)}</strong>, SSR <strong class="num">${fixed(currentSsr(s) ?? NaN, 4)}</strong>.</p>
      ${this.plot(s)}
    </section>`;
  }

  private waiting(s: ClientSession) {
    const session = s.session!;
    const finished = session.phase === 'finished';
    const last = s.you!.results.at(-1);
    return html`${finished
        ? nothing
        : html`<section class="card big-wait" data-testid="lobby">
            <div class="emoji" aria-hidden="true">⏳</div>
            <h2>You’re in, ${s.you!.name}!</h2>
            <p class="muted">Get paper and a calculator ready. The instructor opens the next round soon.</p>
            ${last ? html`<p>Last round: <strong>+${last.points}</strong> points.</p>` : nothing}
          </section>`}
      <section class="card">
        <h2>Where we are</h2>
        ${session.trainingStop && session.phase === 'lobby' ? html`<p class="notice" role="status" data-testid="training-stop">${trainingStopText(session.trainingStop)}</p>` : nothing}
        <bp-param-panel show="params"></bp-param-panel>
        ${this.plot(s)}
      </section>`;
  }
}

customElements.define('bp-student-view', BpStudentView);
declare global {
  interface HTMLElementTagNameMap {
    'bp-student-view': BpStudentView;
  }
}
