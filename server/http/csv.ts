/**
 * CSV that is safe to open in a spreadsheet: RFC 4180 quoting, and text cells that a spreadsheet
 * would run as a formula (=, +, -, @, tab, carriage return first) get a leading apostrophe
 * (the OWASP recommendation for CSV injection). Numbers stay numbers.
 *
 * Every text cell is quoted, whatever it contains: a spreadsheet that splits on another separator
 * (Excel in de or fr splits on ';') would otherwise cut a cell like `Ann;=HYPERLINK(...)` in two
 * and run the second part as a formula; inside quotes it stays text. (Quotes protect a cell that
 * starts a field in that reading: user text, the student's name, is the first column.)
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  let text = String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

export function toCsv<T extends object>(columns: readonly (keyof T & string)[], rows: readonly T[]): string {
  const lines = [columns.join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvCell(row[c])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
