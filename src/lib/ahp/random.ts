/**
 * A small seeded pseudo-random generator, so that every resampling and every synthetic data set
 * is reproducible: the same seed gives the same numbers on every machine.
 *
 * sfc32 (Chris Doty-Humphrey's Small Fast Counting generator, PractRand-tested), seeded through
 * splitmix32 so that nearby seeds give unrelated streams.
 */

/** A generator of uniform numbers in [0, 1). */
export type Random = () => number;

/**
 * A seeded generator.
 * @param seed any integer (taken modulo 2^32)
 */
export function seededRandom(seed: number): Random {
  let s = seed >>> 0;
  const splitmix = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = 1;
  const next = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t / 4294967296;
  };
  for (let k = 0; k < 12; k++) next();
  return next;
}

/** A uniform integer in [0, n). */
export function randomInt(random: Random, n: number): number {
  return Math.floor(random() * n);
}
