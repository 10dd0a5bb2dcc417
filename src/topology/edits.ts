import { subjectOf } from '../pki/profile';
import type { CanvasPoint, CaPatch, ConnectionPatch, CredentialPatch, Design, DesignEdits } from './design';
import { NO_EDITS, topologyOf, withCaPatch } from './design';
import type {
  CaId,
  CertificateAuthority,
  Component,
  ComponentId,
  ConnectionId,
  Credential,
  CredentialId,
  HostId,
  TlsConnection,
} from './model';
import { httpsUrl, ipv4ToNumber, isIpv4 } from './network';
import { addToIpv4, poolMembers } from './pools';
import { CA_COLORS, type NodeParams } from './presetParams';
import { bundlePathsOf } from './bundlePaths';
import { caChain, casById } from './caChain';

/** A pure change to a design; the store keeps the designs before and after for undo. */
export type DesignEdit = (design: Design) => Design;

const withEdits = (design: Design, edits: Partial<DesignEdits>): Design => ({
  ...design,
  edits: { ...design.edits, ...edits },
});

/** The next name in a series: node02 -> node03, node-1 -> node-2, worker -> worker-2; never one in use. */
export function nextName(names: readonly string[], fallback: string): string {
  const last = names.at(-1) ?? `${fallback}0`;
  const match = /^(.*?)(\d+)$/.exec(last);
  const stem = match ? match[1]! : `${last}-`;
  const width = match ? match[2]!.length : 1;
  for (let n = match ? Number(match[2]) + 1 : 2; ; n++) {
    const candidate = `${stem}${String(n).padStart(width, '0')}`;
    if (!names.includes(candidate)) return candidate;
  }
}

/** The IPv4 address after the highest one in use (pool members count as in use). */
export function nextIp(ips: readonly string[]): string {
  const v4 = ips.filter(isIpv4);
  if (v4.length === 0) {
    if (ips.length > 0)
      throw new Error(
        'New nodes get the next IPv4 address, and this cluster has none: set the address in the inspector.',
      );
    return '192.168.56.10';
  }
  const highest = v4.reduce((a, b) => (ipv4ToNumber(b) > ipv4ToNumber(a) ? b : a));
  // Skip .0 and .255: in the usual /24 they are the network and broadcast addresses.
  let next = addToIpv4(highest, 1);
  while (/\.(0|255)$/.test(next)) next = addToIpv4(next, 1);
  return next;
}

function allNodes(design: Design): NodeParams[] {
  return [...design.params.controlPlane, ...design.params.workers];
}

/** Every address the nodes use, each pool member included. */
export function usedIps(design: Design): string[] {
  return allNodes(design).flatMap((n) => poolMembers({ name: n.name, ip: n.ip, poolSize: n.count }).map((m) => m.ip));
}

export const addWorker: DesignEdit = (design) => {
  const workers = design.params.workers;
  const node = {
    name: nextName(
      workers.map((w) => w.name),
      'node',
    ),
    ip: nextIp(usedIps(design)),
  };
  return { ...design, params: { ...design.params, workers: [...workers, node] } };
};

export const addControlPlane: DesignEdit = (design) => {
  const cps = design.params.controlPlane;
  const node = {
    name: nextName(
      cps.map((n) => n.name),
      'controlplane',
    ),
    ip: nextIp(usedIps(design)),
  };
  return { ...design, params: { ...design.params, controlPlane: [...cps, node] } };
};

/** Removes a node with everything on it, components a person added there too; the last control-plane node stays. */
export function removeHost(hostName: string): DesignEdit {
  return (design) => {
    const controlPlane = design.params.controlPlane.filter((n) => n.name !== hostName);
    if (controlPlane.length === 0) throw new Error('A cluster needs at least one control-plane node.');
    const hostId = `host:${hostName}`;
    const gone = new Set<string>(design.edits.components.filter((c) => c.hostId === hostId).map((c) => c.id));
    const next = {
      ...design,
      params: { ...design.params, controlPlane, workers: design.params.workers.filter((n) => n.name !== hostName) },
    };
    return withEdits(next, {
      components: design.edits.components.filter((c) => !gone.has(c.id)),
      addedCredentials: design.edits.addedCredentials.filter((c) => !gone.has(c.ownerId)),
      addedConnections: design.edits.addedConnections.filter((c) => !gone.has(c.clientId) && !gone.has(c.serverId)),
    });
  };
}

function elementIds(design: Design): string[] {
  const t = topologyOf(design);
  return [...t.hosts, ...t.components, ...t.credentials, ...t.connections].map((x) => x.id as string);
}

