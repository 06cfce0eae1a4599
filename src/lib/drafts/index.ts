/** The browser's device storage: drafts and the submission outbox (IndexedDB). Browser code only. */
export * from './store';
export * from './outbox';
export * from './journal';
