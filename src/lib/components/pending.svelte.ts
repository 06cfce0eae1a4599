import type { SubmitFunction } from '@sveltejs/kit';

/**
 * A form's "sending" state for `use:enhance={pending.enhance}`: true from the submit until the
 * page has its answer; the fields keep what was typed (a refused form is corrected, not retyped).
 */
export class Pending {
  sending = $state(false);

  enhance: SubmitFunction = () => {
    this.sending = true;
    return async ({ update }) => {
      await update({ reset: false });
      this.sending = false;
    };
  };
}
