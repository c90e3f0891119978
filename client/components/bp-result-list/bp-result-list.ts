/**
 * A student's graded round: for every asked field their number beside the exact one, right or
 * wrong in words and an icon, by how much (and how much was allowed), and the diagnosed mistake
 * in plain language.
 */
import { LitElement, css, html, nothing } from 'lit';
import type { StepRecord } from '../../../shared/engine/step-record.js';
import { FOLLOW_ON_TEXT, MISTAKE_TEXT } from '../../../shared/grader/mistakes.js';
import type { ScoredField } from '../../../shared/grader/scoring.js';
import { allowance, fieldKey, type RevealedSheet } from '../../../shared/grader/sheet.js';
import { QUANTITY_LABELS } from '../../../shared/grader/fields.js';
import { fieldLabel, mistakeTitle, signed, smart } from '../../lib/format.js';
import { base } from '../../styles/shared.js';
import { fieldParts } from '../../lib/chain-rule.js';
import '../bp-math/bp-math.js';

/** "Derivative ∂SSR/∂w3" with the symbol typeset, and the plain words for screen readers. */
export function fieldName(quantity: ScoredField['quantity'], param: string) {
  const parts = fieldParts(quantity, param);
  return html`<span aria-hidden="true">${parts.words} <bp-math .tex=${parts.tex}></bp-math></span><span class="visually-hidden">${fieldLabel(quantity, param)}</span>`;
}

export function verdictOf(f: ScoredField): { cls: string; icon: string; word: string } {
  if (f.credit === 'full') return { cls: 'correct', icon: '✓', word: 'Correct' };
  if (f.credit === 'follow-on') return { cls: 'partial', icon: '◐', word: 'Half credit' };
  if (f.answer === null) return { cls: 'none', icon: '–', word: 'Not answered' };
  return { cls: 'wrong', icon: '✗', word: 'Wrong' };
}

export class BpResultList extends LitElement {
  static override properties = {
    fields: { attribute: false },
    record: { attribute: false },
    sheet: { attribute: false },
  };
  declare fields: readonly ScoredField[];
  declare record: StepRecord | null;
  /** The revealed round's sheet: the precision and each field's band. */
  declare sheet: RevealedSheet | null;

  static override styles = [
    base,
    css`
      ul {
        min-width: 0;
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        gap: 0.6rem;
      }
      li {
        min-width: 0;
        border: 1px solid var(--bp-border);
        border-left-width: 6px;
        border-radius: 10px;
        padding: 0.6rem 0.75rem;
        background: var(--bp-surface);
      }
      li.correct {
        border-left-color: var(--bp-correct);
      }
      li.wrong {
        border-left-color: var(--bp-wrong);
      }
      li.partial {
        border-left-color: var(--bp-partial);
      }
      .head {
        display: flex;
        justify-content: space-between;
        align-items: center;
        gap: 0.5rem;
        flex-wrap: wrap;
      }
      .name {
        font-weight: 700;
      }
      .values {
        display: grid;
        grid-template-columns: auto 1fr;
        gap: 0.1rem 0.75rem;
        margin-top: 0.4rem;
        font-size: 0.98rem;
      }
      .values dt {
        color: var(--bp-muted);
        white-space: nowrap;
      }
      .values dd {
        margin: 0;
        font-weight: 600;
      }
      .mistake {
        margin-top: 0.5rem;
        padding: 0.5rem 0.6rem;
        border-radius: 8px;
        background: var(--bp-surface-2);
      }
      .mistake strong {
        display: block;
      }
      .points {
        font-weight: 700;
      }
      .tally {
        display: flex;
        gap: 1rem;
        font-weight: 700;
        margin-bottom: 0.6rem;
      }
      .tally .i.correct {
        color: var(--bp-correct);
      }
      .tally .i.partial {
        color: var(--bp-partial);
      }
      .tally .i.wrong {
        color: var(--bp-wrong);
      }
    `,
  ];

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
        return html`<li class=${v.cls} data-field="${f.quantity}:${f.param}" data-verdict=${v.cls}>
          <div class="head">
            <span class="name">${fieldName(f.quantity, f.param)}</span>
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
