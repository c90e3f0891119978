/**
 * The precision a round asks students to keep in every number they write: a fixed number of
 * decimals (`{ decimals: 2 }`: 0.0258 -> 0.03) or of significant digits (`{ significant: 3 }`:
 * 0.02576 -> 0.0258). Rounding is to nearest, so a kept number is off by at most half a unit
 * in its last kept place.
 */

export type Precision = { readonly decimals: number } | { readonly significant: number };

/**
 * The default: three significant digits. The lesson's first step is then 2.58, 0.0258 and 0.334
 * for w3 (as the lesson writes them), and every catalogued mistake of that step is told apart
 * (docs/engine.md).
 */
export const DEFAULT_PRECISION: Precision = Object.freeze({ significant: 3 });

export const PRECISION_LIMITS = { decimals: { min: 0, max: 10 }, significant: { min: 1, max: 10 } } as const;

export function precisionDigits(p: Precision): number {
  return 'decimals' in p ? p.decimals : p.significant;
}

/** The same mode with `digits` digits. */
export function withDigits(p: Precision, digits: number): Precision {
  return 'decimals' in p ? { decimals: digits } : { significant: digits };
}

/** "3 significant digits", "2 decimals". */
export function describePrecision(p: Precision): string {
  if ('decimals' in p) return p.decimals === 0 ? 'whole numbers' : `${p.decimals} decimal${p.decimals === 1 ? '' : 's'}`;
  return `${p.significant} significant digit${p.significant === 1 ? '' : 's'}`;
}

/** Power of ten of the leading digit: 0 for 2.58, -2 for 0.0258. */
function leadingExponent(magnitude: number): number {
  let e = Math.floor(Math.log10(magnitude));
  // log10 can land a hair below an exact power of ten.
  if (10 ** (e + 1) <= magnitude) e += 1;
  return e;
}

/**
 * Half a unit in the last kept place of a number of size `magnitude` (>= 0): the most that
 * rounding such a number can move it. Monotone in `magnitude`, so the half-unit of an upper
 * bound on a number's size bounds its rounding error.
 */
export function halfUnit(p: Precision, magnitude: number): number {
  if ('decimals' in p) return 0.5 * 10 ** -p.decimals;
  if (!(magnitude > 0)) return 0;
  if (!Number.isFinite(magnitude)) return Infinity;
  return 0.5 * 10 ** (leadingExponent(magnitude) - p.significant + 1);
}

/**
 * `value` rounded as a student keeping `p` would write it: to nearest, ties away from zero, on
 * the exact decimal expansion of the double (ECMA-262 Number.prototype.toFixed / toPrecision).
 */
export function roundTo(p: Precision, value: number): number {
  if (!Number.isFinite(value) || value === 0) return value;
  const out = Number('decimals' in p ? value.toFixed(p.decimals) : value.toPrecision(p.significant));
  return out === 0 ? 0 : out;
}

/**
 * How many digits, in `p`'s mode, a typed number carries: the fewest with which it is written
 * (0.33 carries 2 significant digits or 2 decimals; 1.00 is read as 1 and carries 1 or 0).
 * Capped at 15, beyond what anyone types.
 */
export function digitsOf(p: Precision, value: number): number {
  if (!Number.isFinite(value)) return 15;
  if ('decimals' in p) {
    for (let d = 0; d < 15; d++) if (Number(value.toFixed(d)) === value) return d;
    return 15;
  }
  if (value === 0) return 1;
  for (let s = 1; s < 15; s++) if (Number(value.toPrecision(s)) === value) return s;
  return 15;
}
