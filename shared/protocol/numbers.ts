/**
 * What students type into a number field: "-0,0258", "−2.58", " 0.33 ", "2.5e-2", "+1".
 * A decimal comma and Unicode minus signs are accepted; anything that is not one number is
 * refused with a sentence saying why.
 *
 * A comma that could as well be a thousands separator is refused with a question rather than
 * guessed: one comma, no dot, 1 to 3 digits before it not starting with 0 and exactly 3 after it
 * ("1,234", "-12,500", "999,000"), which reads as 1.234 in much of Europe and as 1234 in English.
 * "0,258", "12,5", "1,2345" and "1,23" cannot be thousands and are read as decimal commas.
 */
export type ParsedNumber = { readonly ok: true; readonly value: number } | { readonly ok: false; readonly message: string };

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
/** Every character read as a minus sign: hyphen-minus, hyphens, dashes, minus signs. */
const MINUS = '-\u2010\u2011\u2012\u2013\u2014\u2212\uFE63\uFF0D';
/** A text that starts with a minus sign, however it was typed. */
export const LEADING_MINUS = new RegExp(`^[${MINUS}]`);
const ANY_MINUS = new RegExp(`[${MINUS}]`, 'g');
/** A comma that reads as a decimal comma or as a thousands separator, e.g. "1,234" or "-12,500". */
const AMBIGUOUS_COMMA = /^([+-]?)([1-9]\d{0,2}),(\d{3})$/;

export function parseStudentNumber(raw: string): ParsedNumber {
  let text = raw
    .normalize('NFKC')
    .replace(ANY_MINUS, '-') // minus signs and dashes
    .replace(/\s+/g, '');
  if (text === '') return { ok: false, message: 'Enter a number.' };
  const commas = (text.match(/,/g) ?? []).length;
  if (commas > 0) {
    if (commas > 1 || text.includes('.')) return { ok: false, message: 'Use one decimal separator: a dot or a comma, not both.' };
    const ambiguous = AMBIGUOUS_COMMA.exec(text);
    if (ambiguous) {
      const [, sign, whole, part] = ambiguous;
      const decimal = `${sign}${whole}.${part}`;
      const thousands = `${sign}${whole}${part}`;
      return {
        ok: false,
        message: `Did you mean ${decimal} or ${thousands}? Type a dot for a decimal point (${decimal}) or leave the comma out (${thousands}).`,
      };
    }
    text = text.replace(',', '.');
  }
  if (!NUMBER.test(text)) return { ok: false, message: `"${raw.trim()}" is not a number. Type digits with an optional minus sign and one decimal point, like -0.0258.` };
  const value = Number(text);
  if (!Number.isFinite(value)) return { ok: false, message: 'That number is too large.' };
  // -0 reads as 0 everywhere else; keep the stored answer plain.
  return { ok: true, value: value === 0 ? 0 : value };
}
