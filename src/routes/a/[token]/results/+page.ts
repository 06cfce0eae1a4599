import { unpackPanel } from './panel-data';
import type { PageLoad } from './$types';

/** The panel arrives packed in the page's HTML (./panel-data.ts); the page works with rows. */
export const load: PageLoad = ({ data }) => ({ ...data, panel: unpackPanel(data.panel) });
