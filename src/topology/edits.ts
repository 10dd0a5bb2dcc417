import { subjectOf } from '../pki/profile';
import type { ConnectionPatch, CredentialPatch, Design, DesignEdits } from './design';
import { topologyOf } from './design';
import type { CaId, CertificateAuthority, Component, ComponentId, ConnectionId, Credential, CredentialId, HostId, TlsConnection } from './model';
import { CA_COLORS, type NodeParams } from './presetParams';

/** A pure change to a design; the store keeps the designs before and after for undo. */
export type DesignEdit = (design: Design) => Design;

const withEdits = (design: Design, edits: Partial<DesignEdits>): Design => ({ ...design, edits: { ...design.edits, ...edits } });

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

/** The next free IPv4 address after the highest one in use (by last octet, within its /24). */
export function nextIp(ips: readonly string[]): string {
  const last = ips.at(-1) ?? '192.168.56.9';
  const parts = last.split('.').map(Number);
  for (let octet = (parts[3] ?? 9) + 1; octet < 255; octet++) {
    const candidate = [...parts.slice(0, 3), octet].join('.');
    if (!ips.includes(candidate)) return candidate;
  }
  throw new Error(`No free address left after ${last}`);
}

function allNodes(design: Design): NodeParams[] {
  return [...design.params.controlPlane, ...design.params.workers];
}

export const addWorker: DesignEdit = (design) => {
  const nodes = allNodes(design);
  const workers = design.params.workers;
  const node = { name: nextName(workers.map((w) => w.name), 'node'), ip: nextIp(nodes.map((n) => n.ip)) };
  return { ...design, params: { ...design.params, workers: [...workers, node] } };
};

export const addControlPlane: DesignEdit = (design) => {
  const nodes = allNodes(design);
  const cps = design.params.controlPlane;
  const node = { name: nextName(cps.map((n) => n.name), 'controlplane'), ip: nextIp(nodes.map((n) => n.ip)) };
  return { ...design, params: { ...design.params, controlPlane: [...cps, node] } };
};

/** Removes a node with everything on it; the last control-plane node stays. */
export function removeHost(hostName: string): DesignEdit {
  return (design) => {
    const controlPlane = design.params.controlPlane.filter((n) => n.name !== hostName);
    if (controlPlane.length === 0) throw new Error('A cluster needs at least one control-plane node.');
    return { ...design, params: { ...design.params, controlPlane, workers: design.params.workers.filter((n) => n.name !== hostName) } };
  };
}

/** Renames a node, or moves it to another address. */
export function updateNode(hostName: string, node: NodeParams): DesignEdit {
  return (design) => {
    const replace = (list: readonly NodeParams[]) => list.map((n) => (n.name === hostName ? node : n));
    return { ...design, params: { ...design.params, controlPlane: replace(design.params.controlPlane), workers: replace(design.params.workers) } };
  };
}

/** Paths are flat for the flat presets and under pki/ for kubeadm's tree. */
function pathFor(design: Design, base: string): string {
  return design.presetId === 'kubeadm' ? `pki/${base}` : base;
}

export const addCa: DesignEdit = (design) => {
  const topology = topologyOf(design);
  const names = topology.cas.map((ca) => ca.id.replace(/^ca:/, ''));
  const key = nextName(names.filter((n) => n.startsWith('custom-ca')), 'custom-ca');
  const ca: CertificateAuthority = {
    id: `ca:${key}` as CaId, name: `New CA ${key.replace(/\D/g, '') || '1'}`,
    certFile: pathFor(design, `${key}.crt`), keyFile: pathFor(design, `${key}.key`), subject: subjectOf(key), dnsNames: [],
    validityDays: design.params.caValidityDays, color: CA_COLORS[topology.cas.length % CA_COLORS.length]!,
  };
  return withEdits(design, { cas: [...design.edits.cas, ca] });
};

export function updateCredential(id: CredentialId, patch: CredentialPatch): DesignEdit {
  return (design) => {
    const added = design.edits.addedCredentials.find((c) => c.id === id);
    if (added) {
      return withEdits(design, { addedCredentials: design.edits.addedCredentials.map((c) => (c.id === id ? { ...c, ...patch } : c)) });
    }
    return withEdits(design, { credentials: { ...design.edits.credentials, [id]: { ...design.edits.credentials[id], ...patch } } });
  };
}

