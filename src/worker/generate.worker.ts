/// <reference lib="webworker" />
// Runs key generation and zipping off the main thread, so the page stays responsive.
// Cancelling is terminating this worker: nothing half-made survives it.
import { buildBundleFiles } from '../export/bundle';
import { generatePki } from '../export/generate';
import { zipBundle } from '../export/zip';
import { keySupply, type KeySupply } from '../pki/keySupply';
import { topologyOf } from '../topology/design';
import { expandDesign, keyCount } from '../topology/pools';
import type { IssuedPems, LeafSigner } from '../export/leafSigning';
import type { GenerateMessage, GenerateRequest, KeysMessage } from './protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (message: GenerateMessage, transfer: Transferable[] = []) => scope.postMessage(message, transfer);
let supply: KeySupply | null = null;

// Started with this worker, so that it has loaded by the time the CAs are made.
const signerWorker = new Worker(new URL('./sign.worker.ts', import.meta.url), { type: 'module' });
let signerCalls = 0;
const signer: LeafSigner = (cas, jobs) => new Promise((resolve, reject) => {
  const id = ++signerCalls;
  const onMessage = (event: MessageEvent<{ id: number; issued?: IssuedPems[]; error?: string }>) => {
    if (event.data.id !== id) return;
    signerWorker.removeEventListener('message', onMessage);
    if (event.data.issued) resolve(event.data.issued);
    else reject(new Error(event.data.error ?? 'the signing worker failed'));
  };
  signerWorker.addEventListener('message', onMessage);
  signerWorker.postMessage({ id, cas, jobs });
});
const PROGRESS_EVERY_MS = 100;

scope.onmessage = async (event: MessageEvent<GenerateRequest | KeysMessage>) => {
  if (event.data.type === 'keys') {
    supply?.add(event.data.keys);
    return;
  }
  try {
    const { design, options } = event.data;
    const topology = topologyOf(expandDesign(design));
    supply = keySupply(topology.keyAlgorithm, keyCount(topology), event.data.pooled ?? []);
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
