/// <reference lib="webworker" />
/**
 * Runs the comparison off the main thread: every set's bootstrap and every pair's take longer
 * than a frame once a loan file has a few thousand loans.
 */
import { compareOnFile, type CompareRequest, type CompareResponse } from './compute';

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = (event: MessageEvent<CompareRequest>) => {
  const request = event.data;
  let response: CompareResponse;
  try {
    response = { id: request.id, ...compareOnFile(request) };
  } catch (e) {
    const detail = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    response = { id: request.id, ok: false, problem: { kind: 'input', detail } };
  }
  scope.postMessage(response);
};
