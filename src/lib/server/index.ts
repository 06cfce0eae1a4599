/**
 * Server-side storage of Pairwise: import from `$lib/server` in +page.server.ts, +server.ts
 * and hooks (SvelteKit refuses to ship this folder to the browser).
 */
export { closeDb, configFromEnv, getDb, openDb, type Db, type DbConfig } from './db';
export { isOutage, StoreError, type StoreErrorCode } from './errors';
export * from './outage';
export { migrate, MIGRATIONS, type Migration } from './migrations';
export * from './tokens';
export * from './rate-limit';
export * from './surveys';
export * from './experts';
export * from './responses';
export * from './http';
export * from './weight-sets';
export * from './panels';
export * from './snapshots';
export * from './scoring';
export * from './production';
export * from './rounds';
