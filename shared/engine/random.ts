/** Seeded random numbers, so a session started from a random network can be replayed exactly. */
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

export interface NormalSource {
  /** Next draw from N(mean, sd^2). */
  next(mean?: number, sd?: number): number;
}

/** Standard normal draws (Box-Muller) from a xoroshiro128+ generator seeded with a 32-bit integer. */
export function seededNormal(seed: number): NormalSource {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  const rng = xoroshiro128plus(seed | 0);
  let spare: number | undefined;
  return {
    next(mean = 0, sd = 1) {
      if (spare !== undefined) {
        const z = spare;
        spare = undefined;
        return mean + sd * z;
      }
      // 1 - u keeps the logarithm's argument in (0, 1].
      const u1 = 1 - uniformFloat64(rng);
      const u2 = uniformFloat64(rng);
      const radius = Math.sqrt(-2 * Math.log(u1));
      spare = radius * Math.sin(2 * Math.PI * u2);
      return mean + sd * radius * Math.cos(2 * Math.PI * u2);
    },
  };
}
