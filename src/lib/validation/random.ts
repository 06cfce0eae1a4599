/**
 * The engine's seeded generator in batches (src/lib/ahp/random.ts): a bootstrap of 100,000
 * loans draws 10^8 numbers. The numbers are the same, bit for bit, as `seededRandom(seed)`
 * gives, so a seed means the same thing everywhere in Pairwise.
 */
export { seededUniforms, type UniformBatch } from '../ahp/random';
