/**
 * A session's settings: at creation with the preset, and on the dashboard between rounds
 * (learning rate, which quantities students predict, tolerance, timer, hints, scoring,
 * auto-close, leaderboard, animation speed). Raises SettingsSubmitEvent with the protocol's
 * SettingsInput; every number is checked and explained before anything is sent.
 */
import { DEFAULT_STOP_RULE } from '../../../shared/engine/train.js';
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { PRESETS, PRESET_IDS, DEFAULT_PRESET, type PresetId } from '../../../shared/engine/presets.js';
import { layoutFor } from '../../../shared/engine/layout.js';
import { hiddenOf, PARAM_QUANTITIES, pointQuantities, type ParamQuantity } from '../../../shared/grader/fields.js';
import { DEFAULT_TOLERANCE } from '../../../shared/grader/tolerance.js';
import { PRECISION_LIMITS, precisionDigits, type Precision } from '../../../shared/grader/precision.js';
import { parseStudentNumber } from '../../../shared/protocol/numbers.js';
import type { SettingsInput } from '../../../shared/protocol/schemas.js';
import { LIMITS, LEADERBOARD_MODES, defaultSettings, type LeaderboardMode, type SessionSettings } from '../../../shared/session/settings.js';
import { SettingsSubmitEvent } from '../../lib/events.js';
import { plural, rateText } from '../../lib/format.js';
import { base } from '../../styles/shared.js';
import { styles } from './bp-settings-form.styles.js';

interface Draft {
  preset: PresetId;
  learningRate: string;
  /** Per parameter quantity (and the per-point terms) the parameters asked. */
  questions: Record<AskedPerParam, Set<string>>;
  /** Per-point quantities asked at every dose (x1, y1, ..., predicted, residual, dssrDpredicted). */
  points: Set<string>;
  precisionMode: 'significant' | 'decimals';
  precisionDigits: string;
  /** A fixed tolerance instead of the bands from the precision. */
  overrideOn: boolean;
  absolute: string;
  relativePercent: string;
  timerOn: boolean;
  timerSeconds: string;
  hints: boolean;
  speedBonus: boolean;
  autoClose: boolean;
  leaderboard: LeaderboardMode;
  stepsPerSecond: string;
  /** The stop rule: the step-size threshold and the step cap. */
  stepThreshold: string;
  maxSteps: string;
}

type AskedPerParam = ParamQuantity | 'terms';
const PER_PARAM: readonly AskedPerParam[] = ['terms', ...PARAM_QUANTITIES];

const QUESTION_ROWS: Record<AskedPerParam, string> = {
  terms: 'Term at each dose',
  derivatives: 'Derivative dSSR/d…',
  steps: 'Step size',
  next: 'New value',
};

const QUESTION_WORDS: Record<AskedPerParam, string> = {
  terms: 'chain-rule term at each dose',
  derivatives: 'derivative',
  steps: 'step size',
  next: 'new value',
};

/** The per-point quantities of a layer of `width` hidden nodes, with their words. */
function pointRows(width: number): Array<{ quantity: string; words: string }> {
  return pointQuantities(width).map((quantity) => {
    const h = hiddenOf(quantity);
    const words = h ? `${quantity} (${h.kind === 'x' ? 'input' : 'output'} of hidden node ${h.node + 1})` : quantity === 'predicted' ? 'Predicted' : quantity === 'residual' ? 'Residual (Observed − Predicted)' : 'dSSR/dPredicted (the shared term)';
    return { quantity, words };
  });
}

const LEADERBOARD_WORDS: Record<LeaderboardMode, string> = {
  shown: 'Shown with names',
  anonymous: 'Shown without names',
  hidden: 'Hidden',
};

