/**
 * A student's graded round: for every asked field their number beside the exact one, right or
 * wrong in words and an icon, by how much (and how much was allowed), and the diagnosed mistake
 * in plain language.
 */
import { LitElement, html, nothing } from 'lit';
import type { StepRecord } from '../../../shared/engine/step-record.js';
import type { RevealedStep } from '../../../shared/session/stages.js';
import { FOLLOW_ON_TEXT, MISTAKE_TEXT } from '../../../shared/grader/mistakes.js';
import type { ScoredField } from '../../../shared/grader/scoring.js';
import { fieldKey } from '../../../shared/grader/fields.js';
import { allowance, type RevealedSheet } from '../../../shared/grader/sheet.js';
import { QUANTITY_LABELS } from '../../../shared/grader/fields.js';
import { mistakeTitle, signed, smart } from '../../lib/format.js';
import { fieldName, verdictOf } from '../../lib/verdicts.js';
import { base } from '../../styles/shared.js';
import '../bp-math/bp-math.js';
import { styles } from './bp-result-list.styles.js';

export class BpResultList extends LitElement {
  static override properties = {
    fields: { attribute: false },
    record: { attribute: false },
    sheet: { attribute: false },
  };
  declare fields: readonly ScoredField[];
  /** The revealed step (a staged reveal holds only the links up to `upTo`): the doses come from it. */
  declare record: RevealedStep | StepRecord | null;
  /** The revealed round's sheet: the precision and each field's band. */
  declare sheet: RevealedSheet | null;

  static override styles = [base, styles];

  constructor() {
    super();
    this.fields = [];
    this.record = null;
    this.sheet = null;
  }

  private allowedFor(f: ScoredField): number | null {
    return this.sheet && this.sheet.fields[fieldKey(f)] ? allowance(this.sheet, f) : null;
  }

  /** What went wrong and what was right, for a value credited as following from the student's own link. */
  private followOnNote(f: ScoredField) {
    const kind = f.followOn!;
    if (kind !== 'follows-from-own-step' && kind !== 'follows-from-own-derivative') {
      // A link of the chain: computed correctly from the student's own upstream value.
      return html`<div class="mistake" data-follow-on=${kind}><strong>◐ ${FOLLOW_ON_TEXT[kind].title}</strong>${FOLLOW_ON_TEXT[kind].explanation} Half credit.</div>`;
    }
    const own = this.fields.find((g) => g.param === f.param && g.quantity === (kind === 'follows-from-own-step' ? 'steps' : 'derivatives'));
    const what = QUANTITY_LABELS[kind === 'follows-from-own-step' ? 'steps' : 'derivatives'];
    const why = own?.mistake ? ` (${mistakeTitle(own.mistake).toLowerCase()})` : '';
    const rule = f.quantity === 'steps' ? 'your derivative × the learning rate' : kind === 'follows-from-own-step' ? 'old value − your step size' : 'old value − your derivative × the learning rate';
    return html`<div class="mistake" data-follow-on=${kind}><strong>◐ ${FOLLOW_ON_TEXT[kind].title}</strong>Your ${what} of ${f.param} was off${why}, but this value is right from it: ${rule}. Half credit.</div>`;
  }

  override render() {
    const right = this.fields.filter((f) => f.credit === 'full').length;
    const half = this.fields.filter((f) => f.credit === 'follow-on').length;
    const wrong = this.fields.filter((f) => f.credit === 'none' && f.answer !== null).length;
    return html`<p class="tally" data-testid="tally">
        <span><span class="i correct" aria-hidden="true">✓</span> ${right} right</span>
        ${half ? html`<span><span class="i partial" aria-hidden="true">◐</span> ${half} half</span>` : nothing}
        <span><span class="i wrong" aria-hidden="true">✗</span> ${wrong} wrong</span>
      </p>
      <ul aria-label="Your answers beside the exact values">
      ${this.fields.map((f) => {
        const v = verdictOf(f);
        const allowed = this.allowedFor(f);
        const mistake = f.mistake && MISTAKE_TEXT[f.mistake] ? MISTAKE_TEXT[f.mistake] : null;
        const also = (f.alsoFits ?? []).filter((m) => MISTAKE_TEXT[m]);
        const unclear = f.correct && (f.cannotTell ?? []).length > 0;
        const dose = f.point !== undefined ? this.record?.points[f.point]?.input : undefined;
        return html`<li class=${v.cls} data-field=${fieldKey(f)} data-verdict=${v.cls}>
          <div class="head">
            <span class="name">${fieldName(f)}${dose !== undefined ? html` <span class="dose muted" style="font-weight:500">dose <span class="num">${dose}</span></span>` : nothing}</span>
            <span><span class="badge ${v.cls}"><span aria-hidden="true">${v.icon}</span> ${v.word}</span> <span class="points num">+${f.points}</span></span>
          </div>
          <dl class="values">
            <dt>Yours</dt>
            <dd class="num">${f.answer === null ? '—' : smart(f.answer)}</dd>
            <dt>Exact</dt>
            <dd class="num">${smart(f.exact)}</dd>
            ${f.answer !== null
              ? html`<dt>Off by</dt>
                  <dd><span class="num">${signed(f.answer - f.exact)}</span>${allowed !== null ? html` <span class="muted num">(allowed ±${smart(allowed)})</span>` : nothing}</dd>`
              : nothing}
          </dl>
          ${f.credit === 'follow-on' && f.followOn ? this.followOnNote(f) : nothing}
          ${mistake && f.credit !== 'follow-on'
            ? html`<div class="mistake" data-mistake=${f.mistake!}><strong>⚑ ${mistake.title}</strong>${mistake.explanation}${also.length
                  ? html` <span data-also-fits=${also.join(' ')}>This number fits ${also.map((m) => mistakeTitle(m).toLowerCase()).join(', ')} just as well.</span>`
                  : nothing}</div>`
            : f.credit === 'none' && f.answer !== null
              ? html`<div class="mistake"><strong>⚑ No catalogued mistake explains this number</strong>It is off by ${signed(f.answer - f.exact)}${allowed !== null ? html` (allowed ±${smart(allowed)})` : nothing}. Compare your work with the worked solution below, factor by factor.</div>`
              : nothing}
          ${unclear
            ? html`<p class="muted unclear" data-cannot-tell=${f.cannotTell.join(' ')}>Within the band, but at this precision the band also holds: ${f.cannotTell.map((m) => mistakeTitle(m).toLowerCase()).join(', ')}.</p>`
            : nothing}
        </li>`;
      })}
    </ul>`;
  }
}

customElements.define('bp-result-list', BpResultList);
declare global {
  interface HTMLElementTagNameMap {
    'bp-result-list': BpResultList;
  }
}
