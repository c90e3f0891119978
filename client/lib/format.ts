/** Number and label formatting shared by every view. Numbers use a true minus sign (U+2212). */
import { linkOf, type FieldRef, type Link, type Quantity } from '../../shared/grader/fields.js';
import { askedLinks } from '../../shared/session/stages.js';
import { roundTo, type Precision } from '../../shared/grader/precision.js';
import { FOLLOW_ON_TEXT, MISTAKE_TEXT } from '../../shared/grader/mistakes.js';

const MINUS = '\u2212';

function withMinus(text: string): string {
  return text.startsWith('-') ? MINUS + text.slice(1) : text;
}

/** Fixed decimals, no "-0.0000". */
export function fixed(value: number, digits = 4): string {
  if (!Number.isFinite(value)) return value > 0 ? '∞' : value < 0 ? `${MINUS}∞` : 'not a number';
  const text = value.toFixed(digits);
  return withMinus(/^-0\.?0*$/.test(text) ? text.slice(1) : text);
}

/**
 * Enough decimals to tell small quantities apart: 4 for ordinary values, more for step sizes
 * like 0.00026 (two significant digits past the leading zeros), at most 8.
 */
export function smart(value: number): string {
  if (!Number.isFinite(value) || value === 0) return fixed(value, 4);
  const magnitude = Math.abs(value);
  const digits = magnitude >= 0.01 ? 4 : Math.min(8, Math.ceil(-Math.log10(magnitude)) + 2);
  return fixed(value, digits);
}

/** A signed difference: "+0.0012" or "−0.0012". */
export function signed(value: number, format: (v: number) => string = smart): string {
  const text = format(value);
  return value > 0 && !text.startsWith('+') ? `+${text}` : text;
}

/** "w3" -> "w₃"-like markup pieces: name and index for <sub>. */
export function paramParts(param: string): { letter: string; index: string } {
  return { letter: param.slice(0, 1), index: param.slice(1) };
}

/** Words for screen readers and plain text, per link of the chain: "derivative dSSR/dw3", "y1 at point 2". */
export const QUANTITY_WORDS: Readonly<Record<Link, { short: string; long: (f: FieldRef) => string }>> = {
  x: { short: 'Hidden input x', long: (f) => `${f.quantity} at point ${(f.point ?? 0) + 1}` },
  y: { short: 'Hidden output y', long: (f) => `${f.quantity} at point ${(f.point ?? 0) + 1}` },
  predicted: { short: 'Prediction', long: (f) => `prediction at point ${(f.point ?? 0) + 1}` },
  residual: { short: 'Residual', long: (f) => `residual at point ${(f.point ?? 0) + 1}` },
  dssrDpredicted: { short: 'dSSR/dPredicted', long: (f) => `dSSR/dPredicted at point ${(f.point ?? 0) + 1}` },
  terms: { short: 'Chain-rule term', long: (f) => `term of ${f.param} at point ${(f.point ?? 0) + 1}` },
  derivatives: { short: 'Derivative', long: (f) => `derivative dSSR/d${f.param}` },
  steps: { short: 'Step size', long: (f) => `step size of ${f.param}` },
  next: { short: 'New value', long: (f) => `new value of ${f.param}` },
};

const LINK_PLURALS: Readonly<Record<Link, string>> = {
  x: 'x',
  y: 'y',
  predicted: 'predictions',
  residual: 'residuals',
  dssrDpredicted: 'shared terms dSSR/dPredicted',
  terms: 'chain-rule terms',
  derivatives: 'derivatives',
  steps: 'step sizes',
  next: 'new values',
};

