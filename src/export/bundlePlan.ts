import type { ComponentId, Host, Topology } from '../topology/model';
import type { BundleOptions } from './layouts';

/** What a design file holds, for the README and the script. */
export type SourceKind = 'ca-cert' | 'ca-key' | 'cert' | 'key' | 'kubeconfig' | 'public-key' | 'private-key' | 'pkcs12';

/** One file the design makes, at its design path: every copy in the bundle is a copy of one of these. */
export interface SourceFile {
  readonly path: string;
  readonly kind: SourceKind;
  /** The CA, credential or key pair it belongs to. */
  readonly elementId: string;
  readonly mode: 0o600 | 0o644;
}

/** One file of the zip: where it is, and which design file it is a copy of. */
export interface PlannedFile {
  readonly path: string;
  readonly source: string;
  readonly mode: 0o600 | 0o644;
  /** The folder it belongs to: its prefix in the zip ('' for the bundle's root). */
  readonly folder: string;
}

/** A folder of the bundle: one host's /etc/kubernetes, the workstation's, or the design's own tree. */
export interface PlanFolder {
  /** Its prefix in the zip, ending in '/', or '' for the root. */
  readonly prefix: string;
  /** The hosts (and the workstation) whose files it holds. */
  readonly holds: readonly string[];
}

export interface BundlePlan {
  readonly files: readonly PlannedFile[];
  readonly folders: readonly PlanFolder[];
  readonly sources: ReadonlyMap<string, SourceFile>;
  /** Where a component finds a design file in the zip: the copy in its own host's folder. */
  pathFor(componentId: ComponentId, source: string): string | undefined;
}

/** The design a bundle was made from, saved in it: Import PKI reads it back as it was drawn. */
export const BUNDLE_DESIGN_FILE = 'k8s-tls-design.json';

/**
 * Files a bundle holds beside the plan's (no host's /etc/kubernetes has them, and make-certs.sh
 * does not make them): its explanation, the script, the design, kubeadm's ClusterConfiguration
 * and the manifests for in-cluster servers.
 */
export function isBundleOnly(path: string): boolean {
  return (
    [BUNDLE_DESIGN_FILE, 'README.txt', 'make-certs.sh', 'kubeadm-config.yaml'].includes(path) ||
    path.startsWith('manifests/')
  );
}

/** The folder people use kubectl from: credentials of components outside every host, but for kube-proxy. */
export const WORKSTATION = 'workstation';

