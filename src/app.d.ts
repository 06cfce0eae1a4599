// See https://svelte.dev/docs/kit/types#app.d.ts
// for information about these interfaces
declare global {
  namespace App {
    interface Error {
      message: string;
      /** Set by handleError for unexpected errors: quote it to find the entry in the server log. */
      errorId?: string;
      /**
       * A request refused before the page could look at it (src/lib/server/http.ts and
       * hooks.server.ts), so that the error page can say it in the reader's language;
       * 'unavailable' for a 503: the database is away for a moment ($lib/server/outage.ts).
       */
      code?:
        | 'not_a_form'
        | 'too_large'
        | 'bad_form'
        | 'reserved_action'
        | 'unavailable'
        | 'bad_round'
        | 'bad_report';
      /** With 'too_large': the route's limit in bytes, which the error page states. */
      limit?: number;
      /** With 'bad_report': what is wrong, worded by the error page in the reader's language. */
      problem?: import('$lib/problem').Problem;
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
