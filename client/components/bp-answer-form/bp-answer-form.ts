/**
 * The inputs for exactly the quantities the instructor asked, grouped by quantity, with the
 * student's stored answer filled in (after a reload or from another tab) and a submit button
 * that reads "Update" once something is stored. Raises AnswerSubmitEvent with parsed numbers:
 * saved as the student types (`done` false, a moment after the last valid keystroke, and at once
 * when the round is about to close or the page is hidden), so what is on the screen when the round
 * closes is what counts; "Send" (`done` true) says she is done.
 * A field the student changed stays theirs until the server has stored that very number: a send
 * that timed out, a reconnect or a reload (drafts are kept per tab) does not overwrite it.
 */
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { answerOf, answerSetOf, fieldKey, type AnswerSet, type FieldRef, type ParamQuantity } from '../../../shared/grader/fields.js';
import type { DataPoint } from '../../../shared/engine/network.js';
import { parseStudentNumber } from '../../../shared/protocol/numbers.js';
import { AnswerSubmitEvent, NumberEnterEvent, NumberInputEvent } from '../../lib/events.js';
import { clockTime, fieldLabel, plural } from '../../lib/format.js';
import { texDerivative, texParam } from '../../lib/chain-rule.js';
import { storage } from '../../lib/storage.js';
import { base } from '../../styles/shared.js';
import '../bp-number-field/bp-number-field.js';
import '../bp-math/bp-math.js';
import type { BpNumberField } from '../bp-number-field/bp-number-field.js';
import { styles } from './bp-answer-form.styles.js';

export interface SubmitStatus {
  readonly kind: 'saving' | 'saved' | 'error';
  readonly message?: string;
  /** About a save made as the student typed, not her "Send". */
  readonly auto?: boolean;
}

/** How long after the last keystroke what is typed is saved. */
export const AUTOSAVE_DELAY_MS = 800;
/** Saved at once this long before the round's timer closes it. */
const SAVE_BEFORE_CLOSE_MS = 1500;

const HEADINGS: Record<ParamQuantity, string> = {
  derivatives: 'Derivatives',
  steps: 'Step sizes (derivative × learning rate)',
  next: 'New values (old − step size)',
};

const key = fieldKey;

export class BpAnswerForm extends LitElement {
  static override properties = {
    fields: { attribute: false },
    data: { attribute: false },
    stored: { attribute: false },
    storedAt: { attribute: false },
    storedDone: { attribute: false },
    closesAt: { attribute: false },
    round: { type: Number },
    code: { type: String },
    status: { attribute: false },
    disabled: { type: Boolean },
    offline: { type: Boolean },
    drafts: { state: true },
    showErrors: { state: true },
    formError: { state: true },
  };
  declare fields: readonly FieldRef[];
  /** The data points (dose and observed value), for the per-point fields' groups. */
  declare data: readonly DataPoint[];
  /** The answer the server has stored for this round. */
  declare stored: AnswerSet | null;
  declare storedAt: number | null;
  /** The stored answer was sent with Send (false: saved as typed). */
  declare storedDone: boolean;
  /** When the round's timer closes it, on this device's clock (ms), or null. */
  declare closesAt: number | null;
  declare round: number;
  /** The session code: drafts are kept per session and round. */
  declare code: string;
  declare status: SubmitStatus | null;
  declare disabled: boolean;
  /** Not connected right now: typing goes on (drafts are kept), only sending waits. */
  declare offline: boolean;
  declare drafts: ReadonlyMap<string, string>;
  declare showErrors: boolean;
  declare formError: string | null;
  /** Fields whose text differs from what the server has stored (typed, or restored after a reload). */
  private edited = new Set<string>();
  private autosaveTimer: ReturnType<typeof setTimeout> | null = null;
  private closeTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly onHidden = (): void => {
    if (document.visibilityState === 'hidden') this.autosave();
  };

  static override styles = [base, styles];

