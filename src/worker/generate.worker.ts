/// <reference lib="webworker" />
// Runs key generation and zipping off the main thread, so the page stays responsive.
// Cancelling is terminating this worker: nothing half-made survives it.
import { buildBundleFiles } from '../export/bundle';
import { generatePki } from '../export/generate';
import { zipBundle } from '../export/zip';
import { keySupply, type KeySupply } from '../pki/keySupply';
import type { KeyBytes } from '../pki/keySource';
import { replies } from '../keys/replies';
import { NO_EDITS, topologyOf, type Design } from '../topology/design';
import { expandDesign, keyCount } from '../topology/pools';
import type { IssuedPems, LeafSigner } from '../export/leafSigning';
import type { GenerateMessage, GenerateRequest, KeysMessage, WarmUpMessage } from './protocol';
import { PRESET_DEFAULTS } from '../topology/presets';
import SignWorker from './sign.worker.ts?worker';

/** Enough leaves (ECDSA, quick to make) for the signing Worker to take its share too. */
const WARM_UP_DESIGN: Design = {
  presetId: 'kubeadm', edits: NO_EDITS,
  params: { ...PRESET_DEFAULTS.kubeadm, keyAlgorithm: 'ECDSA-P256', workers: [{ name: 'warm-up', ip: '10.255.0.1', count: 40 }] },
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
const signer: LeafSigner = (cas, jobs) => signed.ask((id) => signerWorker.postMessage({ id, cas, jobs }));
const PROGRESS_EVERY_MS = 100;

/**
 * A throw-away bundle made while the page is idle, so that the person's starts on compiled code:
 * a fresh Worker runs its certificate, README and zip code cold, several times slower.
 */
async function warmUp(): Promise<void> {
  const topology = topologyOf(expandDesign(WARM_UP_DESIGN));
  const pki = await generatePki(topology, { signers: [signer] });
  zipBundle(buildBundleFiles(topology, pki, { layout: 'per-host', externalCa: false }, WARM_UP_DESIGN), topology.clusterName);
}
let warming: Promise<void> = Promise.resolve();
const early: KeyBytes[] = [];

scope.onmessage = async (event: MessageEvent<GenerateRequest | KeysMessage | WarmUpMessage>) => {
  if (event.data.type === 'keys') {
    // Keys that arrive while a warm-up finishes wait for the supply they were made for.
    if (supply) supply.add(event.data.keys);
    else early.push(...event.data.keys);
    return;
  }
  if (event.data.type === 'warm-up') {
    warming = warmUp().catch(() => undefined);
    return;
  }
  // The person's bundle waits for a warm-up in progress rather than share the thread with it.
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
      onProgress, reuseCas: event.data.reuseCas, keepKeyPairs: event.data.keepKeyPairs,
      keepLeaves: event.data.keepLeaves, renewWithKeys: event.data.renewWithKeys,
      keys: supply, signers: [signer],
    });
    const { pkcs12Password } = event.data;
    // PKI.js loads only for a bundle that has PKCS#12 files.
    const pkcs12 = pkcs12Password ? await (await import('../export/pkcs12')).pkcs12Files(topology, pki, pkcs12Password) : undefined;
    const files = buildBundleFiles(topology, pki, options, design, pkcs12);
    const zip = zipBundle(files, topology.clusterName);
    const certificates = Object.fromEntries([...pki.cas, ...pki.credentials].map(([id, issued]) => [id, issued.certPem]));
    const leftover = await supply.leftover();
    post({ type: 'done', zip, fileName: `${topology.clusterName}-pki.zip`, fileCount: files.length, certificates, kept: [...pki.kept], leftover },
      [zip.buffer, ...leftover.flatMap((k) => [k.pkcs8, k.spki])]);
  } catch (error) {
    post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  }
};
