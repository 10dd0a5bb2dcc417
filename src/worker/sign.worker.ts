/// <reference lib="webworker" />
// Issues a share of a large ECDSA design's leaves beside the generation worker: building and
// signing certificates is JavaScript, so a second thread halves it on two cores.
import { signLeaves, type LeafJob, type SigningCa } from '../export/leafSigning';

const scope = self as unknown as DedicatedWorkerGlobalScope;
scope.onmessage = async (event: MessageEvent<{ id: number; cas: SigningCa[]; jobs: LeafJob[] }>) => {
  const { id, cas, jobs } = event.data;
  try {
    scope.postMessage({ id, issued: await signLeaves(cas, jobs) });
  } catch (error) {
    scope.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
};
