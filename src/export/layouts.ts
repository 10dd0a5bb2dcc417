import type { Topology } from '../topology/model';
import type { BundleFile } from './bundleFile';

export type Layout = 'design' | 'per-host';

export interface BundleOptions {
  /** `design`: the preset's tree (kubeadm's pki/, flat names otherwise); `per-host`: a folder per machine. */
  readonly layout: Layout;
  /** Leave every CA private key out: kubeadm's external-CA mode. */
  readonly externalCa: boolean;
}

export const DEFAULT_BUNDLE_OPTIONS: BundleOptions = { layout: 'design', externalCa: false };

/** Where a file lives on its host: kubeadm's other-node files drop their nodes/<name>/ prefix. */
function onHost(path: string): string {
  return path.replace(/^nodes\/[^/]+\//, '');
}

/** The folder people use kubectl from: credentials of components outside every host, but for kube-proxy. */
const WORKSTATION = 'workstation';

/**
 * Rearranges the design's files into one folder per host, each holding only what that host's
 * components present or trust: a worker gets its own kubelet's pair and CA certificates, never a
 * CA key or another node's key. CA keys and service-account keys go to control-plane hosts.
 */
export function perHostFiles(topology: Topology, files: readonly BundleFile[]): BundleFile[] {
  const byPath = new Map(files.map((f) => [f.path, f]));
  const out: BundleFile[] = [];
  const put = (folder: string, path: string) => {
    const file = byPath.get(path);
    if (file) out.push({ ...file, path: `${folder}/${onHost(path)}` });
  };
  const hostOf = new Map(topology.components.map((c) => [c.id as string, c.hostId as string | null]));
  const everyNode = new Set(topology.components.filter((c) => c.hostId === null && c.kind === 'kube-proxy').map((c) => c.id as string));
  const folders = [...topology.hosts.map((h) => ({ id: h.id as string, name: h.name, controlPlane: h.role === 'control-plane' })),
    { id: WORKSTATION, name: WORKSTATION, controlPlane: false }];
  for (const folder of folders) {
    const here = (componentId: string) =>
      folder.id === WORKSTATION ? hostOf.get(componentId) === null && !everyNode.has(componentId)
        : hostOf.get(componentId) === folder.id || everyNode.has(componentId);
    const trusted = new Set<string>();
    for (const c of topology.connections) {
      if (here(c.clientId) && c.clientTrustsCaId) trusted.add(c.clientTrustsCaId);
      if (here(c.serverId) && c.serverTrustsCaId) trusted.add(c.serverTrustsCaId);
    }
    for (const credential of topology.credentials.filter((c) => here(c.ownerId))) {
      if (credential.files) {
        put(folder.name, credential.files.cert);
        put(folder.name, credential.files.key);
      }
      if (credential.kubeconfig) put(folder.name, credential.kubeconfig.file);
    }
    for (const ca of topology.cas) {
      if (trusted.has(ca.id) || folder.controlPlane) put(folder.name, ca.certFile);
      if (folder.controlPlane) put(folder.name, ca.keyFile);
    }
    if (folder.controlPlane) for (const pair of topology.keyPairs) [pair.privateFile, pair.publicFile].forEach((p) => put(folder.name, p));
  }
  // Folders that received nothing (a workstation with no kubectl user) are simply absent.
  return out;
}