/** Re-keys every edit that names an element by id, after the elements' ids changed. */
function renameIds(edits: DesignEdits, rename: ReadonlyMap<string, string>): DesignEdits {
  const r = <T extends string | null>(id: T): T => (id === null ? id : ((rename.get(id) ?? id) as T));
  const keys = <V>(record: Readonly<Record<string, V>>) =>
    Object.fromEntries(Object.entries(record).map(([k, v]) => [r(k), v]));
  return {
    ...edits,
    ...(edits.positions ? { positions: keys(edits.positions) } : {}),
    credentials: keys(edits.credentials),
    connections: keys(edits.connections),
    removed: edits.removed.map(r),
    components: edits.components.map((c) => ({ ...c, hostId: r(c.hostId) })),
    addedCredentials: edits.addedCredentials.map((c) => ({ ...c, ownerId: r(c.ownerId) })),
    addedConnections: edits.addedConnections.map((c) => ({
      ...c,
      clientId: r(c.clientId),
      serverId: r(c.serverId),
      clientCredentialId: r(c.clientCredentialId),
      serverCredentialId: r(c.serverCredentialId),
    })),
  };
}

/**
 * Renames a node, moves it to another address or resizes a pool. Ids built from the node's
 * name change with it; the preset builds elements in a fixed order, so old and new ids line
 * up one for one and every edit follows its element.
 */
export function updateNode(hostName: string, node: NodeParams): DesignEdit {
  return (design) => {
    const replace = (list: readonly NodeParams[]) => list.map((n) => (n.name === hostName ? node : n));
    const next = {
      ...design,
      params: {
        ...design.params,
        controlPlane: replace(design.params.controlPlane),
        workers: replace(design.params.workers),
      },
    };
    if (node.name === hostName) return next;
    const before = elementIds({ ...design, edits: NO_EDITS });
    const after = elementIds({ ...next, edits: NO_EDITS });
    const rename = new Map(before.map((id, i): [string, string] => [id, after[i] ?? id]).filter(([a, b]) => a !== b));
    return { ...next, edits: renameIds(design.edits, rename) };
  };
}

/** Paths are flat for the flat presets and under pki/ for kubeadm's tree. */
function pathFor(design: Design, base: string): string {
  return design.presetId === 'kubeadm' ? `pki/${base}` : base;
}

function unusedColor(used: readonly string[]): string {
  return CA_COLORS.find((c) => !used.includes(c)) ?? CA_COLORS[used.length % CA_COLORS.length]!;
}

export const addCa: DesignEdit = (design) => {
  const topology = topologyOf(design);
  const names = topology.cas.map((ca) => ca.id.replace(/^ca:/, ''));
  const key = nextName(
    names.filter((n) => n.startsWith('custom-ca')),
    'custom-ca',
  );
  const ca: CertificateAuthority = {
    id: `ca:${key}` as CaId,
    name: `New CA ${key.replace(/\D/g, '') || '1'}`,
    certFile: pathFor(design, `${key}.crt`),
    keyFile: pathFor(design, `${key}.key`),
    subject: subjectOf(key),
    dnsNames: [],
    validityDays: design.params.caValidityDays,
    color: unusedColor(topology.cas.map((c) => c.color)),
  };
  return withEdits(design, { cas: [...design.edits.cas, ca] });
};

export function updateCredential(id: CredentialId, patch: CredentialPatch): DesignEdit {
  return (design) => {
    const added = design.edits.addedCredentials.find((c) => c.id === id);
    if (added) {
      return withEdits(design, {
        addedCredentials: design.edits.addedCredentials.map((c) => (c.id === id ? { ...c, ...patch } : c)),
      });
    }
    return withEdits(design, {
      credentials: { ...design.edits.credentials, [id]: { ...design.edits.credentials[id], ...patch } },
    });
  };
}

/**
 * Changes a connection. A client with a kubeconfig dials its `server:` URL, so a new address
 * or port is written there too: the kubeconfig and the drawing never disagree.
 */
export function updateConnection(id: ConnectionId, patch: ConnectionPatch): DesignEdit {
  return (design) => {
    const next = patchConnection(id, patch)(design);
    if (patch.address === undefined && patch.port === undefined) return next;
    const topology = topologyOf(next);
    const connection = topology.connections.find((c) => c.id === id);
    const client = topology.credentials.find((c) => c.id === connection?.clientCredentialId);
    if (!connection || !client?.kubeconfig) return next;
    const server = httpsUrl(connection.address, connection.port);
    return server === client.kubeconfig.server
      ? next
      : updateCredential(client.id, { kubeconfig: { ...client.kubeconfig, server } })(next);
  };
}

