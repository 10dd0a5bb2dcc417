/// <reference lib="webworker" />
// Issues a share of a large ECDSA design's leaves beside the generation worker: building and
// signing certificates is JavaScript, so a second thread halves it on two cores.
import { signLeaves, type LeafJob, type SigningCa } from '../export/leafSigning';
import type { SignRequest } from './protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
/** Set by the first real request: a warm-up's share still being issued stops at its next leaf. */
let warmUpStopped = false;

/**
 * A warm-up's share, leaf by leaf, so that a real request does not share the thread with the rest
 * of it. A stopped one answers with the leaves it issued (the warm-up has been aborted too, and
 * throws its bundle away): an error here would reach no one.
 */
async function warmUpLeaves(cas: SigningCa[], jobs: LeafJob[]) {
  const issued = [];
  for (const job of jobs) {
    if (warmUpStopped) break;
    issued.push(...(await signLeaves(cas, [job])));
  }
  return issued;
}

scope.onmessage = async (event: MessageEvent<SignRequest>) => {
  const { id, cas, jobs, warmUp } = event.data;
  if (!warmUp) warmUpStopped = true;
  try {
    scope.postMessage({ id, issued: await (warmUp ? warmUpLeaves(cas, jobs) : signLeaves(cas, jobs)) });
  } catch (error) {
    scope.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
};
