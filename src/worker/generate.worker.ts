/// <reference lib="webworker" />
// Runs key generation and zipping off the main thread, so the page stays responsive.
// Cancelling is terminating this worker: nothing half-made survives it.
import { buildBundleFiles } from '../export/bundle';
import { generatePki } from '../export/generate';
import { zipBundle } from '../export/zip';
import { topologyOf } from '../topology/design';
import { expandDesign } from '../topology/pools';
import type { GenerateMessage, GenerateRequest } from './protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (message: GenerateMessage, transfer: Transferable[] = []) => scope.postMessage(message, transfer);

scope.onmessage = async (event: MessageEvent<GenerateRequest>) => {
  try {
    const topology = topologyOf(expandDesign(event.data.design));
    const pki = await generatePki(topology, {
      onProgress: (done, total) => post({ type: 'progress', done, total }), reuseCas: event.data.reuseCas, keepKeyPairs: event.data.keepKeyPairs,
    });
    const { design, options } = event.data;
    const files = buildBundleFiles(topology, pki, options, design);
    const zip = zipBundle(files, topology.clusterName);
    const certificates = Object.fromEntries([...pki.cas, ...pki.credentials].map(([id, issued]) => [id, issued.certPem]));
    post({ type: 'done', zip, fileName: `${topology.clusterName}-pki.zip`, fileCount: files.length, certificates, kept: [...pki.kept] }, [zip.buffer]);
  } catch (error) {
    post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  }
};