/** Links in a sentence: "x and y of each hidden node, the predictions and the residuals". */
export function linkWords(links: readonly Link[]): string {
  const hidden = links.filter((l) => l === 'x' || l === 'y');
  const parts = [...(hidden.length ? [`${hidden.join(' and ')} of each hidden node`] : []), ...links.filter((l) => l !== 'x' && l !== 'y').map((l) => `the ${LINK_PLURALS[l]}`)];
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

/**
 * What a round asks, in a sentence: the per-point links "at every dose", then the parameters'
 * derivatives, step sizes and new values, naming the parameters once at the end ("the chain-rule
 * terms at every dose, and the derivatives and the new values of w3, w4, b3"). `withParams`
 * false leaves the parameters out (a form that lists its fields says them anyway).
 */
export function askedWords(fields: readonly FieldRef[], withParams = true): string {
  const params = (fs: readonly FieldRef[]) => [...new Set(fs.flatMap((f) => (f.param !== undefined ? [f.param] : [])))];
  const perPoint = fields.filter((f) => f.point !== undefined);
  const perParam = fields.filter((f) => f.point === undefined);
  const parts: string[] = [];
  const all = params(fields);
  // Terms of other parameters than the derivatives and new values: named with the terms.
  const terms = params(perPoint.filter((f) => f.quantity === 'terms'));
  const termsApart = withParams && terms.length > 0 && (perParam.length === 0 || terms.join() !== params(perParam).join());
  if (perPoint.length) parts.push(`${linkWords(askedLinks(perPoint))}${termsApart ? ` of ${terms.join(', ')}` : ''} at every dose`);
  if (perParam.length) parts.push(linkWords(askedLinks(perParam)));
  const sentence = parts.join(', and ');
  return withParams && perParam.length > 0 && all.length > 0 ? `${sentence} of ${params(perParam).join(', ')}` : sentence;
}

export function quantityWords(quantity: Quantity): { short: string; long: (f: FieldRef) => string } {
  return QUANTITY_WORDS[linkOf(quantity)];
}

export function fieldLabel(field: FieldRef): string {
  return quantityWords(field.quantity).long(field);
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function ordinal(n: number): string {
  const s = ['th', 'st', 'nd', 'rd'];
  const v = n % 100;
  return `${n}${s[(v - 20) % 10] ?? s[v] ?? s[0]}`;
}

export function clockTime(ms: number): string {
  return new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** "1:05" from milliseconds (rounded up, so 0:00 means over). */
export function countdownText(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const m = Math.floor(total / 60);
  const s = total % 60;
  return `${m}:${String(s).padStart(2, '0')}`;
}

/** An axis tick: as short as d3 gives it, with a true minus sign. */
export function tick(value: number): string {
  return withMinus(String(Number(value.toPrecision(12))));
}

/** A learning rate as the instructor typed it: 0.01, not 0.0100. */
export function rateText(rate: number): string {
  return String(Number(rate.toPrecision(6)));
}

/**
 * A parameter as students copy it: 4 decimals, or more when the round asks for more digits than
 * 4 decimals show (5 significant digits of 0.33424 need 5 decimals). At most 10.
 */
export function paramText(value: number, precision: Precision | null): string {
  if (!precision || !Number.isFinite(value)) return fixed(value, 4);
  const needed = 'decimals' in precision ? precision.decimals : value === 0 ? 0 : precision.significant - 1 - Math.floor(Math.log10(Math.abs(value)));
  return fixed(value, Math.min(10, Math.max(4, needed)));
}

/** Two numbers as a student keeping `precision` writes them: "2.57614 → 2.58, 0.0257614 → 0.0258". */
export function precisionExample(precision: Precision): string {
  return [2.57614, 0.0257614].map((v) => `${v} → ${String(roundTo(precision, v))}`).join(', ');
}

/** A mistake's title, also for an id this version no longer catalogues (older stored rounds); the id itself as a last resort. */
export function mistakeTitle(id: string): string {
  return (MISTAKE_TEXT as Record<string, { title: string }>)[id]?.title ?? (FOLLOW_ON_TEXT as Record<string, { title: string }>)[id]?.title ?? id;
}
