/**
 * The lesson's order as a one-click plan for the current iteration (`lessonPlan` in
 * shared/session/stages.ts): the forward pass, the shared term, then the terms, derivatives and
 * update. Each stage's button applies its questions and opens its round (PlanStageEvent; the
 * dashboard sends `session:configure` then `round:open`); after a stage's reveal the next stage is
 * offered first, beside the round controls' advance. Where each stage stands comes from
 * `planStatus`. The instructor can still pick any fields in Settings.
 */
import { LitElement, html, nothing } from 'lit';
import { ContextConsumer } from '@lit/context';
import { askedFields } from '../../../shared/grader/fields.js';
import { canSend } from '../../../shared/protocol/event-meta.js';
import { askedLinks, lessonPlan, planStatus, type PlanStage, type StageStatus } from '../../../shared/session/stages.js';
import { sessionContext } from '../../session/state.js';
import { PlanStageEvent } from '../../lib/events.js';
import { linkWords } from '../../lib/format.js';
import { base } from '../../styles/shared.js';
import { styles } from './bp-lesson-plan.styles.js';

const STATE_WORDS: Record<StageStatus, string> = { done: 'revealed', open: 'open now', next: 'next', later: '' };

export class BpLessonPlan extends LitElement {
  static override styles = [base, styles];

  private readonly session = new ContextConsumer(this, { context: sessionContext, subscribe: true });

  private open(stage: PlanStage): void {
    const q = stage.questions;
    this.dispatchEvent(new PlanStageEvent(stage.title, { derivatives: [...q.derivatives], steps: [...q.steps], next: [...q.next], points: [...(q.points ?? [])], terms: [...(q.terms ?? [])] }));
  }

  override render() {
    const s = this.session.value;
    const session = s?.session;
    if (!s || !session) return nothing;
    const plan = lessonPlan(session.width, session.trainable);
    const status = planStatus(plan, session, session.data.length);
    const enabled = s.connection === 'connected' && canSend(session.phase, 'round:open') && canSend(session.phase, 'session:configure');
    const next = status.indexOf('next');
    // After a stage's reveal on this iteration: the next stage first (the parameters stay).
    const offerNext = session.phase === 'revealed' && next > 0;
    return html`<section aria-labelledby="plan-title" data-testid="lesson-plan">
      <h3 id="plan-title">Lesson plan · iteration <span class="num">${session.iteration}</span></h3>
      ${offerNext
        ? html`<div class="next-stage">
            <button class="primary big" data-testid="next-stage" ?disabled=${!enabled} @click=${() => this.open(plan[next]!)}>Next stage: ${plan[next]!.title}</button>
            <span class="muted">same iteration; or advance below</span>
          </div>`
        : nothing}
      <ol>
        ${plan.map((stage, i) => {
          const st = status[i]!;
          return html`<li data-stage=${i} data-status=${st}>
            <span><span class="title">${i + 1}. ${stage.title}</span> ${STATE_WORDS[st] ? html`<span class="state ${st}" data-testid="stage-state">· ${st === 'done' ? html`<span class="i" aria-hidden="true">✓</span> ` : nothing}${STATE_WORDS[st]}</span>` : nothing}</span>
            <span class="asks">${linkWords(askedLinks(askedFields(stage.questions, session.data.length)))}</span>
            <button class=${st === 'next' && !offerNext ? 'primary' : ''} data-event="round:open" ?disabled=${!enabled || st === 'open'} @click=${() => this.open(stage)}>Open stage ${i + 1}</button>
          </li>`;
        })}
      </ol>
      <p class="hint muted">A stage's button asks its questions and opens its round; the parameters move only when you advance. Any other choice of fields: Settings › Questions.</p>
    </section>`;
  }
}

customElements.define('bp-lesson-plan', BpLessonPlan);
declare global {
  interface HTMLElementTagNameMap {
    'bp-lesson-plan': BpLessonPlan;
  }
}
