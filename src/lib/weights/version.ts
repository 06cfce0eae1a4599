// The app's version as package.json gives it (Vite and tsx bundle only this one field).
import { version } from '../../../package.json';

/** Pairwise's version, recorded in every weight set. */
export const APP_VERSION: string = version;