function patchConnection(id: ConnectionId, patch: ConnectionPatch): DesignEdit {
  return (design) => {
    if (design.edits.addedConnections.some((c) => c.id === id)) {
      return withEdits(design, {
        addedConnections: design.edits.addedConnections.map((c) => (c.id === id ? { ...c, ...patch } : c)),
      });
    }
    return withEdits(design, {
      connections: { ...design.edits.connections, [id]: { ...design.edits.connections[id], ...patch } },
    });
  };
}

export function updateCa(id: CaId, patch: CaPatch): DesignEdit {
  return (design) => {
    if (design.edits.cas.some((ca) => ca.id === id)) {
      return withEdits(design, { cas: design.edits.cas.map((ca) => (ca.id === id ? withCaPatch(ca, patch) : ca)) });
    }
    return withEdits(design, {
      caPatches: { ...design.edits.caPatches, [id]: { ...design.edits.caPatches[id], ...patch } },
    });
  };
}

/**
 * Has `caId` sign a credential. Connections that verified this credential against its old CA
 * are pointed at the new one, so the design keeps handshaking (the component's CA file now
 * holds the new CA).
 */
export function moveCredentialToCa(credentialId: CredentialId, caId: CaId): DesignEdit {
  return (design) => {
    const topology = topologyOf(design);
    const credential = topology.credentials.find((c) => c.id === credentialId);
    if (!credential) throw new Error(`No credential ${credentialId}`);
    if (!topology.cas.some((ca) => ca.id === caId)) throw new Error(`No CA ${caId}`);
    let next = updateCredential(credentialId, { caId })(design);
    for (const c of topology.connections) {
      if (c.serverCredentialId === credentialId && c.clientTrustsCaId === credential.caId) {
        next = updateConnection(c.id, { clientTrustsCaId: caId })(next);
      }
      if (c.clientCredentialId === credentialId && c.serverTrustsCaId === credential.caId) {
        next = updateConnection(c.id, { serverTrustsCaId: caId })(next);
      }
    }
    return next;
  };
}

/** The component's key: one DNS label (at most 63), since it names the certificate's CN, SAN and files. */
function slug(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .slice(0, 56)
      .replace(/^-+|-+$/g, '') || 'component'
  );
}