/** Where a file lives on its host: kubeadm's other-node files drop their nodes/<name>/ prefix. */
export function onHost(path: string): string {
  return path.replace(/^nodes\/[^/]+\//, '');
}

/**
 * A person's client credential (kubectl users, custom clients outside the cluster): what a
 * PKCS#12 file is made of, for browsers and OS keychains.
 */
export function isPersonal(topology: Topology, credential: Topology['credentials'][number]): boolean {
  const owner = topology.components.find((c) => c.id === credential.ownerId);
  return credential.clientAuth && owner?.hostId === null && (owner.kind === 'admin' || owner.kind === 'custom-client');
}

/** Where a person's PKCS#12 file goes: beside its kubeconfig or certificate, named after it. */
export function pkcs12Path(credential: Topology['credentials'][number]): string {
  return `${(credential.kubeconfig?.file ?? credential.files?.cert ?? credential.label).replace(/\.[^./]*$/, '')}.p12`;
}

/** Every file the design makes, once, at its design path; CA keys left out in external-CA mode. */
export function sourceFiles(topology: Topology, externalCa: boolean, pkcs12 = false): Map<string, SourceFile> {
  const sources = new Map<string, SourceFile>();
  const add = (path: string, kind: SourceKind, elementId: string, mode: 0o600 | 0o644) =>
    sources.set(path, { path, kind, elementId, mode });
  for (const ca of topology.cas) {
    add(ca.certFile, 'ca-cert', ca.id, 0o644);
    if (!externalCa) add(ca.keyFile, 'ca-key', ca.id, 0o600);
  }
  for (const c of topology.credentials) {
    if (c.files) {
      add(c.files.cert, 'cert', c.id, 0o644);
      add(c.files.key, 'key', c.id, 0o600);
    }
    if (c.kubeconfig) add(c.kubeconfig.file, 'kubeconfig', c.id, 0o600);
    if (pkcs12 && isPersonal(topology, c)) add(pkcs12Path(c), 'pkcs12', c.id, 0o600);
  }
  for (const k of topology.keyPairs) {
    add(k.privateFile, 'private-key', k.id, 0o600);
    add(k.publicFile, 'public-key', k.id, 0o644);
  }
  return sources;
}

interface Placement {
  /** A host id, or WORKSTATION. */
  readonly key: string;
  readonly name: string;
  readonly host: Host | null;
  readonly components: ReadonlySet<string>;
  readonly sources: ReadonlySet<string>;
}

/**
 * What each host needs to run its components, as kubeadm's certificate distribution lays it
 * out: its components' own files, the CA certificates they trust, and on a control plane every
 * CA pair and bare key pair (what `kubeadm join --control-plane` copies) and the kubeconfigs
 * kubeadm writes on every control plane. kube-proxy drawn outside the hosts runs on each.
 */
/**
 * Items by each key `keys` gives them, in one pass: how the plan, the README and the wiring index
 * a design, so that a pool of thousands of workers stays linear.
 */
export function groupBy<T, K>(items: Iterable<T>, keys: (item: T) => readonly K[]): Map<K, T[]> {
  const map = new Map<K, T[]>();
  for (const item of items) {
    for (const key of keys(item)) {
      const list = map.get(key);
      if (list) list.push(item);
      else map.set(key, [item]);
    }
  }
  return map;
}

/**
 * CAs that sign only other CAs (an organisation's root above a cluster intermediate): no control
 * plane needs their key, so it stays outside every host's folder, to be kept offline.
 */
export function offlineCas(topology: Topology): Set<string> {
  const signsLeaves = new Set<string>(topology.credentials.map((c) => c.caId));
  const signsCas = new Set<string>(topology.cas.flatMap((ca) => (ca.parentCaId ? [ca.parentCaId] : [])));
  return new Set([...signsCas].filter((id) => !signsLeaves.has(id)));
}

function placements(topology: Topology, sources: ReadonlyMap<string, SourceFile>): Placement[] {
  const credentialsOf = groupBy<Topology['credentials'][number], string>(topology.credentials, (c) => [c.ownerId]);
  const connectionsOf = groupBy<Topology['connections'][number], string>(topology.connections, (c) => [
    c.clientId,
    c.serverId,
  ]);
  const componentsOn = groupBy<Topology['components'][number], string | null>(topology.components, (c) => [c.hostId]);
  const caFile = new Map(topology.cas.map((ca) => [ca.id as string, ca.certFile]));
  const everyNode = (componentsOn.get(null) ?? []).filter((c) => c.kind === 'kube-proxy');
  const firstControlPlane = topology.hosts.find((h) => h.role === 'control-plane');
  const offline = offlineCas(topology);
  const folders = [
    ...topology.hosts.map((host) => ({ key: host.id as string, name: host.name, host })),
    { key: WORKSTATION, name: WORKSTATION, host: null },
  ];
  return folders.map(({ key, name, host }) => {
    const here = host
      ? [...(componentsOn.get(host.id) ?? []), ...everyNode]
      : (componentsOn.get(null) ?? []).filter((c) => !everyNode.includes(c));
    const components = new Set<string>(here.map((c) => c.id));
    const wanted = new Set<string>();
    const want = (path: string | undefined) => path !== undefined && sources.has(path) && wanted.add(path);
    const controlPlane = host?.role === 'control-plane';
    const copied = controlPlane
      ? topology.credentials.filter(
          (c) =>
            c.alsoOn === 'every-control-plane' || (c.alsoOn === 'first-control-plane' && host === firstControlPlane),
        )
      : [];
    for (const c of [...here.flatMap((x) => credentialsOf.get(x.id) ?? []), ...copied])
      [c.files?.cert, c.files?.key, c.kubeconfig?.file, pkcs12Path(c)].forEach(want);
    for (const c of here.flatMap((x) => connectionsOf.get(x.id) ?? [])) {
      if (components.has(c.clientId) && c.clientTrustsCaId) want(caFile.get(c.clientTrustsCaId));
      if (components.has(c.serverId) && c.serverTrustsCaId) want(caFile.get(c.serverTrustsCaId));
    }
    if (controlPlane) {
      topology.cas.forEach((ca) => [ca.certFile, ...(offline.has(ca.id) ? [] : [ca.keyFile])].forEach(want));
      topology.keyPairs.forEach((k) => [k.privateFile, k.publicFile].forEach(want));
    }
    return { key, name, host, components, sources: wanted };
  });
}

/**
 * Where every file of the bundle goes. `per-host`: a folder per host (and `workstation/`), each
 * that host's /etc/kubernetes, complete. `design`: the design's own tree; a host whose files
 * the design puts under `nodes/<name>/` (kubeadm's other nodes) gets that folder complete, and
 * the root holds everything the other hosts and the workstation need. A file no host needs
 * (a CA key in a design with no control plane) stays at its design path. README.txt, the
 * wiring and make-certs.sh are all written from this plan, so they name exactly what the zip holds.
 */
export function bundlePlan(topology: Topology, options: BundleOptions, pkcs12 = false): BundlePlan {
  const sources = sourceFiles(topology, options.externalCa, pkcs12);
  const placed = placements(topology, sources);
  const ownFolder = (p: Placement) =>
    options.layout === 'per-host'
      ? p.sources.size > 0
        ? `${p.name}/`
        : null
      : p.host && [...p.sources].some((s) => s.startsWith(`nodes/${p.name}/`))
        ? `nodes/${p.name}/`
        : '';
  const files = new Map<string, PlannedFile>();
  const put = (folder: string, source: string) => {
    const path = folder === '' ? source : `${folder}${onHost(source)}`;
    const there = files.get(path);
    if (there && there.source !== source)
      throw new Error(`Two files would be written to ${path}: ${there.source} and ${source}. Rename one.`);
    files.set(path, { path, source, mode: sources.get(source)!.mode, folder });
  };
  const folderOf = new Map<string, string>();
  const holds = new Map<string, string[]>();
  for (const p of placed) {
    const folder = ownFolder(p);
    if (folder === null) continue;
    folderOf.set(p.key, folder);
    holds.set(folder, [...(holds.get(folder) ?? []), p.name]);
    for (const s of p.sources) put(folder, s);
  }
  const used = new Set([...files.values()].map((f) => f.source));
  for (const s of sources.keys()) if (!used.has(s)) put('', s);
  if (!holds.has('') && [...files.values()].some((f) => f.folder === '')) holds.set('', []);
  const hostOf = new Map(
    topology.components.map((c) => [
      c.id as string,
      c.hostId ?? (c.kind === 'kube-proxy' ? topology.hosts[0]?.id : null) ?? WORKSTATION,
    ]),
  );
  const order = new Map([...holds.keys()].map((folder, i) => [folder, i]));
  return {
    // Folder by folder, as the README lists them, each in path order.
    files: [...files.values()].sort(
      (a, b) => order.get(a.folder)! - order.get(b.folder)! || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0),
    ),
    folders: [...holds].map(([prefix, names]) => ({ prefix, holds: names })),
    sources,
    pathFor(componentId, source) {
      const folder = folderOf.get(hostOf.get(componentId) ?? WORKSTATION) ?? '';
      const path = folder === '' ? source : `${folder}${onHost(source)}`;
      return files.get(path)?.source === source ? path : [...files.values()].find((f) => f.source === source)?.path;
    },
  };
}
