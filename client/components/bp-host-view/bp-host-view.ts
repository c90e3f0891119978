/**
 * The instructor's dashboard (/host/:code): join link, code and QR; every session command;
 * the roster with presence; answered count; the class's answers per field against the exact
 * value; mistakes counted; leaderboard; SSR and parameter paths; settings; CSV and JSON export.
 * The instructor token comes from the host link's fragment (#token=...) or from this browser's
 * storage, so a refresh or a second device reopens the dashboard.
 */
import { formatSeatCode } from '../../../shared/protocol/join-code.js';
import type { AckOf, PayloadOf } from '../../../shared/protocol/client-events.js';
import { LitElement, html, nothing } from 'lit';
import { formatJoinCode } from '../../../shared/protocol/join-code.js';
import type { ProtocolError } from '../../../shared/protocol/errors.js';
import { EVENT_META, canSend, confirmText } from '../../../shared/protocol/event-meta.js';
import { PageController } from '../../session/page-controller.js';
import { currentParams, currentSsr, historyOf, type ClientSession } from '../../session/state.js';
import { storage, type InstructorKey } from '../../lib/storage.js';
import { downloadResults, sessionSummary } from '../../lib/api.js';
import { HostCommandEvent, PlanStageEvent, SettingsSubmitEvent } from '../../lib/events.js';
import { paths } from '../../lib/routes.js';
import { plural } from '../../lib/format.js';
import { lessonPlan, planStatus } from '../../../shared/session/stages.js';
import { base } from '../../styles/shared.js';
import '../bp-connection-status/bp-connection-status.js';
import '../bp-join-card/bp-join-card.js';
import '../bp-host-controls/bp-host-controls.js';
import '../bp-lesson-plan/bp-lesson-plan.js';
import '../bp-roster/bp-roster.js';
import '../bp-squiggle-plot/bp-squiggle-plot.js';
import '../bp-param-panel/bp-param-panel.js';
import '../bp-class-summary/bp-class-summary.js';
import '../bp-mistake-counts/bp-mistake-counts.js';
import '../bp-leaderboard/bp-leaderboard.js';
import '../bp-history-plot/bp-history-plot.js';
import '../bp-settings-form/bp-settings-form.js';
import { styles } from './bp-host-view.styles.js';


