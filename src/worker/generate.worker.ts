/// <reference lib="webworker" />
// Runs key generation and zipping off the main thread, so the page stays responsive.
// Cancelling (or a failure) is terminating this worker: nothing half-made survives it. A worker
// whose generation finished runs the next one, on code already compiled.
import { buildBundleFiles } from '../export/bundle';
import { generatePki } from '../export/generate';
import { zipBundle } from '../export/zip';
import { keySupply, type KeySupply } from '../pki/keySupply';
import type { KeyBytes } from '../pki/keySource';
import { replies } from '../keys/replies';
import { NO_EDITS, topologyOf, type Design } from '../topology/design';
import { expandDesign, keyCount } from '../topology/pools';
import type { IssuedPems, LeafSigner } from '../export/leafSigning';
import type { GenerateMessage, GenerateRequest, KeysMessage, SignRequest, WarmUpMessage } from './protocol';
import { PRESET_DEFAULTS } from '../topology/presets';
import SignWorker from './sign.worker.ts?worker';

/** Enough leaves (ECDSA, quick to make) for the signing Worker to take its share too. */
const WARM_UP_DESIGN: Design = {
  presetId: 'kubeadm',
  edits: NO_EDITS,
  params: {
    ...PRESET_DEFAULTS.kubeadm,
    keyAlgorithm: 'ECDSA-P256',
    workers: [{ name: 'warm-up', ip: '10.255.0.1', count: 40 }],
  },
};

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (message: GenerateMessage, transfer: Transferable[] = []) => scope.postMessage(message, transfer);
let supply: KeySupply | null = null;

// Started with this worker, so that it has loaded by the time the CAs are made.
const signerWorker = new SignWorker();
const signed = replies<IssuedPems[]>();
signerWorker.onmessage = (event: MessageEvent<{ id: number; issued?: IssuedPems[]; error?: string }>) => {
  signed.settle(event.data.id, event.data.issued ?? new Error(event.data.error ?? 'the signing worker failed'));
};
const signerFor =
  (warmUp: boolean): LeafSigner =>
  (cas, jobs) =>
    signed.ask((id) => {
      const request: SignRequest = { id, cas: [...cas], jobs: [...jobs], ...(warmUp ? { warmUp } : {}) };
      signerWorker.postMessage(request);
    });
const signer = signerFor(false);
const PROGRESS_EVERY_MS = 100;

/**
 * A throw-away bundle made while the page is idle, so that the person's starts on compiled code:
 * a fresh Worker runs its certificate, README and zip code cold, several times slower. It stops
 * at its next certificate once `signal` is aborted.
 */
async function warmUp(signal: AbortSignal): Promise<void> {
  const topology = topologyOf(expandDesign(WARM_UP_DESIGN));
  const pki = await generatePki(topology, { signers: [signerFor(true)], signal });
  signal.throwIfAborted();
  zipBundle(
    buildBundleFiles(topology, pki, { layout: 'per-host', externalCa: false }, WARM_UP_DESIGN),
    topology.clusterName,
  );
}
let warming: Promise<void> = Promise.resolve();
const stopWarmUp = new AbortController();
let early: KeyBytes[] = [];
/**
 * Whether a generation is under way here. This worker runs the page's generations one after
 * another (its code stays compiled); keys sent for one that has ended are dropped, never used in
 * the next, since messages arrive in order and a generation's keys follow its request.
 */
let generating = false;

scope.onmessage = async (event: MessageEvent<GenerateRequest | KeysMessage | WarmUpMessage>) => {
  if (event.data.type === 'keys') {
    if (!generating) return;
    // Keys that arrive while a warm-up stops wait for the supply they were made for.
    if (supply) supply.add(event.data.keys);
    else early.push(...event.data.keys);
    return;
  }
  if (event.data.type === 'warm-up') {
    warming = warmUp(stopWarmUp.signal).catch(() => undefined);
    return;
  }
  // A click during the warm-up stops it at its next certificate: waiting for the rest of a
  // throw-away bundle (or sharing the threads with it) cost more than the code it would warm.
  stopWarmUp.abort();
  generating = true;
  supply = null;
  early = [];
  await warming;
  try {
    const { design, options } = event.data;
    const topology = topologyOf(expandDesign(design));
    supply = keySupply(topology.keyAlgorithm, keyCount(topology), event.data.pooled ?? []);
    supply.add(early.splice(0));
    // At most ten progress messages a second: one per key would keep the page busy repainting.
    let lastProgress = 0;
    const onProgress = (done: number, total: number) => {
      const now = performance.now();
      if (done < total && now - lastProgress < PROGRESS_EVERY_MS) return;
      lastProgress = now;
      post({ type: 'progress', done, total });
    };
    const pki = await generatePki(topology, {
      onProgress,
      reuseCas: event.data.reuseCas,
      keepKeyPairs: event.data.keepKeyPairs,
      keepLeaves: event.data.keepLeaves,
      renewWithKeys: event.data.renewWithKeys,
      keys: supply,
      signers: [signer],
    });
    const { pkcs12Password } = event.data;
    // PKI.js loads only for a bundle that has PKCS#12 files.
    const pkcs12 = pkcs12Password
      ? await (await import('../export/pkcs12')).pkcs12Files(topology, pki, pkcs12Password)
      : undefined;
    const files = buildBundleFiles(topology, pki, options, design, pkcs12);
    const zip = zipBundle(files, topology.clusterName);
    const certificates = Object.fromEntries(
      [...pki.cas, ...pki.credentials].map(([id, issued]) => [id, issued.certPem]),
    );
    const leftover = await supply.leftover();
    generating = false;
    supply = null;
    post(
      {
        type: 'done',
        zip,
        fileName: `${topology.clusterName}-pki.zip`,
        fileCount: files.length,
        certificates,
        kept: [...pki.kept],
        leftover,
      },
      [zip.buffer, ...leftover.flatMap((k) => [k.pkcs8, k.spki])],
    );
  } catch (error) {
    generating = false;
    supply = null;
    post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  }
};
