/**
 * How a scored field reads wherever it is shown (a student's results, the worked solution, the
 * class's answers): its name with the symbol typeset, and its verdict in words and an icon.
 * The name's template uses <bp-math>: an element that shows it registers bp-math itself.
 */
import { html } from 'lit';
import type { FieldRef } from '../../shared/grader/fields.js';
import type { ScoredField } from '../../shared/grader/scoring.js';
import { fieldParts } from './chain-rule.js';
import { fieldLabel } from './format.js';

/** "Derivative ∂SSR/∂w3" with the symbol typeset, and the plain words for screen readers. */
export function fieldName(field: FieldRef) {
  const parts = fieldParts(field);
  return html`<span aria-hidden="true">${parts.words} <bp-math .tex=${parts.tex}></bp-math></span><span class="visually-hidden">${fieldLabel(field)}</span>`;
}

export interface Verdict {
  /** The CSS class its colours come from. */
  readonly cls: 'correct' | 'partial' | 'none' | 'wrong';
  readonly icon: string;
  readonly word: string;
}

export function verdictOf(f: ScoredField): Verdict {
  if (f.credit === 'full') return { cls: 'correct', icon: '✓', word: 'Correct' };
  if (f.credit === 'follow-on') return { cls: 'partial', icon: '◐', word: 'Half credit' };
  if (f.answer === null) return { cls: 'none', icon: '–', word: 'Not answered' };
  return { cls: 'wrong', icon: '✗', word: 'Wrong' };
}