export function updateConnection(id: ConnectionId, patch: ConnectionPatch): DesignEdit {
  return (design) => {
    if (design.edits.addedConnections.some((c) => c.id === id)) {
      return withEdits(design, { addedConnections: design.edits.addedConnections.map((c) => (c.id === id ? { ...c, ...patch } : c)) });
    }
    return withEdits(design, { connections: { ...design.edits.connections, [id]: { ...design.edits.connections[id], ...patch } } });
  };
}

export function updateCa(id: CaId, patch: Partial<Pick<CertificateAuthority, 'name' | 'certFile' | 'keyFile' | 'subject' | 'validityDays'>>): DesignEdit {
  return (design) => {
    if (!design.edits.cas.some((ca) => ca.id === id)) throw new Error('Only CAs you added can be edited here for now.');
    return withEdits(design, { cas: design.edits.cas.map((ca) => (ca.id === id ? { ...ca, ...patch } : ca)) });
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

function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'component';
}

/** A generic server (metrics-server, an ingress controller) or client, with its own credential. */
export function addCustomComponent(role: 'server' | 'client', name: string, hostId: HostId | null): DesignEdit {
  return (design) => {
    const topology = topologyOf(design);
    const base = slug(name);
    const taken = topology.components.map((c) => c.id as string);
    let key = base;
    for (let n = 2; taken.includes(key); n++) key = `${base}-${n}`;
    const component: Component = { id: key as ComponentId, kind: role === 'server' ? 'custom-server' : 'custom-client', name, hostId };
    const ca = topology.cas[0];
    if (!ca) throw new Error('Add a CA first: a component needs one to sign its certificate.');
    const host = topology.hosts.find((h) => h.id === hostId);
    const credential: Credential = {
      id: `cred:${key}` as CredentialId, ownerId: component.id, label: `${key}.crt`,
      files: { cert: pathFor(design, `${key}.crt`), key: pathFor(design, `${key}.key`) }, kubeconfig: null, caId: ca.id,
      subject: subjectOf(key), dnsNames: role === 'server' ? [key] : [], ipAddresses: role === 'server' && host ? [host.ip] : [],
      serverAuth: role === 'server', clientAuth: role === 'client', validityDays: design.params.leafValidityDays,
      purpose: `${name}'s own ${role} certificate.`, usedBy: [`${name} --tls-cert-file, --tls-private-key-file`],
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
    const owned = (ownerId: ComponentId, use: 'serverAuth' | 'clientAuth') =>
      topology.credentials.find((c) => c.ownerId === ownerId && c[use]);
    const clientCred = owned(clientId, 'clientAuth');
    const serverCred = owned(serverId, 'serverAuth');
    const server = topology.components.find((c) => c.id === serverId);
    const host = topology.hosts.find((h) => h.id === server?.hostId);
    const connection: TlsConnection = {
      id, clientId, serverId, clientCredentialId: clientCred?.id ?? null, serverCredentialId: serverCred?.id ?? null,
      clientTrustsCaId: serverCred?.caId ?? null, serverTrustsCaId: clientCred?.caId ?? null,
      address: serverCred?.dnsNames[0] ?? host?.ip ?? '127.0.0.1', port: server?.kind === 'kube-apiserver' ? 6443 : 443,
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
    if (topology.cas.some((ca) => ca.id === id) && topology.credentials.some((c) => c.caId === id)) {
      throw new Error('This CA still signs credentials: move them to another CA first.');
    }
    const edits = design.edits;
    const wasAdded = [edits.cas, edits.components, edits.addedCredentials, edits.addedConnections].some((list) => list.some((x) => x.id === id));
    if (!wasAdded) return withEdits(design, { removed: [...edits.removed, id] });
    return withEdits(design, {
      cas: edits.cas.filter((x) => x.id !== id),
      components: edits.components.filter((x) => x.id !== id),
      addedCredentials: edits.addedCredentials.filter((x) => x.id !== id && x.ownerId !== id),
      addedConnections: edits.addedConnections.filter((x) => x.id !== id && x.clientId !== id && x.serverId !== id),
    });
  };
}