function draftFrom(preset: PresetId, settings: SessionSettings): Draft {
  return {
    preset,
    learningRate: rateText(settings.learningRate),
    questions: { terms: new Set(settings.questions.terms ?? []), derivatives: new Set(settings.questions.derivatives), steps: new Set(settings.questions.steps), next: new Set(settings.questions.next) },
    points: new Set(settings.questions.points ?? []),
    precisionMode: 'decimals' in settings.precision ? 'decimals' : 'significant',
    precisionDigits: String(precisionDigits(settings.precision)),
    overrideOn: settings.tolerance !== null,
    absolute: String((settings.tolerance ?? DEFAULT_TOLERANCE).absolute),
    relativePercent: String(Number(((settings.tolerance ?? DEFAULT_TOLERANCE).relative * 100).toPrecision(6))),
    timerOn: settings.timerSeconds !== null,
    timerSeconds: String(settings.timerSeconds ?? 120),
    hints: settings.hints,
    speedBonus: settings.scoring.speedBonus,
    autoClose: settings.autoClose,
    leaderboard: settings.leaderboard,
    stepsPerSecond: String(settings.stepsPerSecond),
    stepThreshold: String(settings.stopRule.stepThreshold),
    maxSteps: String(settings.stopRule.maxSteps),
  };
}

function presetDefaults(preset: PresetId): SessionSettings {
  const p = PRESETS[preset];
  return defaultSettings(p.trainable, p.learningRate, DEFAULT_STOP_RULE);
}

/** Which setting an error is about, in the summary above the submit button. */
const ERROR_LABELS: Record<string, string> = {
  questions: 'Questions',
  learningRate: 'Learning rate',
  precisionDigits: 'Precision',
  absolute: 'Absolute tolerance',
  relativePercent: 'Relative tolerance',
  timerSeconds: 'Timer',
  stepsPerSecond: 'Animation speed',
  stepThreshold: 'Step-size threshold',
  maxSteps: 'Step cap',
};

export class BpSettingsForm extends LitElement {
  static override properties = {
    mode: { type: String, reflect: true },
    settings: { attribute: false },
    trainable: { attribute: false },
    width: { type: Number },
    disabled: { type: Boolean },
    busy: { type: Boolean },
    draft: { state: true },
    errors: { state: true },
  };
  declare mode: 'create' | 'configure';
  /** Current settings (configure mode). */
  declare settings: SessionSettings | null;
  /** Trainable parameters (configure mode; at creation they follow the preset). */
  declare trainable: readonly string[];
  /** Hidden nodes of the session's network (configure mode; at creation it follows the preset). */
  declare width: number;
  declare disabled: boolean;
  declare busy: boolean;
  declare draft: Draft;
  declare errors: Partial<Record<string, string>>;
  private dirty = false;

  static override styles = [base, styles];

