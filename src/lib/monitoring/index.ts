/**
 * Early warning and monitoring: the model in use, watched loan by loan (the warning list) and as
 * a portfolio (migration, stability, default rates against the validation's, rank order).
 * Pure TypeScript: runs on the server, in the CLI and in the browser alike.
 */
export * from './stability';
export * from './binomial';
export * from './snapshot';
export * from './compare';
export * from './portfolio';
export * from './report';
