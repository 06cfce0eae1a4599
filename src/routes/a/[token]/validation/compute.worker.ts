/// <reference lib="webworker" />
/**
 * Runs the validation off the main thread: a bootstrap of 1,000 resamples and six regression
 * fits take longer than a frame once a loan file has a few thousand loans, and mathjs stays out
 * of the page's own bundle. One request at a time; the page drops answers it no longer needs.
 */
import { internalProblem } from '$lib/problem';
import { compute, type ComputeRequest, type ComputeResponse } from './compute';

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = (event: MessageEvent<ComputeRequest>) => {
  const request = event.data;
  let response: ComputeResponse;
  try {
    response = { id: request.id, ...compute(request) };
  } catch (e) {
    // A bug, not the file: the console has it under the reference the page shows.
    response = {
      id: request.id,
      ok: false,
      problem: { kind: 'input', problem: internalProblem(e) }
    };
  }
  scope.postMessage(response);
};