  constructor() {
    super();
    this.fields = [];
    this.data = [];
    this.stored = null;
    this.storedAt = null;
    this.storedDone = false;
    this.closesAt = null;
    this.round = 0;
    this.code = '';
    this.status = null;
    this.disabled = false;
    this.offline = false;
    this.drafts = new Map();
    this.showErrors = false;
    this.formError = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('visibilitychange', this.onHidden);
    window.addEventListener('pagehide', this.onHidden);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('visibilitychange', this.onHidden);
    window.removeEventListener('pagehide', this.onHidden);
    // Leaving the round's form (the round closed, or the page moves on): what is typed goes now.
    this.autosave();
    for (const t of [this.autosaveTimer, this.closeTimer]) if (t) clearTimeout(t);
    this.autosaveTimer = this.closeTimer = null;
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('closesAt')) {
      if (this.closeTimer) clearTimeout(this.closeTimer);
      this.closeTimer = null;
      if (this.closesAt !== null) {
        // Just before the timer closes the round, whatever is typed is saved.
        this.closeTimer = setTimeout(() => this.autosave(), Math.max(0, this.closesAt - Date.now() - SAVE_BEFORE_CLOSE_MS));
      }
    }
  }

  /** The answer as typed: null when nothing is filled in or a field is not a number yet (`bad`: the first such). */
  private typed(): { answers: AnswerSet | null; bad: FieldRef | null } {
    const values: Array<[FieldRef, number]> = [];
    let bad: FieldRef | null = null;
    for (const f of this.fields) {
      const raw = this.drafts.get(key(f)) ?? '';
      if (raw.trim() === '') continue;
      const r = parseStudentNumber(raw);
      if (!r.ok) {
        bad ??= f;
        continue;
      }
      values.push([f, r.value]);
    }
    // Per point in data order; a field left empty is null.
    return { answers: values.length > 0 && !bad ? answerSetOf(values, this.data.length) : null, bad };
  }

  /** Saves what is typed, if it is all numbers and differs from what is stored. */
  private autosave(): void {
    if (this.autosaveTimer) clearTimeout(this.autosaveTimer);
    this.autosaveTimer = null;
    if (this.disabled || this.offline || this.edited.size === 0) return;
    const { answers } = this.typed();
    if (answers) this.dispatchEvent(new AnswerSubmitEvent(answers, false));
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('round') && changed.get('round') !== undefined) {
      this.drafts = new Map();
      this.edited.clear();
      this.showErrors = false;
      this.formError = null;
    }
    if ((changed.has('round') || changed.has('code')) && this.code && this.round) {
      // After a reload: what was typed but not stored comes back, still marked unsent. Earlier
      // rounds' drafts can no longer be sent.
      storage.dropAnswerDraftsBefore(this.code, this.round);
      const saved = storage.answerDraft(this.code, this.round);
      if (saved) {
        const next = new Map(this.drafts);
        for (const f of this.fields) {
          const raw = saved[key(f)];
          if (typeof raw !== 'string') continue;
          next.set(key(f), raw);
          this.edited.add(key(f));
        }
        this.drafts = next;
      }
    }
    if (changed.has('stored') && this.stored) {
      // Fill in what the server stored, except where the student is typing something else.
      const next = new Map(this.drafts);
      for (const f of this.fields) {
        const v = answerOf(this.stored, f);
        const k = key(f);
        if (v === undefined) {
          // Cleared by the student and absent from the stored answer: nothing left to send.
          if ((next.get(k) ?? '').trim() === '') this.edited.delete(k);
          continue;
        }
        const current = next.get(k);
        const same = current !== undefined && parseStudentNumber(current).ok && (parseStudentNumber(current) as { value: number }).value === v;
        // Keep the student's own spelling of the same number ("-0.0190", "0,33").
        if (same) this.edited.delete(k);
        else if (!this.edited.has(k)) next.set(k, String(v));
      }
      this.drafts = next;
      this.saveDraft();
    }
  }

  /** Keeps the unsent fields for a reload of this tab. */
  private saveDraft(): void {
    if (!this.code || !this.round) return;
    const unsent: Record<string, string> = {};
    for (const k of this.edited) unsent[k] = this.drafts.get(k) ?? '';
    storage.setAnswerDraft(this.code, this.round, unsent);
  }

  private onInput(field: FieldRef, e: NumberInputEvent): void {
    e.stopPropagation();
    const next = new Map(this.drafts);
    next.set(key(field), e.raw);
    this.edited.add(key(field));
    this.drafts = next;
    this.formError = null;
    this.saveDraft();
    if (this.autosaveTimer) clearTimeout(this.autosaveTimer);
    this.autosaveTimer = setTimeout(() => this.autosave(), AUTOSAVE_DELAY_MS);
  }

  private submit(e: Event): void {
    e.preventDefault();
    if (this.disabled || this.offline) return;
    if (this.autosaveTimer) clearTimeout(this.autosaveTimer);
    this.autosaveTimer = null;
    const { answers, bad } = this.typed();
    this.showErrors = true;
    if (bad) {
      this.formError = `The ${fieldLabel(bad)} is not a number yet: fix it, then send.`;
      const fieldEl = this.renderRoot.querySelector<BpNumberField>(`bp-number-field[data-field="${key(bad)}"]`);
      fieldEl?.focus();
      return;
    }
    if (!answers) {
      this.formError = 'Fill in at least one value.';
      return;
    }
    this.formError = null;
    // The fields stay marked unsent until the stored answer comes back with these numbers.
    this.dispatchEvent(new AnswerSubmitEvent(answers, true));
  }

  private onEnter(e: NumberEnterEvent): void {
    e.stopPropagation();
    this.renderRoot.querySelector('form')?.requestSubmit();
  }

  private visualLabel(f: FieldRef) {
    const param = f.param ?? '';
    const tex =
      f.quantity === 'derivatives'
        ? texDerivative(param)
        : f.quantity === 'steps'
          ? `\\text{Step size}_{${texParam(param)}}`
          : f.quantity === 'next'
            ? `${texParam(param)}^{\\text{new}}`
            : // Within a dose's group the point is known: the symbol alone.
              f.quantity === 'terms'
              ? `\\text{Term}_{${texParam(param)}}`
              : f.quantity === 'predicted'
                ? '\\mathrm{Predicted}'
                : f.quantity === 'residual'
                  ? '\\mathrm{Obs.} - \\mathrm{Pred.}'
                  : f.quantity === 'dssrDpredicted'
                    ? '\\partial\\,\\mathrm{SSR}/\\partial\\,\\mathrm{Pred.}'
                    : `${f.quantity.slice(0, 1)}_{${f.quantity.slice(1)}}`;
    return html`<bp-math aria-hidden="true" .tex=${tex}></bp-math>`;
  }

  private input(f: FieldRef) {
    return html`<bp-number-field
      data-field=${key(f)}
      .label=${fieldLabel(f)}
      .value=${this.drafts.get(key(f)) ?? ''}
      .visual=${this.visualLabel(f)}
      ?show-error=${this.showErrors}
      ?disabled=${this.disabled}
      @number-input=${(e: NumberInputEvent) => this.onInput(f, e)}
    ></bp-number-field>`;
  }

  /** The per-point fields, a group per dose (phone first: each dose's fields wrap in its own grid). */
  private pointGroups() {
    const perPoint = this.fields.filter((f) => f.point !== undefined);
    const points = [...new Set(perPoint.map((f) => f.point!))].sort((a, b) => a - b);
    return points.map((i) => {
      const d = this.data[i];
      return html`<fieldset class="dose" data-point=${i}>
        <legend>Dose ${d ? d.input : i + 1}${d ? html` <span class="muted">(observed ${d.observed})</span>` : nothing}</legend>
        <div class="grid">${perPoint.filter((f) => f.point === i).map((f) => this.input(f))}</div>
      </fieldset>`;
    });
  }

  override render() {
    const groups = (['derivatives', 'steps', 'next'] as const).map((q) => ({ q, fields: this.fields.filter((f) => f.quantity === q) })).filter((g) => g.fields.length);
    const empty = this.fields.filter((f) => (this.drafts.get(key(f)) ?? '').trim() === '').length;
    const hasStored = this.stored !== null;
    const unsent = this.edited.size > 0;
    return html`<form @submit=${this.submit} @number-enter=${(e: NumberEnterEvent) => this.onEnter(e)} novalidate aria-label="Your answers">
      ${this.pointGroups()}
      ${groups.map(
        (g) => html`<fieldset>
          <legend>${HEADINGS[g.q]}</legend>
          <div class="grid">
            ${g.fields.map((f) => this.input(f))}
          </div>
        </fieldset>`,
      )}
      <div class="actions">
        <button type="submit" class="primary" ?disabled=${this.disabled || this.offline || (this.status?.kind === 'saving' && !this.status.auto)}>${hasStored && this.storedDone ? 'Update answer' : 'Send answer'}</button>
        <span class="status ${this.status?.kind ?? ''}" role="status" aria-live="polite">
          ${this.formError
            ? html`<span class="error-text">⚠ ${this.formError}</span>`
            : this.offline
              ? html`<span class="muted">Reconnecting… what you type is kept; send once connected.</span>`
            : this.status?.kind === 'saving'
              ? this.status.auto
                ? 'Saving…'
                : 'Sending…'
              : this.status?.kind === 'error'
                ? html`<span class="error-text">⚠ ${this.status.message}</span>`
                : hasStored
                  ? this.storedDone
                    ? html`<span class="icon" aria-hidden="true">✓</span> Saved${this.storedAt ? ` at ${clockTime(this.storedAt)}` : ''}${unsent ? ' (you have unsent changes)' : '. You can change it until the round closes.'}`
                    : html`<span class="icon" aria-hidden="true">✓</span> Saved as you typed${this.storedAt ? ` at ${clockTime(this.storedAt)}` : ''}: it counts when the round closes. Tap Send when you are done.`
                  : empty > 0 && empty < this.fields.length
                    ? `${plural(empty, 'field')} still empty`
                    : nothing}
        </span>
      </div>
    </form>`;
  }
}

customElements.define('bp-answer-form', BpAnswerForm);
declare global {
  interface HTMLElementTagNameMap {
    'bp-answer-form': BpAnswerForm;
  }
}