/** A generic server (metrics-server, an ingress controller) or client, with its own credential. */
export function addCustomComponent(role: 'server' | 'client', name: string, hostId: HostId | null): DesignEdit {
  return (design) => {
    const topology = topologyOf(design);
    const base = slug(name);
    // The key names the component, its credential and its files: none may clash, removed ones included.
    const taken = new Set<string>([
      ...topology.components.map((c) => c.id as string),
      ...design.edits.removed,
      ...topology.credentials.map((c) => c.id.replace(/^cred:/, '')),
      ...bundlePathsOf(topology).map((p) => p.replace(/^.*\//, '').replace(/\.[^.]*$/, '')),
    ]);
    let key = base;
    for (let n = 2; taken.has(key) || taken.has(`cred:${key}`); n++) key = `${base}-${n}`;
    const component: Component = {
      id: key as ComponentId,
      kind: role === 'server' ? 'custom-server' : 'custom-client',
      name,
      hostId,
    };
    const ca = topology.cas[0];
    if (!ca) throw new Error('Add a CA first: a component needs one to sign its certificate.');
    const host = topology.hosts.find((h) => h.id === hostId);
    const credential: Credential = {
      id: `cred:${key}` as CredentialId,
      ownerId: component.id,
      label: `${key}.crt`,
      files: { cert: pathFor(design, `${key}.crt`), key: pathFor(design, `${key}.key`) },
      kubeconfig: null,
      caId: ca.id,
      subject: subjectOf(key),
      dnsNames: role === 'server' ? [key] : [],
      ipAddresses: role === 'server' && host ? [host.ip] : [],
      serverAuth: role === 'server',
      clientAuth: role === 'client',
      validityDays: design.params.leafValidityDays,
      purpose: `${name}'s own ${role} certificate.`,
      usedBy: [`${name} --tls-cert-file, --tls-private-key-file`],
    };
    return withEdits(design, {
      components: [...design.edits.components, component],
      addedCredentials: [...design.edits.addedCredentials, credential],
    });
  };
}

/** A new TLS connection from a client to a server, with the credentials and trust they most likely use. */
export function connect(clientId: ComponentId, serverId: ComponentId): DesignEdit {
  return (design) => {
    const topology = topologyOf(design);
    if (clientId === serverId) throw new Error('A component does not connect to itself.');
    const id = `conn:${clientId}->${serverId}` as ConnectionId;
    if (topology.connections.some((c) => c.id === id)) throw new Error('These two are already connected.');
    // Reconnecting a pair whose preset connection was removed brings that connection back.
    if (design.edits.removed.includes(id))
      return withEdits(design, { removed: design.edits.removed.filter((r) => r !== id) });
    const owned = (ownerId: ComponentId, use: 'serverAuth' | 'clientAuth') =>
      topology.credentials.find((c) => c.ownerId === ownerId && c[use]);
    const clientCred = owned(clientId, 'clientAuth');
    const serverCred = owned(serverId, 'serverAuth');
    const server = topology.components.find((c) => c.id === serverId);
    const host = topology.hosts.find((h) => h.id === server?.hostId);
    // Each side trusts the root the other's certificate chains to: every TLS library accepts a root as the anchor.
    const caById = casById(topology.cas);
    const rootOf = (caId: CaId) => (caChain(caId, caById).at(-1)?.id ?? caId) as CaId;
    const connection: TlsConnection = {
      id,
      clientId,
      serverId,
      clientCredentialId: clientCred?.id ?? null,
      serverCredentialId: serverCred?.id ?? null,
      clientTrustsCaId: serverCred ? rootOf(serverCred.caId) : null,
      serverTrustsCaId: clientCred ? rootOf(clientCred.caId) : null,
      address: serverCred?.dnsNames[0] ?? host?.ip ?? '127.0.0.1',
      port: server?.kind === 'kube-apiserver' ? 6443 : 443,
      label: `${topology.components.find((c) => c.id === clientId)?.name ?? clientId} -> ${server?.name ?? serverId}`,
    };
    return withEdits(design, { addedConnections: [...design.edits.addedConnections, connection] });
  };
}

/** Removes a component, connection, credential or an unused CA; preset elements are remembered as removed. */
export function removeElement(id: string): DesignEdit {
  return (design) => {
    const topology = topologyOf(design);
    const host = topology.hosts.find((h) => h.id === id);
    if (host) return removeHost(host.name)(design);
    if (topology.cas.some((ca) => ca.id === id)) {
      if (topology.credentials.some((c) => c.caId === id))
        throw new Error('This CA still signs credentials: move them to another CA first.');
      if (topology.cas.some((ca) => ca.parentCaId === id))
        throw new Error('This CA still signs other CAs: have them signed by another CA (or make them roots) first.');
      if (topology.connections.some((c) => c.clientTrustsCaId === id || c.serverTrustsCaId === id)) {
        throw new Error('Connections still trust this CA: point them at another CA first.');
      }
    }
    const edits = design.edits;
    const wasAdded = [edits.cas, edits.components, edits.addedCredentials, edits.addedConnections].some((list) =>
      list.some((x) => x.id === id),
    );
    if (!wasAdded) return withEdits(design, { removed: [...edits.removed, id] });
    return withEdits(design, {
      cas: edits.cas.filter((x) => x.id !== id),
      components: edits.components.filter((x) => x.id !== id),
      addedCredentials: edits.addedCredentials.filter((x) => x.id !== id && x.ownerId !== id),
      addedConnections: edits.addedConnections.filter((x) => x.id !== id && x.clientId !== id && x.serverId !== id),
    });
  };
}

/** Keeps a box (host, CA, component outside every host) where the person dragged it. */
export function placeOnCanvas(id: string, at: CanvasPoint): DesignEdit {
  return (design) =>
    withEdits(design, { positions: { ...design.edits.positions, [id]: { x: Math.round(at.x), y: Math.round(at.y) } } });
}

/** Forgets every placement: the whole diagram is laid out by its bands again. */
export const tidyUp: DesignEdit = (design) => {
  if (!design.edits.positions || Object.keys(design.edits.positions).length === 0) return design;
  const edits: DesignEdits = { ...design.edits };
  delete (edits as { positions?: unknown }).positions;
  return { ...design, edits };
};

/** Changes preset parameters (key algorithm, validity, names and addresses) under the edits. */
export function updateParams(patch: Partial<Design['params']>): DesignEdit {
  return (design) => ({ ...design, params: { ...design.params, ...patch } });
}
