// A student's work on paper for the lesson network, written independently of the engine:
// every intermediate rounded to 2 decimals (or left exact), and the classic mistakes made on purpose.
export const inputs = [0, 0.5, 1];
export const observed = [0, 1, 0];
export const fixed = { w1: 3.34, b1: -1.43, w2: -3.53, b2: 0.57 };
const softplus = (x: number) => Math.log(1 + Math.exp(x));
export const round2 = (v: number) => Math.round(v * 100) / 100;

export interface Slip {
  round?: boolean;
  /** 2 (O - P) instead of -2 (O - P) */
  flipSign?: boolean;
  /** -(O - P) instead of -2 (O - P) */
  dropTwo?: boolean;
  /** forget to multiply by y */
  dropY?: boolean;
  /** use y2 for w3 and y1 for w4 */
  swapY?: boolean;
  /** only this data point's term */
  onlyPoint?: number;
}

export function handDerivatives(p: { w3: number; w4: number; b3: number }, slip: Slip = {}) {
  const r = slip.round ? round2 : (v: number) => v;
  const d = { w3: 0, w4: 0, b3: 0 };
  inputs.forEach((input, i) => {
    if (slip.onlyPoint !== undefined && slip.onlyPoint !== i) return;
    let y1 = r(softplus(r(fixed.w1 * input + fixed.b1)));
    let y2 = r(softplus(r(fixed.w2 * input + fixed.b2)));
    const predicted = r(p.w3 * y1 + p.w4 * y2 + p.b3);
    const residual = r(observed[i]! - predicted);
    const shared = r((slip.flipSign ? 2 : -2) * residual / (slip.dropTwo ? 2 : 1));
    if (slip.swapY) [y1, y2] = [y2, y1];
    d.w3 += r(shared * (slip.dropY ? 1 : y1));
    d.w4 += r(shared * (slip.dropY ? 1 : y2));
    d.b3 += shared;
  });
  return { w3: r(d.w3), w4: r(d.w4), b3: r(d.b3) };
}
