/// <reference lib="webworker" />
/**
 * Runs the comparison off the main thread: every set's bootstrap and every pair's take longer
 * than a frame once a loan file has a few thousand loans.
 */
import { internalProblem } from '$lib/problem';
import { compareOnFile, type CompareRequest, type CompareResponse } from './compute';

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = (event: MessageEvent<CompareRequest>) => {
  const request = event.data;
  let response: CompareResponse;
  try {
    response = { id: request.id, ...compareOnFile(request) };
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
