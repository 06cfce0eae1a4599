/** The expert page's Delphi parts, loaded on demand in rounds 2 and later or with reasons on. */
export { default as PairFeedback } from './PairFeedback.svelte';
export { default as PairReason } from './PairReason.svelte';
export { default as RoundNote } from './RoundNote.svelte';
export { readFeedback } from './feedback';
