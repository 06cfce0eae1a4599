// See https://svelte.dev/docs/kit/types#app.d.ts
// for information about these interfaces
declare global {
  namespace App {
    interface Error {
      message: string;
      /** Set by handleError for unexpected errors: quote it to find the entry in the server log. */
      errorId?: string;
      /** 'unavailable' for a 503: the database is away for a moment (the page says so). */
      code?: string;
    }
    interface Locals {
      /** The process-wide database (src/hooks.server.ts). */
      db: import('$lib/server').Db;
    }
    // interface PageData {}
    // interface PageState {}
    // interface Platform {}
  }
}

export {};
