/**
 * A small seeded pseudo-random generator, so that every resampling and every synthetic data set
 * is reproducible: the same seed gives the same numbers on every machine.
 *
 * sfc32 (Chris Doty-Humphrey's Small Fast Counting generator, PractRand-tested), seeded through
 * splitmix32 so that nearby seeds give unrelated streams.
 */

/** A generator of uniform numbers in [0, 1). */
export type Random = () => number;

/** Writes the next `count` uniform numbers in [0, 1) of the stream into `out[0 .. count)`. */
export type UniformBatch = (out: Float64Array, count?: number) => void;

/**
 * The seeded stream drawn in batches (a bootstrap draws millions of numbers). The 32-bit state
 * lives in an Int32Array and in int32 locals while a batch is written: in captured variables
 * V8 would box every uint32 above 2^30 and each number would allocate (about 20 ns a number
 * instead of 2). sfc32 in int32 arithmetic gives the same bits as with `>>> 0` throughout.
 * @param seed any integer (taken modulo 2^32)
 */
export function seededUniforms(seed: number): UniformBatch {
  let s = seed >>> 0;
  const splitmix = (): number => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  const state = new Int32Array([splitmix(), splitmix(), splitmix(), 1]);
  const fill: UniformBatch = (out, count = out.length) => {
    let a = state[0]!;
    let b = state[1]!;
    let c = state[2]!;
    let d = state[3]!;
    for (let i = 0; i < count; i++) {
      const t = (((a + b) | 0) + d) | 0;
      d = (d + 1) | 0;
      a = b ^ (b >>> 9);
      b = (c + (c << 3)) | 0;
      c = (c << 21) | (c >>> 11);
      c = (c + t) | 0;
      out[i] = (t >>> 0) / 4294967296;
    }
    state[0] = a;
    state[1] = b;
    state[2] = c;
    state[3] = d;
  };
  fill(new Float64Array(12)); // the first 12 numbers are discarded
  return fill;
}

/**
 * A seeded generator, one number a call: the stream of seededUniforms(seed).
 * @param seed any integer (taken modulo 2^32)
 */
export function seededRandom(seed: number): Random {
  const fill = seededUniforms(seed);
  const one = new Float64Array(1);
  return () => {
    fill(one, 1);
    return one[0]!;
  };
}

/** A uniform integer in [0, n). */
export function randomInt(random: Random, n: number): number {
  return Math.floor(random() * n);
}
