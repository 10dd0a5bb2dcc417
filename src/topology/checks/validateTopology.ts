import { bundlePathsOf } from '../bundlePaths';
import { caChain, casById, chainsTo } from '../caChain';
import { topologyOf, type Design } from '../design';
import { kubeadmFindings } from './kubeadmRules';
import type { CertificateAuthority, Topology } from '../model';
import { apiIdentities } from './apiIdentity';
import { checkConnection, trustedCaOf, type CheckContext } from './connectionChecks';
import { checkCredential } from './credentialChecks';
import type { Finding } from './finding';
import { indexTopology, type TopologyIndex } from './topologyIndex';

/** For each path, the first of `items` that writes it: the element a duplicate-file finding selects. */
function firstWriters<T>(items: readonly T[], pathsOf: (item: T) => ReadonlyArray<string | undefined>): Map<string, T> {
  const writers = new Map<string, T>();
  for (const item of items) {
    for (const path of pathsOf(item)) if (path !== undefined && !writers.has(path)) writers.set(path, item);
  }
  return writers;
}

/** Files two elements would both write: one would silently replace the other in the zip. */
function duplicateFiles(t: Topology): Finding[] {
  const counts = new Map<string, number>();
  for (const path of bundlePathsOf(t)) counts.set(path, (counts.get(path) ?? 0) + 1);
  const duplicates = [...counts].filter(([, n]) => n > 1);
  if (duplicates.length === 0) return [];
  const credentialOf = firstWriters(t.credentials, (c) => [c.files?.cert, c.files?.key, c.kubeconfig?.file]);
  const caOf = firstWriters(t.cas, (ca) => [ca.certFile, ca.keyFile]);
  return duplicates.map(([path, n]) => {
    const owner = credentialOf.get(path);
    const ca = caOf.get(path);
    return {
      id: `duplicate-file:${path}`,
      severity: 'error' as const,
      check: 'duplicate-file',
      connectionIds: [],
      subject: path,
      target: owner ? { kind: 'credential' as const, id: owner.id } : { kind: 'ca' as const, id: ca?.id ?? '' },
      quote: `${path}: file exists`,
      explanation: `${n} files of the bundle are all called ${path}; only one would survive.`,
    };
  });
}

/** The front-proxy client must not be signed by the CA the API server trusts for ordinary clients. */
function frontProxyApart(t: Topology, index: TopologyIndex): Finding[] {
  const caById = casById(t.cas);
  const clientCas = new Set<string>(
    t.connections
      .filter((c) => index.component(c.serverId)?.kind === 'kube-apiserver')
      .flatMap((c) => (c.serverTrustsCaId ? [c.serverTrustsCaId] : [])),
  );
  return t.connections
    .filter((c) => index.component(c.serverId)?.kind === 'extension-apiserver')
    .flatMap((c) => {
      const cred = index.credential(c.clientCredentialId);
      if (!cred || !chainsTo(cred.caId, clientCas, caById)) return [];
      return [
        {
          id: `front-proxy-ca:${cred.id}`,
          severity: 'warning' as const,
          check: 'front-proxy-ca',
          connectionIds: [c.id],
          subject: cred.label,
          target: { kind: 'credential' as const, id: cred.id },
          quote: 'front-proxy-client is signed by the cluster CA',
          explanation:
            'kubeadm keeps a separate front-proxy CA so that front-proxy identities cannot call the API and ordinary client certificates cannot pose as the front proxy.',
        },
      ];
    });
}

/** What each side of a connection trusts, when it is not the design's one CA (a CA rotation's phase). */
export interface TrustOverride {
  readonly trusted: CheckContext['trusted'];
  readonly trustName: CheckContext['trustName'];
}

/** Every finding of a design's plan: handshakes, identities, lifetimes and the bundle's files. */
export function validateTopology(topology: Topology, presetId: string | null = null, trust?: TrustOverride): Finding[] {
  const index = indexTopology(topology);
  // A design can repeat an id (two workers of the same name): these maps keep its last element
  // and the index its first, as the checks always have, so that no finding changes.
  const components = new Map(topology.components.map((c) => [c.id as string, c]));
  const hosts = new Map(topology.hosts.map((h) => [h.id as string, h]));
  const credentials = new Map(topology.credentials.map((c) => [c.id as string, c]));
  const cas = new Map(topology.cas.map((ca) => [ca.id as string, ca]));
  const caById = casById(topology.cas);
  const chains = new Map<string, readonly CertificateAuthority[]>();
  const designTrust = (id: string | null): ReadonlySet<string> => new Set(id === null ? [] : [id]);
  const ctx: CheckContext = {
    topology,
    presetId,
    index,
    chain: (caId) => chains.get(caId) ?? chains.set(caId, caChain(caId, caById)).get(caId)!,
    trusted: trust?.trusted ?? ((c, side) => designTrust(trustedCaOf(c, side))),
    trustName: trust?.trustName ?? ((c, side) => ctx.caName(trustedCaOf(c, side))),
    component: (id) => components.get(id),
    credential: (id) => (id === null ? undefined : credentials.get(id)),
    caName: (id) => (id === null ? 'no CA' : (cas.get(id)?.name ?? 'a missing CA')),
    name: (id) => {
      const c = components.get(id);
      const host = c?.hostId ? hosts.get(c.hostId) : undefined;
      return c ? (host ? `${c.name} (${host.name})` : c.name) : id;
    },
  };
  return [
    ...topology.connections.flatMap((c) => checkConnection(c, ctx)),
    ...topology.credentials.flatMap((c) => checkCredential(c, ctx)),
    ...frontProxyApart(topology, index),
    ...apiIdentities(topology, index),
    ...duplicateFiles(topology),
  ];
}

/** Every finding of a design: its topology's, and kubeadm's own rules. The Problems panel and `check` list these. */
export function designFindings(design: Design, topology: Topology = topologyOf(design)): Finding[] {
  return [...validateTopology(topology, design.presetId), ...kubeadmFindings(design)];
}
