/**
 * The engine's seeded generator (src/lib/ahp/random.ts: sfc32 seeded through splitmix32), in
 * batches. A bootstrap of 100,000 loans draws 10^8 numbers; the engine's closure keeps its
 * 32-bit state in captured variables that V8 stores as boxed doubles (about 20 ns a number).
 * Here the state lives in locals as signed 32-bit integers while a batch is written (about 2 ns a
 * number). The numbers are the same, bit for bit, as `seededRandom(seed)` gives (a unit test
 * compares them), so a seed means the same thing everywhere in Pairwise.
 */

/** Writes the next `count` uniform numbers in [0, 1) of the stream into `out[0 .. count)`. */
export type UniformBatch = (out: Float64Array, count?: number) => void;

/**
 * The stream of `seededRandom(seed)` from src/lib/ahp, drawn in batches.
 * @param seed any integer (taken modulo 2^32, as the engine does)
 */
export function seededUniforms(seed: number): UniformBatch {
  // Seeding exactly as the engine: three splitmix32 outputs and a counter of 1, then 12 draws
  // discarded.
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
      // sfc32 in int32 arithmetic: the same bits as the engine's `>>> 0` version.
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
  fill(new Float64Array(12));
  return fill;
}
