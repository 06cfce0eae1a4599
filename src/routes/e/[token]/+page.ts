import type { PageLoad } from './$types';

// The expert's page runs in the browser only: its state lives on the device (IndexedDB) and comes
// from the API, so the server sends the same small shell for every token, which the service
// worker can keep and serve again offline. (The layout is rendered in the browser too.)
export const ssr = false;
export const prerender = false;

export const load: PageLoad = ({ params }) => ({ token: params.token });
