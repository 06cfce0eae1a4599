/**
 * The AHP engine: pure TypeScript, no Svelte, DOM, network or files. This barrel is the only
 * import path for the rest of Pairwise (pages, server, CLI, benchmarks).
 */
export * from './types';
export * from './errors';
export * from './scale';
export * from './matrix';
export * from './priority';
export * from './random-index';
export * from './consistency';
export * from './incomplete';
export * from './weigh';
export * from './aggregate';
export * from './consensus';
export * from './random';
export * from './hierarchy';
export * from './uncertainty';
export * from './synthetic';
export * from './ratings';
export * from './delphi';
