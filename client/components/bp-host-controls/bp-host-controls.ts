/**
 * Every session command as a control, enabled when the session's phase allows it: open, reveal,
 * advance, run N steps or to the stop rule, pause, reset, lock/unlock, end. Raises
 * HostCommandEvent; the dashboard sends it and reports the outcome.
 */
import { LitElement, css, html, nothing } from 'lit';
import { ContextConsumer } from '@lit/context';
import { base } from '../../styles/shared.js';
import { currentIteration, sessionContext } from '../../session/state.js';
import { HostCommandEvent } from '../../lib/events.js';
import { plural } from '../../lib/format.js';
import '../bp-countdown/bp-countdown.js';
import '../bp-precision-advice/bp-precision-advice.js';

const PHASE_TEXT = {
  lobby: 'No round open',
  open: 'Round open',
  revealed: 'Answers revealed',
  running: 'Training',
  finished: 'Session finished',
} as const;

const STOP_WORDS: Record<string, string> = {
  'step-size': 'every step size fell below the threshold',
  'max-steps': 'the maximum number of steps was reached',
  'steps-requested': 'the requested steps were taken',
  diverged: 'the run diverged (the SSR grew a million-fold or stopped being finite; try a smaller learning rate)',
  ended: 'the instructor ended it',
};

export class BpHostControls extends LitElement {
  static override properties = {
    steps: { state: true },
  };
  declare steps: string;

  static override styles = [
    base,
    css`
      .phase {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.5rem 1rem;
        margin-bottom: 0.8rem;
      }
      .phase-name {
        font-size: 1.25rem;
        font-weight: 800;
      }
      .group {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: center;
        margin-bottom: 0.7rem;
      }
      .group-label {
        font-size: 0.8rem;
        text-transform: uppercase;
        letter-spacing: 0.06em;
        color: var(--bp-muted);
        font-weight: 700;
        width: 100%;
      }
      .steps {
        display: inline-flex;
        align-items: center;
        gap: 0.4rem;
      }
      .steps input {
        width: 5.5rem;
      }
      .big {
        font-size: 1.1rem;
        min-height: 52px;
        padding: 0.5em 1.3em;
      }
    `,
  ];

  private readonly session = new ContextConsumer(this, { context: sessionContext, subscribe: true });

  constructor() {
    super();
    this.steps = '10';
  }

  private send(e: HostCommandEvent): void {
    this.dispatchEvent(e);
  }

  override render() {
    const s = this.session.value;
    const session = s?.session;
    if (!s || !session) return nothing;
    const phase = session.phase;
    const staff = s.staff;
    const live = s.connection === 'connected';
    const can = (...phases: Array<typeof phase>) => live && phases.includes(phase);
    const n = Number.parseInt(this.steps, 10);
    const stepsOk = Number.isInteger(n) && n >= 1 && n <= 100_000;
    const round = session.round;
    const finish = session.finishReason ? STOP_WORDS[session.finishReason] ?? session.finishReason : null;
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
      ${session.reveal?.stopReason ? html`<p>The stop rule is met at this step: ${STOP_WORDS[session.reveal.stopReason] ?? session.reveal.stopReason}.</p>` : nothing}
      ${phase === 'lobby' || phase === 'revealed' ? html`<bp-precision-advice></bp-precision-advice>` : nothing}
      <div class="group" role="group" aria-label="Round">
        <span class="group-label">Round</span>
        ${phase === 'lobby' || phase === 'finished' || phase === 'running'
          ? html`<button class="primary big" ?disabled=${!can('lobby')} @click=${() => this.send(new HostCommandEvent('round:open', {}))}>Open round ${(round?.number ?? 0) + 1}</button>`
          : nothing}
        ${phase === 'open' ? html`<button class="primary big" ?disabled=${!can('open')} @click=${() => this.send(new HostCommandEvent('round:reveal', {}))}>Reveal answers</button>` : nothing}
        ${phase === 'revealed' && session.reveal?.stopReason
          ? html`<button class="primary big" ?disabled=${!can('revealed')} @click=${() => this.send(new HostCommandEvent('round:advance', { open: false }, 'This step meets the stop rule: taking it finishes the session for everyone. Take it?'))}>Take the last step and finish</button>`
          : phase === 'revealed'
            ? html`<button class="primary big" ?disabled=${!can('revealed')} @click=${() => this.send(new HostCommandEvent('round:advance', { open: true }))}>Next round</button>
                <button ?disabled=${!can('revealed')} @click=${() => this.send(new HostCommandEvent('round:advance', { open: false }))}>Take the step, no round</button>`
            : nothing}
      </div>
      <div class="group" role="group" aria-label="Training">
        <span class="group-label">Training</span>
        ${phase === 'running'
          ? html`<button class="primary" ?disabled=${!can('running')} @click=${() => this.send(new HostCommandEvent('train:pause', {}))}>Pause</button>`
          : html`<span class="steps">
                <button ?disabled=${!can('lobby', 'revealed') || !stepsOk} @click=${() => this.send(new HostCommandEvent('train:run', { steps: n }))}>Run</button>
                <input type="number" min="1" max="100000" step="1" inputmode="numeric" aria-label="Number of steps to run" .value=${this.steps} @input=${(e: Event) => (this.steps = (e.target as HTMLInputElement).value)} />
                <span>steps</span>
              </span>
              <button ?disabled=${!can('lobby', 'revealed')} @click=${() => this.send(new HostCommandEvent('train:run', {}))}>Run to the stop rule</button>`}
      </div>
      <div class="group" role="group" aria-label="Session">
        <span class="group-label">Session</span>
        <button ?disabled=${!live || phase === 'open' || phase === 'running'} @click=${() => this.send(new HostCommandEvent('session:reset', {}, 'Reset to the starting parameters (iteration 0)? Scores are kept.'))}>Reset parameters</button>
        ${session.locked
          ? html`<button ?disabled=${!live || phase === 'finished'} @click=${() => this.send(new HostCommandEvent('session:unlock', {}))}><span aria-hidden="true">🔒</span> Unlock joining</button>`
          : html`<button ?disabled=${!live || phase === 'finished'} @click=${() => this.send(new HostCommandEvent('session:lock', {}))}>Lock joining</button>`}
        <button class="danger" ?disabled=${!live || phase === 'finished'} @click=${() => this.send(new HostCommandEvent('session:end', {}, 'End the session for everyone? An open round is graded first. Results stay downloadable.'))}>End session</button>
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
