/// <reference lib="webworker" />
/**
 * Runs the results page's analyses off the main thread: the whole analysis for large panels,
 * and the bootstrap always. One request at a time; the page drops answers it no longer needs.
 */
import { internalProblem } from '$lib/problem';
import {
  refusedWith,
  runAnalysis,
  runBootstrap,
  type WorkerRequest,
  type WorkerResponse
} from './analysis';

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = (event: MessageEvent<WorkerRequest>) => {
  const request = event.data;
  let response: WorkerResponse;
  try {
    response =
      request.kind === 'analyse'
        ? { id: request.id, kind: 'analyse', output: runAnalysis(request.input) }
        : {
            id: request.id,
            kind: 'bootstrap',
            output: runBootstrap(request.input, request.options)
          };
  } catch (e) {
    // A bug, not the researcher's choices: the console has it under the reference shown.
    response = { id: request.id, kind: request.kind, output: refusedWith(internalProblem(e)) };
  }
  scope.postMessage(response);
};
