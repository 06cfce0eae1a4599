/**
 * The domain model shared by the browser, the server and the command line: survey, settings
 * and submission schemas, the farm-credit template and the hierarchy outline format.
 */
export * from './schema';
export * from './text';
export * from './scale';
export * from './errors';
export * from './survey';
export * from './definition';
export * from './outline';
export * from './farm-credit';
export * from './farm-credit-scales';
export * from './draft';
export * from './delphi';
export * from './reasons';
