/**
 * Every session command as a control, enabled when the phase table (shared/session/phases.ts)
 * accepts it in the session's phase: open, reveal, advance, run N steps or to the stop rule,
 * pause, reset, lock/unlock, end. Each button names its client event in `data-event`. Raises
 * HostCommandEvent; the dashboard sends it and reports the outcome.
 */
import { LitElement, html, nothing } from 'lit';
import { ContextConsumer } from '@lit/context';
import { canSend, confirmText, type InstructorEventName } from '../../../shared/protocol/event-meta.js';
import { base } from '../../styles/shared.js';
import { currentIteration, sessionContext } from '../../session/state.js';
import { HostCommandEvent } from '../../lib/events.js';
import { fixed, plural } from '../../lib/format.js';
import { STOP_WORDS, trainingStopText } from '../../lib/training-stop.js';
import { forecastRun, type RunForecast } from '../../../shared/session/forecast.js';
import type { PublicSession } from '../../../shared/session/views.js';
import '../bp-countdown/bp-countdown.js';
import '../bp-precision-advice/bp-precision-advice.js';
import { styles } from './bp-host-controls.styles.js';

const PHASE_TEXT = {
  lobby: 'No round open',
  open: 'Round open',
  revealed: 'Answers revealed',
  running: 'Training',
  finished: 'Session finished',
} as const;


export class BpHostControls extends LitElement {
  static override properties = {
    steps: { state: true },
  };
  declare steps: string;

  static override styles = [base, styles];

  private readonly session = new ContextConsumer(this, { context: sessionContext, subscribe: true });

  constructor() {
    super();
    this.steps = '10';
  }

  private send(e: HostCommandEvent): void {
    this.dispatchEvent(e);
  }

  private forecastKey = '';
  private forecastValue: RunForecast | null = null;

  /** Where "Run to the stop rule" would stop, recomputed when the parameters, learning rate or rule change. */
  private forecast(session: PublicSession, startSsr: number | undefined): RunForecast | null {
    if (startSsr === undefined) return null;
    const key = JSON.stringify([session.iteration, session.params, session.settings.learningRate, session.settings.stopRule, startSsr]);
    if (key !== this.forecastKey) {
      this.forecastKey = key;
      this.forecastValue = forecastRun(session, startSsr);
    }
    return this.forecastValue;
  }

