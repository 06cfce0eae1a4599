import { unpackPanel, unpackPreview } from './panel-data';
import type { PageLoad } from './$types';

/**
 * A small panel arrives packed in the page's HTML (./panel-data.ts) and the page works with its
 * rows; a large one is null here and fetched by the page (./panel.server.ts).
 */
export const load: PageLoad = ({ data }) => ({
  ...data,
  panel: data.panel && unpackPanel(data.panel),
  preview: data.preview && unpackPreview(data.preview)
});