  constructor() {
    super();
    this.mode = 'create';
    this.settings = null;
    this.trainable = [];
    this.width = 2;
    this.disabled = false;
    this.busy = false;
    this.draft = draftFrom(DEFAULT_PRESET, presetDefaults(DEFAULT_PRESET));
    this.errors = {};
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('settings') && this.settings && !this.dirty) this.draft = draftFrom(this.draft.preset, this.settings);
  }

  private get trainableNow(): readonly string[] {
    if (this.mode === 'create') {
      const p = PRESETS[this.draft.preset];
      return layoutFor(p.width).names.filter((n) => p.trainable.includes(n));
    }
    return this.trainable;
  }

  private set<K extends keyof Draft>(key: K, value: Draft[K]): void {
    this.dirty = true;
    this.draft = { ...this.draft, [key]: value };
    if (this.errors[key as string]) this.errors = { ...this.errors, [key]: undefined };
  }

  private choosePreset(preset: PresetId): void {
    this.draft = { ...draftFrom(preset, presetDefaults(preset)), timerOn: this.draft.timerOn, timerSeconds: this.draft.timerSeconds, hints: this.draft.hints, speedBonus: this.draft.speedBonus, autoClose: this.draft.autoClose, leaderboard: this.draft.leaderboard };
    this.dirty = true;
  }

  private togglePoint(q: string, on: boolean): void {
    const points = new Set(this.draft.points);
    if (on) points.add(q);
    else points.delete(q);
    this.set('points', points);
  }

  private get widthNow(): number {
    return this.mode === 'create' ? PRESETS[this.draft.preset].width : this.width;
  }

  private toggleQuestion(q: AskedPerParam, p: string, on: boolean): void {
    const questions = { ...this.draft.questions, [q]: new Set(this.draft.questions[q]) };
    if (on) questions[q].add(p);
    else questions[q].delete(p);
    this.set('questions', questions);
  }

  /** Undo local edits and show the session's settings again. */
  reset(): void {
    this.dirty = false;
    this.errors = {};
    if (this.settings) this.draft = draftFrom(this.draft.preset, this.settings);
  }

  private number(key: keyof Draft, raw: string, min: number, max: number, what: string, errors: Record<string, string>, integer = false): number | undefined {
    const r = parseStudentNumber(raw);
    if (!r.ok) {
      errors[key] = r.message;
      return undefined;
    }
    if (r.value < min || r.value > max || (integer && !Number.isInteger(r.value))) {
      errors[key] = `${what} must be ${integer ? 'a whole number ' : ''}between ${min} and ${max}.`;
      return undefined;
    }
    return r.value;
  }

  private submit(e: Event): void {
    e.preventDefault();
    const d = this.draft;
    const errors: Record<string, string> = {};
    const learningRate = this.number('learningRate', d.learningRate, LIMITS.learningRate.min, LIMITS.learningRate.max, 'The learning rate', errors);
    const limits = PRECISION_LIMITS[d.precisionMode];
    const digits = this.number('precisionDigits', d.precisionDigits, limits.min, limits.max, d.precisionMode === 'decimals' ? 'The number of decimals' : 'The number of significant digits', errors, true);
    const absolute = d.overrideOn ? this.number('absolute', d.absolute, 0, LIMITS.tolerance.max, 'The absolute tolerance', errors) : undefined;
    const relative = d.overrideOn ? this.number('relativePercent', d.relativePercent, 0, 100, 'The relative tolerance', errors) : undefined;
    const timer = d.timerOn ? this.number('timerSeconds', d.timerSeconds, LIMITS.timerSeconds.min, LIMITS.timerSeconds.max, 'The timer', errors, true) : null;
    const sps = this.number('stepsPerSecond', d.stepsPerSecond, LIMITS.stepsPerSecond.min, LIMITS.stepsPerSecond.max, 'The animation speed', errors, true);
    const stepThreshold = this.number('stepThreshold', d.stepThreshold, 1e-12, 1000, 'The step-size threshold', errors);
    const maxSteps = this.number('maxSteps', d.maxSteps, 1, 10_000, 'The step cap', errors, true);
    const trainable = this.trainableNow;
    const perParam = Object.fromEntries(PER_PARAM.map((q) => [q, trainable.filter((p) => d.questions[q].has(p))])) as Record<AskedPerParam, string[]>;
    const points = pointQuantities(this.widthNow).filter((q) => d.points.has(q));
    const questions = { ...perParam, points };
    if (PER_PARAM.every((q) => perParam[q].length === 0) && points.length === 0) errors['questions'] = 'Ask at least one quantity.';
    this.errors = errors;
    if (Object.keys(errors).length > 0) {
      // The fields are marked invalid by the render this triggers: focus the first one after it.
      void this.updateComplete.then(() => {
        const first = this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]') ?? this.renderRoot.querySelector<HTMLElement>('table.questions input');
        first?.focus();
      });
      return;
    }
    const settings: SettingsInput = {
      learningRate: learningRate!,
      questions,
      precision: (d.precisionMode === 'decimals' ? { decimals: digits! } : { significant: digits! }) as Precision,
      tolerance: d.overrideOn ? { absolute: absolute!, relative: relative! / 100 } : null,
      timerSeconds: timer ?? null,
      hints: d.hints,
      scoring: { speedBonus: d.speedBonus },
      autoClose: d.autoClose,
      leaderboard: d.leaderboard,
      stepsPerSecond: sps!,
      stopRule: { stepThreshold: stepThreshold!, maxSteps: maxSteps! },
    };
    this.dirty = false;
    this.dispatchEvent(new SettingsSubmitEvent(settings, this.mode === 'create' ? d.preset : undefined));
  }

  private textField(key: 'learningRate' | 'absolute' | 'relativePercent' | 'stepsPerSecond' | 'precisionDigits' | 'stepThreshold' | 'maxSteps', label: string, hint: string, disabled = false) {
    const error = this.errors[key];
    return html`<div class="field">
      <label for=${key}>${label}</label>
      <input id=${key} type="text" inputmode="decimal" autocomplete="off" .value=${this.draft[key]} aria-invalid=${error ? 'true' : 'false'} aria-describedby="${key}-hint" ?disabled=${this.disabled || disabled} @input=${(e: Event) => this.set(key, (e.target as HTMLInputElement).value)} />
      <div class="hint ${error ? 'error-text' : ''}" id="${key}-hint">${error ? html`⚠ ${error}` : hint}</div>
    </div>`;
  }

  private check(key: 'hints' | 'speedBonus' | 'autoClose', label: string) {
    return html`<label class="check"><input type="checkbox" .checked=${this.draft[key]} ?disabled=${this.disabled} @change=${(e: Event) => this.set(key, (e.target as HTMLInputElement).checked)} />${label}</label>`;
  }

  override render() {
    const d = this.draft;
    const trainable = this.trainableNow;
    return html`<form @submit=${this.submit} novalidate aria-label=${this.mode === 'create' ? 'New session settings' : 'Session settings'}>
      ${this.mode === 'create'
        ? html`<fieldset>
            <legend>Lesson</legend>
            <div class="presets" role="radiogroup" aria-label="Lesson preset">
              ${PRESET_IDS.map(
                (id) => html`<label class="preset">
                  <input type="radio" name="preset" value=${id} .checked=${d.preset === id} @change=${() => this.choosePreset(id)} />
                  <strong>${PRESETS[id].title}</strong>
                  <span class="summary">${PRESETS[id].summary}</span>
                </label>`,
              )}
            </div>
          </fieldset>`
        : nothing}
      <fieldset>
        <legend>What students predict each round</legend>
        <table class="questions">
          <thead>
            <tr>
              <td></td>
              ${trainable.map((p) => html`<th scope="col">${p}</th>`)}
            </tr>
          </thead>
          <tbody>
            ${PER_PARAM.map(
              (q) => html`<tr data-quantity=${q}>
                <th scope="row">${QUESTION_ROWS[q]}</th>
                ${trainable.map(
                  (p) => html`<td>
                    <label><input type="checkbox" .checked=${d.questions[q].has(p)} ?disabled=${this.disabled} @change=${(e: Event) => this.toggleQuestion(q, p, (e.target as HTMLInputElement).checked)} /><span class="visually-hidden">Ask for the ${QUESTION_WORDS[q]} of ${p}</span></label>
                  </td>`,
                )}
              </tr>`,
            )}
          </tbody>
        </table>
        <div class="point-questions" role="group" aria-label="At every dose">
          <p class="hint">At every dose (the forward pass and the shared term):</p>
          ${pointRows(this.widthNow).map(
            (r) => html`<label class="check"><input type="checkbox" data-point-quantity=${r.quantity} .checked=${d.points.has(r.quantity)} ?disabled=${this.disabled} @change=${(e: Event) => this.togglePoint(r.quantity, (e.target as HTMLInputElement).checked)} /> ${r.words}</label>`,
          )}
        </div>
        ${this.errors['questions'] ? html`<p class="error-text">⚠ ${this.errors['questions']}</p>` : nothing}
      </fieldset>
      <fieldset>
      <legend>Learning rate and precision</legend>
      <div class="row">
        ${this.textField('learningRate', 'Learning rate', `Range ${LIMITS.learningRate.min} to ${LIMITS.learningRate.max}.`)}
        <div class="field">
          <label for="precisionMode">Students keep</label>
          <select id="precisionMode" ?disabled=${this.disabled} @change=${(e: Event) => this.set('precisionMode', (e.target as HTMLSelectElement).value as Draft['precisionMode'])}>
            <option value="significant" ?selected=${d.precisionMode === 'significant'}>significant digits</option>
            <option value="decimals" ?selected=${d.precisionMode === 'decimals'}>decimals</option>
          </select>
          <div class="hint">In every number they write; each answer's band comes from it.</div>
        </div>
        ${this.textField('precisionDigits', d.precisionMode === 'decimals' ? 'Decimals' : 'Significant digits', `${PRECISION_LIMITS[d.precisionMode].min} to ${PRECISION_LIMITS[d.precisionMode].max}; default 3 significant digits.`)}
      </div>
      <label class="check"><input type="checkbox" .checked=${d.overrideOn} ?disabled=${this.disabled} @change=${(e: Event) => this.set('overrideOn', (e.target as HTMLInputElement).checked)} />Override with a fixed tolerance</label>
      <div class="row">
        ${this.textField('absolute', 'Tolerance (absolute)', 'In derivative units; steps and new values scale it by the learning rate.', !d.overrideOn)}
        ${this.textField('relativePercent', 'Tolerance (relative, %)', 'Of the exact derivative; the larger of the two applies.', !d.overrideOn)}
      </div>
      </fieldset>
      <fieldset>
        <legend>Round</legend>
        <div class="timer">
          <label class="check"><input type="checkbox" .checked=${d.timerOn} ?disabled=${this.disabled} @change=${(e: Event) => this.set('timerOn', (e.target as HTMLInputElement).checked)} />Timer</label>
          <input type="text" inputmode="numeric" aria-label="Timer seconds" .value=${d.timerSeconds} ?disabled=${this.disabled || !d.timerOn} aria-invalid=${this.errors['timerSeconds'] ? 'true' : 'false'} aria-describedby="timer-hint" @input=${(e: Event) => this.set('timerSeconds', (e.target as HTMLInputElement).value)} />
          <span>seconds</span>
        </div>
        <div class="hint ${this.errors['timerSeconds'] ? 'error-text' : ''}" id="timer-hint">${this.errors['timerSeconds'] ? html`⚠ ${this.errors['timerSeconds']}` : 'Without a timer the round stays open until you reveal.'}</div>
        ${this.check('autoClose', 'Close the round when every connected student has answered')}
        ${this.check('hints', 'Show students the hidden-node values x and y (hint)')}
      </fieldset>
      <fieldset>
        <legend>Scoring and display</legend>
        ${this.check('speedBonus', 'Speed bonus (up to +50 for a fast correct answer)')}
        <div class="row">
          <div class="field">
            <label for="leaderboard">Leaderboard</label>
            <select id="leaderboard" ?disabled=${this.disabled} @change=${(e: Event) => this.set('leaderboard', (e.target as HTMLSelectElement).value as LeaderboardMode)}>
              ${LEADERBOARD_MODES.map((m) => html`<option value=${m} ?selected=${d.leaderboard === m}>${LEADERBOARD_WORDS[m]}</option>`)}
            </select>
          </div>
          ${this.textField('stepsPerSecond', 'Training animation (steps per second)', '1 to 60.')}
        </div>
      </fieldset>
      <fieldset>
        <legend>When training stops</legend>
        <div class="row">
          ${this.textField('stepThreshold', 'Step-size threshold', 'Training stops once every step size is below this (0.001 by default). It never ends the session.')}
          ${this.textField('maxSteps', 'Step cap (iterations)', 'At most this many iterations since the start or the last reset (1000 by default; up to 10,000).')}
        </div>
      </fieldset>
      ${Object.keys(this.errors).length
        ? html`<p class="error-text" role="alert" data-testid="settings-errors">
            ⚠ ${plural(Object.keys(this.errors).length, 'setting')} to fix: ${Object.entries(this.errors).map(([k, message]) => `${ERROR_LABELS[k] ?? k}: ${message}`).join(' ')}
          </p>`
        : nothing}
      <div class="actions">
        <button type="submit" class="primary" data-event=${this.mode === 'configure' ? 'session:configure' : nothing} ?disabled=${this.disabled || this.busy}>${this.busy ? 'Working…' : this.mode === 'create' ? 'Start session' : 'Apply settings'}</button>
        ${this.mode === 'configure' ? html`<button type="button" ?disabled=${this.disabled} @click=${() => this.reset()}>Discard changes</button>` : nothing}
        <slot name="status"></slot>
      </div>
    </form>`;
  }
}

customElements.define('bp-settings-form', BpSettingsForm);
declare global {
  interface HTMLElementTagNameMap {
    'bp-settings-form': BpSettingsForm;
  }
}