  override render() {
    const s = this.session.value;
    const session = s?.session;
    if (!s || !session) return nothing;
    const phase = session.phase;
    const staff = s.staff;
    const live = s.connection === 'connected';
    const can = (event: InstructorEventName) => live && canSend(phase, event);
    const n = Number.parseInt(this.steps, 10);
    const stepsOk = Number.isInteger(n) && n >= 1 && n <= 100_000;
    const round = session.round;
    const finish = session.finishReason ? STOP_WORDS[session.finishReason] ?? session.finishReason : null;
    // From the revealed step's new values when a round is revealed (the run takes that step first).
    // (An earlier stage's reveal holds no new values: the forecast starts from the current ones.)
    const from = phase === 'revealed' && session.reveal?.step.next && session.reveal.stopReason !== 'diverged' ? { ...session, params: { ...session.params, ...session.reveal.step.next }, iteration: session.iteration + 1 } : session;
    const forecast = phase === 'lobby' || phase === 'revealed' ? this.forecast(from, staff?.history[0]?.ssr) : null;
    return html`
      <div class="phase">
        <!-- Only the phase is announced: counts, the countdown and steps change too often to read out. -->
        <span class="phase-name" role="status" aria-live="polite" data-testid="phase">${PHASE_TEXT[phase]}${round && (phase === 'open' || phase === 'revealed') ? ` · round ${round.number}` : ''}</span>
        <span class="muted">Iteration <span class="num">${currentIteration(s)}</span></span>
        ${phase === 'open' && staff
          ? html`<span data-testid="answered"><strong class="num">${staff.answeredCount}</strong> of <span class="num">${staff.activeCount}</span> answered <span class="muted">(<span class="num">${staff.connectedCount}</span> online)</span></span>`
          : nothing}
        ${phase === 'running' && s.progress ? html`<span class="num">${plural(s.progress.taken, 'step')} taken${s.progress.requested ? ` of ${s.progress.requested}` : ''}</span>` : nothing}
        <bp-countdown></bp-countdown>
      </div>
      ${phase === 'finished' && finish ? html`<p>Finished: ${finish}. Settings and exports remain available.</p>` : nothing}
      ${session.trainingStop && phase === 'lobby'
        ? html`<p class="stopped" role="status" data-testid="training-stop">
            ${trainingStopText(session.trainingStop)} The class goes on: open a round, run more, or change the learning rate or the stop rule in Settings.
          </p>`
        : nothing}
      ${phase === 'revealed' && session.reveal?.stopReason === 'diverged'
        ? html`<p class="stopped">This step diverges (${STOP_WORDS['diverged']}): it is not taken. Lower the learning rate in Settings, or reset.</p>`
        : session.reveal?.stopReason
          ? html`<p>The stop rule is met at this step: ${STOP_WORDS[session.reveal.stopReason] ?? session.reveal.stopReason}. Training would stop here; the class can still go on.</p>`
          : nothing}
      ${phase === 'lobby' || phase === 'revealed' ? html`<bp-precision-advice></bp-precision-advice>` : nothing}
      <div class="group" role="group" aria-label="Round">
        <span class="group-label">Round</span>
        ${phase === 'lobby' || phase === 'finished' || phase === 'running'
          ? html`<button class="primary big" data-event="round:open" ?disabled=${!can('round:open')} @click=${() => this.send(new HostCommandEvent('round:open', {}))}>Open round ${(round?.number ?? 0) + 1}</button>`
          : nothing}
        ${phase === 'open' ? html`<button class="primary big" data-event="round:reveal" ?disabled=${!can('round:reveal')} @click=${() => this.send(new HostCommandEvent('round:reveal', {}))}>Reveal answers</button>` : nothing}
        ${phase === 'open'
          ? html`<button data-event="round:extend" ?disabled=${!can('round:extend')} @click=${() => this.send(new HostCommandEvent('round:extend', { seconds: 30 }))} title=${round?.deadline != null ? 'Thirty more seconds on the timer' : 'Start a 30-second timer'}>${round?.deadline != null ? '+30 s' : '30 s timer'}</button>`
          : nothing}
        ${phase === 'revealed' && session.reveal?.stopReason === 'diverged'
          ? html`<button class="primary big" data-event="round:advance" ?disabled=${!can('round:advance')} @click=${() => this.send(new HostCommandEvent('round:advance', { open: false }))}>Leave the step untaken</button>`
          : phase === 'revealed'
            ? html`<button class="primary big" data-event="round:advance" ?disabled=${!can('round:advance')} @click=${() => this.send(new HostCommandEvent('round:advance', { open: true }))}>Next round</button>
                <button data-event="round:advance" ?disabled=${!can('round:advance')} @click=${() => this.send(new HostCommandEvent('round:advance', { open: false }))}>Take the step, no round</button>`
            : nothing}
      </div>
      <div class="group" role="group" aria-label="Training">
        <span class="group-label">Training</span>
        ${phase === 'running'
          ? html`<button class="primary" data-event="train:pause" ?disabled=${!can('train:pause')} @click=${() => this.send(new HostCommandEvent('train:pause', {}))}>Pause</button>`
          : html`<span class="steps">
                <!-- The count before its button, in reading and Tab order: type it, then Run. -->
                <input type="number" min="1" max="100000" step="1" inputmode="numeric" aria-label="Number of steps to run" .value=${this.steps} @input=${(e: Event) => (this.steps = (e.target as HTMLInputElement).value)} />
                <span aria-hidden="true">steps</span>
                <button data-event="train:run" ?disabled=${!can('train:run') || !stepsOk} @click=${() => this.send(new HostCommandEvent('train:run', { steps: n }))}>Run</button>
              </span>
              <button data-event="train:run" ?disabled=${!can('train:run')} @click=${() => this.send(new HostCommandEvent('train:run', {}))}>Run to the stop rule</button>`}
        ${(phase === 'lobby' || phase === 'revealed') && forecast
          ? html`<p class="forecast muted" data-testid="forecast">
              ${forecast.steps === 0
                ? html`Run to the stop rule: no step to take (${STOP_WORDS[forecast.reason]}${forecast.reason === 'max-steps' ? html`; raise the cap of <span class="num">${session.settings.stopRule.maxSteps}</span> in Settings to go on` : ''}).`
                : html`Run to the stop rule: stops after <span class="num">${forecast.steps.toLocaleString('en')}</span> steps at iteration <span class="num">${forecast.iteration.toLocaleString('en')}</span>, SSR <span class="num">${fixed(forecast.ssr, 3)}</span> (${STOP_WORDS[forecast.reason]}).`}
            </p>`
          : nothing}
      </div>
      <div class="group" role="group" aria-label="Session">
        <span class="group-label">Session</span>
        <button data-event="session:reset" ?disabled=${!can('session:reset')} @click=${() => this.send(new HostCommandEvent('session:reset', {}, confirmText('session:reset')))}>Reset parameters</button>
        ${session.locked
          ? html`<button data-event="session:unlock" ?disabled=${!can('session:unlock')} @click=${() => this.send(new HostCommandEvent('session:unlock', {}))}><span aria-hidden="true">🔒</span> Unlock joining</button>`
          : html`<button data-event="session:lock" ?disabled=${!can('session:lock')} @click=${() => this.send(new HostCommandEvent('session:lock', {}))}>Lock joining</button>`}
        <button class="danger" data-event="session:end" ?disabled=${!can('session:end')} @click=${() => this.send(new HostCommandEvent('session:end', {}, confirmText('session:end')))}>End session</button>
      </div>
    `;
  }
}

customElements.define('bp-host-controls', BpHostControls);
declare global {
  interface HTMLElementTagNameMap {
    'bp-host-controls': BpHostControls;
  }
}
