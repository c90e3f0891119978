/**
 * The student's page (/join/:code), phone first: a name, the lobby, each round's numbers and the
 * inputs for the asked quantities, then their verdicts with the diagnosis and the worked chain
 * rule; score and rank. The resume token is kept per code, so a reload or a sleeping phone is
 * the same student with the same answers and score.
 */
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { askedFields } from '../../../shared/grader/fields.js';
import type { RoundResult } from '../../../shared/session/state.js';
import { MAX_NAME_LENGTH } from '../../../shared/session/names.js';
import { formatJoinCode } from '../../../shared/protocol/join-code.js';
import type { ProtocolError } from '../../../shared/protocol/errors.js';
import { PageController } from '../../session/page-controller.js';
import { currentIteration, currentParams, currentSsr, type ClientSession } from '../../session/state.js';
import { storage } from '../../lib/storage.js';
import { sessionSummary } from '../../lib/api.js';
import { AnswerSubmitEvent } from '../../lib/events.js';
import { fixed, ordinal, plural, precisionExample } from '../../lib/format.js';
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
import { styles } from './bp-student-view.styles.js';

const REFUSAL_WORDS: Partial<Record<string, string>> = {
  removed: 'The instructor removed you from this session.',
  forbidden: 'This device’s place in the session is no longer valid (the session may have been recreated). Join again with your name.',
  'unknown-session': 'There is no session with this code. Check the code with your instructor.',
  locked: 'The instructor has locked this session: new students cannot join right now.',
  'session-full': 'This session is full.',
  finished: 'This session has finished.',
};

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
  };
  declare code: string;
  declare name: string;
  declare joining: boolean;
  declare joinError: string | null;
  declare status: SubmitStatus | null;
  declare announcement: string;
  declare summary: SessionSummary | null | undefined;

  private page!: PageController;
  private announcedRound = 0;
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
  }

  override connectedCallback(): void {
    // The page controller needs the code, which is set before the element is connected.
    if (!this.page) {
      this.page = new PageController(this, {
        code: this.code,
        role: 'student',
        onResumeToken: (token, name) => {
          storage.setStudentSeat(this.code, { token, name });
          storage.setLastName(name);
        },
        onRefused: (error) => this.refused(error),
      });
      const seat = storage.studentSeat(this.code);
      if (seat) this.page.session.connect({ code: this.code, role: 'student', resumeToken: seat.token });
      else void this.loadSummary();
    }
    super.connectedCallback();
    this.addEventListener(AnswerSubmitEvent.type, this.onSubmit);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.removeEventListener(AnswerSubmitEvent.type, this.onSubmit);
  }

  private async loadSummary(): Promise<void> {
    try {
      this.summary = await sessionSummary(this.code);
    } catch {
      this.summary = undefined;
    }
  }

  private refused(error: ProtocolError): void {
    this.joining = false;
    if (error.code === 'removed' || error.code === 'forbidden') storage.setStudentSeat(this.code, null);
    if (error.code !== 'removed' && error.code !== 'unknown-session') this.joinError = REFUSAL_WORDS[error.code] ?? error.message;
  }

  private join(e: Event): void {
    e.preventDefault();
    const name = this.name.trim();
    if (!name) {
      this.joinError = 'Type a name first.';
      return;
    }
    this.joinError = null;
    this.joining = true;
    this.page.session.connect({ code: this.code, role: 'student', name });
  }

  private readonly onSubmit = async (e: AnswerSubmitEvent): Promise<void> => {
    const round = this.page.state.session?.round?.number;
    this.statusRound = round;
    this.status = { kind: 'saving' };
    const ack = await this.page.session.submitAnswer({ ...e.answers, ...(round !== undefined && { round }) });
    // A late answer about a round that has since moved on says nothing about the current one.
    if (this.statusRound !== round || this.page.state.session?.round?.number !== round) return;
    this.status = ack.ok ? { kind: 'saved' } : { kind: 'error', message: ack.error.message };
    if (ack.ok) this.announcement = 'Answer saved.';
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
    void changed;
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
        <span class="brand">Backprop Live<span class="code">${formatJoinCode(this.code)}</span></span>
        <!-- In the sticky header, so the time left stays in sight while typing far down the page. -->
        <bp-countdown></bp-countdown>
        <bp-connection-status></bp-connection-status>
        ${s.you
          ? html`<div class="me" data-testid="me">
              <span class="who">${s.you.name}</span>
              <span class="num"><strong data-testid="score">${s.you.score}</strong> points${s.you.rank && s.you.results.length > 0 ? html` · rank <strong data-testid="rank">${s.you.rank}</strong>` : nothing}</span>
            </div>`
          : nothing}
      </header>
      <div class="visually-hidden" role="status" aria-live="polite" data-testid="announcer">${this.announcement}</div>
      ${s.notice && s.connection !== 'connected' ? html`<div class="notice" role="status">${s.notice}</div>` : nothing}
      ${this.body(s)}
    `;
  }

  private body(s: ClientSession) {
    if (s.refusal?.code === 'removed') {
      return html`<section class="card" data-testid="refused"><h2>Removed</h2><p>${s.refusal.message}</p><p><a href="/">Back to the start page</a></p></section>`;
    }
    if (s.refusal?.code === 'unknown-session' || this.summary === null) {
      return html`<section class="card" data-testid="refused"><h2>No such session</h2><p>${REFUSAL_WORDS['unknown-session']}</p><p><a href="/">Enter another code</a></p></section>`;
    }
    if (!s.you && (s.connection === 'idle' || s.connection === 'refused' || this.joinError)) return this.joinForm(s);
    if (!s.session || !s.you) {
      return html`<section class="card big-wait"><p>Connecting to ${formatJoinCode(this.code)}…</p></section>`;
    }
    const session = s.session;
    const phase = session.phase;
    if (phase === 'open' && session.round) return this.openRound(s);
    if ((phase === 'revealed' || phase === 'finished') && session.reveal) return this.revealed(s);
    if (phase === 'running') return this.running(s);
    return this.waiting(s);
  }

  private joinForm(s: ClientSession) {
    const closed = this.summary && !this.summary.joinable;
    return html`<section class="card">
      <h1 style="font-size:1.4rem">Join ${formatJoinCode(this.code)}</h1>
      ${this.summary ? html`<p class="muted">${this.summary.title} · ${plural(this.summary.students, 'student')} joined</p>` : nothing}
      ${closed && !this.joinError ? html`<p class="notice bad">${this.summary!.phase === 'finished' ? REFUSAL_WORDS['finished'] : REFUSAL_WORDS['locked']}</p>` : nothing}
      <form class="join-form" @submit=${this.join} novalidate>
        <label for="name">Your name</label>
        <input id="name" type="text" autocomplete="nickname" maxlength=${MAX_NAME_LENGTH} enterkeyhint="go" .value=${this.name} aria-describedby="name-msg" aria-invalid=${this.joinError ? 'true' : 'false'} @input=${(e: Event) => (this.name = (e.target as HTMLInputElement).value)} />
        <div id="name-msg" class=${this.joinError ? 'error-text' : 'muted'} role=${this.joinError ? 'alert' : nothing}>${this.joinError ? html`⚠ ${this.joinError}` : 'Shown to your instructor and, if they choose, on the leaderboard.'}</div>
        <button type="submit" class="primary" ?disabled=${this.joining && s.connection !== 'refused'}>${this.joining && s.connection !== 'refused' ? 'Joining…' : 'Join'}</button>
      </form>
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
      .next=${withNext && record ? { ...record.params, ...record.next } : null}
      .ssr=${currentSsr(s)}
    ></bp-squiggle-plot>`;
  }

  private openRound(s: ClientSession) {
    const session = s.session!;
    const round = session.round!;
    // What the round asked when it opened (older servers: today's questions).
    const fields = round.asked ?? askedFields(session.settings.questions);
    const precision = round.precision ?? session.settings.precision;
    const stored = s.you?.answer && s.you.answer.round === round.number ? s.you.answer : null;
    const words = [...new Set(fields.map((f) => f.quantity))].map((q) => (q === 'derivatives' ? 'the derivatives' : q === 'steps' ? 'the step sizes' : 'the new values'));
    return html`
      <section class="card" data-testid="round">
        <div class="round-head">
          <h2>Round ${round.number} <span class="muted" style="font-weight:500">· iteration ${session.iteration}</span></h2>
        </div>
        <p class="ask">Work out ${words.join(', ').replace(/, ([^,]*)$/, ' and $1')} for one gradient-descent step from these values, keeping ${describePrecision(precision)}. <a href="#answers">Answer below ↓</a></p>
        <bp-param-panel show="params"></bp-param-panel>
      </section>
      <section class="card">${this.plot(s)}</section>
      <section class="card"><bp-param-panel show="data"></bp-param-panel></section>
      <section class="card" data-testid="answers" id="answers">
        <h2>Your answers</h2>
        <p class="precision" data-testid="precision">Keep <strong>${describePrecision(precision)}</strong> in every number you write, from the values above to your answers (${precisionExample(precision)}).</p>
        <bp-answer-form .fields=${fields} .stored=${stored?.answers ?? null} .storedAt=${stored?.at ?? null} .round=${round.number} .code=${this.code} .status=${this.status} ?offline=${s.connection !== 'connected'}></bp-answer-form>
      </section>
    `;
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
    return html`
      <section class="card" data-testid="result">
        <div class="round-head"><h2>Round ${reveal.round} results</h2></div>
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
        <p class="muted" style="margin:0.6rem 0 0">${session.phase === 'finished' ? 'The session has finished.' : 'The next round starts when the instructor moves on.'}</p>
      </section>
      <section class="card">
        <h2>The squiggle moves</h2>
        ${this.plot(s, true)}
      </section>
      <section class="card" data-testid="worked">
        <h2>Worked solution</h2>
        <bp-worked-solution .record=${reveal.step} .params=${asked} .fields=${fields}></bp-worked-solution>
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
    return html`<section class="card big-wait" data-testid="lobby">
        <div class="emoji" aria-hidden="true">${finished ? '🏁' : '⏳'}</div>
        <h2>${finished ? 'The session has finished' : `You’re in, ${s.you!.name}!`}</h2>
        <p class="muted">${finished ? `Final score ${s.you!.score}${s.you!.rank ? `, rank ${ordinal(s.you!.rank)}` : ''}. Thanks for taking part.` : 'Get paper and a calculator ready. The instructor opens the next round soon.'}</p>
        ${last && !finished ? html`<p>Last round: <strong>+${last.points}</strong> points.</p>` : nothing}
      </section>
      <section class="card">
        <h2>Where we are</h2>
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