/** Reads `#token=...` from the URL and removes it from the address bar (it stays in storage). */
function tokenFromFragment(): string | null {
  const m = /(?:^#|&)token=([^&]+)/.exec(window.location.hash);
  if (!m) return null;
  history.replaceState(null, '', window.location.pathname + window.location.search);
  return decodeURIComponent(m[1]!);
}

export class BpHostView extends LitElement {
  static override properties = {
    code: { type: String },
    key: { state: true },
    message: { state: true },
    announcement: { state: true },
    tokenInput: { state: true },
    tokenError: { state: true },
    configuring: { state: true },
  };
  declare code: string;
  declare key: InstructorKey | null;
  /**
   * The outcome of the last command, until the session's phase changes after it (a timer's
   * reveal, another device's command): `version` is the session version it is about.
   */
  declare message: { kind: 'ok' | 'error'; text: string; version: number } | null;
  declare announcement: string;
  declare tokenInput: string;
  declare tokenError: string | null;
  declare configuring: boolean;

  private page!: PageController;
  /** The phase the status line's message was shown in (set once the session reached its version). */
  private messagePhase: string | null = null;

  static override styles = [base, styles];

  constructor() {
    super();
    this.code = '';
    this.key = null;
    this.message = null;
    this.announcement = '';
    this.tokenInput = '';
    this.tokenError = null;
    this.configuring = false;
  }

  override connectedCallback(): void {
    if (!this.page) {
      this.page = new PageController(this, {
        code: this.code,
        role: 'instructor',
        onRefused: (error) => this.refused(error),
        onRevealed: (p) => {
          this.announcement = `Round ${p.round} revealed.`;
        },
      });
      const fromLink = tokenFromFragment();
      const stored = storage.instructorKey(this.code);
      const key: InstructorKey | null = fromLink ? { ...(stored?.token === fromLink ? stored : {}), token: fromLink } : stored;
      if (key) this.useKey(key);
    }
    super.connectedCallback();
    this.addEventListener(HostCommandEvent.type, this.onCommand);
    this.addEventListener(SettingsSubmitEvent.type, this.onSettings);
    this.addEventListener(PlanStageEvent.type, this.onPlanStage);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.removeEventListener(HostCommandEvent.type, this.onCommand);
    this.removeEventListener(SettingsSubmitEvent.type, this.onSettings);
    this.removeEventListener(PlanStageEvent.type, this.onPlanStage);
  }

  private useKey(key: InstructorKey): void {
    this.key = key;
    storage.setInstructorKey(this.code, key);
    this.page.session.connect({ code: this.code, role: 'instructor', token: key.token });
    // Opened from a host link on another device: the server's join link honours PUBLIC_URL.
    if (!key.joinUrl) {
      sessionSummary(this.code).then(
        (summary) => {
          if (!summary || !summary.joinUrl.endsWith(paths.join(this.code)) || this.key?.token !== key.token) return;
          this.key = { ...this.key, joinUrl: summary.joinUrl };
          storage.setInstructorKey(this.code, this.key);
        },
        () => undefined,
      );
    }
  }

  private refused(error: ProtocolError): void {
    if (error.code === 'forbidden') {
      storage.setInstructorKey(this.code, null);
      this.key = null;
      this.tokenError = 'This browser’s instructor token does not open this session. Paste the host link you got when you created it.';
    }
  }

  private submitToken(e: Event): void {
    e.preventDefault();
    const raw = this.tokenInput.trim();
    const token = /#token=([^&\s]+)/.exec(raw)?.[1] ?? raw;
    if (token.length < 8) {
      this.tokenError = 'Paste the whole host link (it ends in #token=…) or the token itself.';
      return;
    }
    this.tokenError = null;
    this.useKey({ token: decodeURIComponent(token) });
  }

  private readonly onCommand = async (e: HostCommandEvent): Promise<void> => {
    e.stopPropagation();
    if (e.confirmText && !window.confirm(e.confirmText)) return;
    this.message = null;
    const ack = await this.page.session.send(e.command, e.payload);
    if (ack.ok && e.command === 'student:new-seat') {
      // The code is shown once, here: the instructor reads it out or writes it down for the student.
      const studentId = (e.payload as PayloadOf<'student:new-seat'>).studentId;
      const name = this.page.state.staff?.audience === 'instructor' ? this.page.state.staff.students.find((st) => st.id === studentId)?.name : undefined;
      const seatCode = (ack as unknown as AckOf<'student:new-seat'>).seatCode;
      return this.say('ok', `New seat code for ${name ?? 'the student'}: ${formatSeatCode(seatCode)}. Their devices are signed out; they continue by entering it on the join page.`, ack.version);
    }
    this.say(ack.ok ? 'ok' : 'error', ack.ok ? EVENT_META[e.command].done : ack.error.message, ack.ok ? ack.version : undefined);
  };

  /** Shows a command's outcome in the status line, about the session at `version` (default: now). */
  private say(kind: 'ok' | 'error', text: string, version?: number): void {
    this.messagePhase = null;
    this.message = { kind, text, version: version ?? this.page.state.session?.version ?? 0 };
  }

  protected override willUpdate(): void {
    // The status line says what the last command did; once the phase moves on without it (a
    // timer's reveal, a run reaching its end), its words are stale: clear them.
    const session = this.page.state.session;
    if (!this.message || !session || session.version < this.message.version) return;
    if (this.messagePhase === null) this.messagePhase = session.phase;
    else if (session.phase !== this.messagePhase) {
      this.message = null;
      this.messagePhase = null;
    }
  }

  private readonly onSettings = async (e: SettingsSubmitEvent): Promise<void> => {
    e.stopPropagation();
    this.configuring = true;
    const ack = await this.page.session.send('session:configure', e.settings);
    this.configuring = false;
    this.say(ack.ok ? 'ok' : 'error', ack.ok ? EVENT_META['session:configure'].done : ack.error.message, ack.ok ? ack.version : undefined);
  };

  /** A stage of the lesson plan: its questions, then its round (on the same iteration after a reveal). */
  private readonly onPlanStage = async (e: PlanStageEvent): Promise<void> => {
    e.stopPropagation();
    this.message = null;
    this.configuring = true;
    const configured = await this.page.session.send('session:configure', { questions: e.questions });
    this.configuring = false;
    if (!configured.ok) return this.say('error', configured.error.message);
    const opened = await this.page.session.send('round:open', {});
    this.say(opened.ok ? 'ok' : 'error', opened.ok ? `${e.title}: round open.` : opened.error.message, opened.ok ? opened.version : undefined);
  };

  private async download(format: 'csv' | 'json'): Promise<void> {
    if (!this.key) return;
    try {
      await downloadResults(this.code, this.key.token, format);
      this.say('ok', `Results downloaded (${format.toUpperCase()}).`);
    } catch (error) {
      this.say('error', `Download failed: ${(error as Error).message}`);
    }
  }

  override render() {
    const s = this.page.state;
    if (!this.key) return this.tokenForm();
    const session = s.session;
    const joinUrl = this.key.joinUrl ?? `${window.location.origin}${paths.join(this.code)}`;
    // The same base as the join link (PUBLIC_URL when set), so the host link opens on other devices too.
    const siteBase = joinUrl.endsWith(paths.join(this.code)) ? joinUrl.slice(0, -paths.join(this.code).length) : window.location.origin;
    const hostLink = `${siteBase}${paths.host(this.code)}#token=${encodeURIComponent(this.key.token)}`;
    const local = /^(localhost|127\.|\[::1\])/.test(new URL(joinUrl).host);
    const staff = s.staff;
    const summary = staff?.summary;
    const editable = session ? canSend(session.phase, 'session:configure') : false;
    // The projector opens with its own key (never the join code alone) and the join link to show.
    const projectorKey = staff?.audience === 'instructor' ? staff.projectorKey : null;
    const projectorLink = projectorKey ? `${paths.present(this.code)}#key=${encodeURIComponent(projectorKey)}${this.key.joinUrl ? `&join=${encodeURIComponent(this.key.joinUrl)}` : ''}` : null;
    return html`
      <header>
        <h1>Backprop Live <span class="muted" style="font-family:var(--bp-mono)">${formatJoinCode(this.code)}</span></h1>
        <span class="title">${session?.preset.title ?? ''}</span>
        <bp-connection-status></bp-connection-status>
      </header>
      <main>
      <div class="visually-hidden" role="status" aria-live="polite" data-testid="announcer">${this.announcement}</div>
      ${s.refusal && s.refusal.code !== 'forbidden' ? html`<p class="card error-text" role="alert">${s.refusal.message}</p>` : nothing}
      <div class="top">
        <section class="card join" aria-label="How students join">
          <div class="join-row">
            <bp-join-card .code=${this.code} .url=${joinUrl}></bp-join-card>
            <p class="next-step" data-testid="next-step"><strong>Next:</strong> ${nextStep(s)}</p>
          </div>
          ${local
            ? html`<p class="warn" data-testid="localhost-warning">Phones cannot open <strong>localhost</strong>. Open this dashboard through the address the server printed at start (${window.location.protocol}//&lt;this computer’s IP&gt;${window.location.port ? `:${window.location.port}` : ''}), or set PUBLIC_URL.</p>`
            : nothing}
        </section>
        <section class="card links" aria-label="Other views">
          ${projectorLink
            ? html`<a class="button" href="${projectorLink}" target="_blank" rel="noopener" data-testid="projector-link">Open the projector view ↗</a>`
            : nothing}
          <button data-event="projector:replace" ?disabled=${!session} @click=${() => this.dispatchEvent(new HostCommandEvent('projector:replace', {}, projectorKey ? confirmText('projector:replace') : undefined))}>
            ${projectorKey ? 'New projector link (closes open screens)' : 'Make a projector link'}
          </button>
          <label for="host-link" style="font-size:0.9rem">Host link for another device (keep it private)</label>
          <input id="host-link" type="text" readonly .value=${hostLink} @focus=${(e: Event) => (e.target as HTMLInputElement).select()} />
          <div class="exports" role="group" aria-label="Download results">
            <button @click=${() => this.download('csv')}>⬇ CSV</button>
            <button @click=${() => this.download('json')}>⬇ JSON</button>
          </div>
        </section>
      </div>
      ${!session
        ? html`<section class="card"><p>Connecting to the session…</p></section>`
        : html`<div class="grid">
            <div class="col">
              <section class="card" aria-label="Controls">
                <bp-host-controls></bp-host-controls>
                <bp-lesson-plan></bp-lesson-plan>
                <div class="status-line ${this.message?.kind ?? ''}" role="status" aria-live="polite" data-testid="host-message">${this.message ? (this.message.kind === 'error' ? html`⚠ ${this.message.text}` : this.message.text) : nothing}</div>
              </section>
              <section class="card" aria-label="Students">
                <h2>Students</h2>
                <bp-roster></bp-roster>
              </section>
            </div>
            <div class="col">
              <section class="card" aria-label="The network now">
                <h2>The squiggle</h2>
                <bp-squiggle-plot
                  .data=${session.data}
                  .activation=${session.activation}
                  .width=${session.width}
                  .params=${currentParams(s)}
                  .next=${session.reveal?.step.next ? { ...session.reveal.step.params, ...session.reveal.step.next } : null}
                  .ssr=${currentSsr(s)}
                  .aspect=${0.5}
                ></bp-squiggle-plot>
                <bp-param-panel show="params"></bp-param-panel>
              </section>
              ${summary
                ? html`<section class="card" aria-label="Class answers" data-testid="class-answers">
                    <h2>${session.reveal?.round === summary.round ? `Round ${summary.round}` : `Last revealed round: ${summary.round}, at iteration ${summary.iteration}`} · ${plural(summary.answered, 'answer')}</h2>
                    <bp-class-summary .columns=${summary.fields.length > 3 ? 2 : 1}></bp-class-summary>
                  </section>`
                : nothing}
              ${historyOf(s).length > 1
                ? html`<section class="card plots" aria-label="Training history">
                    <bp-history-plot .history=${historyOf(s)} .trainable=${session.trainable} show="ssr"></bp-history-plot>
                    <bp-history-plot .history=${historyOf(s)} .trainable=${session.trainable} show="params"></bp-history-plot>
                  </section>`
                : nothing}
            </div>
            <div class="col">
              <section class="card" aria-label="Leaderboard">
                <h2>Leaderboard</h2>
                ${session.settings.leaderboard !== 'shown' ? html`<p class="muted" style="font-size:0.9rem">Students and the projector see it ${session.settings.leaderboard === 'hidden' ? 'hidden' : 'without names'}.</p>` : nothing}
                ${staff?.leaderboard.some((e) => e.score > 0)
                  ? html`<bp-leaderboard .entries=${staff.leaderboard} .limit=${15}></bp-leaderboard>`
                  : html`<p class="muted">Scores appear after the first reveal.</p>`}
              </section>
              ${summary
                ? html`<section class="card" aria-label="Mistakes" data-testid="mistakes">
                    <h2>Mistakes counted</h2>
                    <bp-mistake-counts .mistakes=${summary.mistakes} .followOn=${summary.followOnStudents ?? 0} explain></bp-mistake-counts>
                  </section>`
                : nothing}
            </div>
          </div>
          <details class="card settings disclosure" data-testid="settings">
            <summary>Settings <span class="summary-hint">round timer, learning rate, questions, scoring</span></summary>
            ${editable ? nothing : html`<p class="muted">Settings can change between rounds (not while a round is open or training runs).</p>`}
            <bp-settings-form mode="configure" .settings=${session.settings} .trainable=${session.trainable} .width=${session.width} ?disabled=${!editable || s.connection !== 'connected'} ?busy=${this.configuring}></bp-settings-form>
          </details>`}
      </main>
    `;
  }

  private tokenForm() {
    return html`<main class="card token-form">
      <h1 style="font-size:1.4rem">Open the dashboard of ${formatJoinCode(this.code)}</h1>
      <p>This browser has no instructor token for this session. Paste the host link you got when you created it (it ends in <code>#token=…</code>).</p>
      <form @submit=${this.submitToken} novalidate>
        <label for="token">Host link or token</label>
        <input id="token" type="text" autocomplete="off" .value=${this.tokenInput} aria-invalid=${this.tokenError ? 'true' : 'false'} aria-describedby="token-msg" @input=${(e: Event) => (this.tokenInput = (e.target as HTMLInputElement).value)} />
        <div id="token-msg" class=${this.tokenError ? 'error-text' : 'muted'}>${this.tokenError ? html`⚠ ${this.tokenError}` : nothing}</div>
        <button class="primary" type="submit">Open dashboard</button>
      </form>
      <p><a href="/">Start a new session instead</a></p>
    </main>`;
  }
}

/** What the instructor would do next, in a sentence. */
function nextStep(s: ClientSession): string {
  const session = s.session;
  const staff = s.staff;
  if (!session || !staff) return 'Connecting to the session…';
  switch (session.phase) {
    case 'lobby':
      if (staff.activeCount === 0) return 'Open the projector view and let students scan the code. They appear below as they join.';
      return session.round ? `Open round ${session.round.number + 1}, or run a few steps to show the squiggle moving.` : `${plural(staff.activeCount, 'student')} joined. Open round 1 when everyone is in.`;
    case 'open':
      return `Students are working it out: ${staff.answeredCount} of ${plural(staff.activeCount, 'student')} answered (${staff.connectedCount} online). Reveal when most have.`;
    case 'revealed': {
      // A stage of the lesson plan revealed: the next stage comes before the step is taken.
      const plan = lessonPlan(session.width, session.trainable);
      const next = planStatus(plan, session, session.data.length).indexOf('next');
      if (next > 0) return `Go through the mistakes on the projector, then open the next stage (${plan[next]!.title}) or advance.`;
      return 'Go through the mistakes and the worked chain rule on the projector, then start the next round.';
    }
    case 'running':
      return 'Training is animating on every screen. Pause any time.';
    case 'finished':
      return 'The session has finished. Download the results as CSV or JSON.';
  }
}

customElements.define('bp-host-view', BpHostView);
declare global {
  interface HTMLElementTagNameMap {
    'bp-host-view': BpHostView;
  }
}
