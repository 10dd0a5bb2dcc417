import { NO_EDITS, topologyOf, type CredentialPatch, type Design } from '../topology/design';
import { describeProblem, designProblem } from '../topology/designRules';
import { nextIp, updateCa, updateCredential } from '../topology/edits';
import { checkDnsDomain, checkEndpoint, checkNodeName } from '../topology/fieldRules';
import type { CaId, CredentialId } from '../topology/model';
import {
  endpointHost,
  endpointPort,
  firstServiceIp,
  ipv4NetworkOf,
  isIpv4,
  isIpv6,
  numberToIpv4,
} from '../topology/network';
import type { NodeParams, PresetParams } from '../topology/presetParams';
import { KUBEADM_DEFAULTS } from '../topology/presets/kubeadm';
import { x509 } from '../pki/x509';
import { classify, type FoundCert } from './importedFiles';
import { BUNDLE_DESIGN_FILE } from './bundlePlan';
import { importOwnBundle } from './importOwnBundle';
import { matchKeys, publicKeyIdentity } from './importKeys';
import { IMPORT_LIMITS, inputsProblem } from './importLimits';
import { normalisePath, pathProblem, stripCommonFolder, type FileEntry, type Rejection } from './importPaths';
import { isZip, readZip, type ImportRoom } from './importZip';
import { shown } from './reportText';
import { issuerResolver } from './importChain';
import { hardwayCa, importHardway, withKeyFiles } from './importHardway';
import { provenDesign } from './importProven';
import { withImportedRoots } from './importRoots';
import { k3sLayoutOf, k3sRefusal } from './importK3s';
import { asPkiPath, isKubesprayPath, KUBESPRAY_LAYOUT, underKubesprayDir } from './importKubespray';

export { importPrivateKeyPem } from './importKeys';

export interface ImportInput {
  readonly name: string;
  readonly bytes: Uint8Array;
}
export interface ImportReport {
  /**
   * Why the import is refused as a whole (too many files, nothing recognised, a design the
   * field rules refuse), or null. When set, `design` is kubeadm's default and no certificate or
   * CA key is kept: the person's current design stays open.
   */
  readonly refused: string | null;
  /** A kubeadm design recognised from the files: node name, advertise IP, endpoint, cluster name, SANs. */
  readonly design: Design;
  /** Certificates by element id (CA ids and credential ids of topologyOf(design)). */
  readonly certificates: Readonly<Record<string, string>>;
  readonly recognised: ReadonlyArray<{ readonly path: string; readonly role: string; readonly elementId: string }>;
  /**
   * Each private key found, and the element whose certificate it matches: an element id,
   * `file:<path>` for a certificate with no role here, or null when it matches none.
   */
  readonly keys: ReadonlyArray<{ readonly path: string; readonly matches: string | null }>;
  /**
   * Private keys of the imported CAs, by CA id: kept in memory only, so that the leaves can be
   * re-signed by the CA the cluster already trusts.
   */
  readonly caKeys: Readonly<Record<string, string>>;
  /**
   * Bare key pairs found whole (the service-account pair), by key-pair id, as their files were:
   * a re-issue writes them back unchanged unless the person chooses to rotate them.
   */
  readonly keyPairs: Readonly<Record<string, { readonly privatePem: string; readonly publicPem: string }>>;
  /** Each leaf's private key, by credential id, in memory only: a renewal may keep it. */
  readonly leafKeys?: Readonly<Record<string, string>>;
  /**
   * Private keys read at import but no longer held (a reload: a private key is never stored in
   * the browser), by CA and key-pair id. Re-signing with them or keeping them needs the files again.
   */
  readonly notKept?: { readonly caKeys: readonly string[]; readonly keyPairs: readonly string[] };
  /** Files that could not be read, with the reason in one sentence (values shown on one line, control characters as codes). */
  readonly rejected: ReadonlyArray<Rejection>;
  /** Readable certificates that fit no role of the design, with why when the layout says. */
  readonly unassigned: ReadonlyArray<{ readonly path: string; readonly subject: string; readonly reason?: string }>;
  /** The tool whose layout the certificates show, by what they say ("kubeadm", "Kubernetes The Hard Way (cfssl edition)"). */
  readonly layout?: string;
  /** What the files do not say and the design took from the preset, one line each. */
  readonly filledIn?: readonly string[];
  /** Components of the preset the files do not prove, left out of the drawing (and so of any bundle), with why. */
  readonly notDrawn?: readonly string[];
}

/** A role of the kubeadm tree: `node` null for the init node's files and the node-less ones. */
interface RoleMatch {
  readonly found: FoundCert;
  readonly role: string;
  readonly node: string | null;
}

/** CA roles: file under pki/ -> CA id key. */
const CA_FILES: Record<string, string> = {
  'pki/ca.crt': 'ca',
  'pki/etcd/ca.crt': 'etcd-ca',
  'pki/front-proxy-ca.crt': 'front-proxy-ca',
};
const CA_CNS: Record<string, string> = { kubernetes: 'ca', 'etcd-ca': 'etcd-ca', 'front-proxy-ca': 'front-proxy-ca' };
/** Per-node roles by their path relative to the node's /etc/kubernetes. */
const NODE_FILES: Record<string, string> = {
  'pki/apiserver.crt': 'apiserver',
  'pki/apiserver-kubelet-client.crt': 'apiserver-kubelet-client',
  'pki/apiserver-etcd-client.crt': 'apiserver-etcd-client',
  'pki/front-proxy-client.crt': 'front-proxy-client',
  'pki/etcd/server.crt': 'etcd-server',
  'pki/etcd/peer.crt': 'etcd-peer',
  'pki/etcd/healthcheck-client.crt': 'etcd-healthcheck-client',
  'controller-manager.conf': 'controller-manager.conf',
  'scheduler.conf': 'scheduler.conf',
  'kubelet.conf': 'kubelet.conf',
};
/** Roles only the init node has, without a node in their id. */
const GLOBAL_FILES: Record<string, string> = { 'admin.conf': 'admin.conf', 'super-admin.conf': 'super-admin.conf' };
/** Roles recognised by the subject CN, for files with other names. */
const CN_ROLES: Record<string, string> = {
  'kube-apiserver-kubelet-client': 'apiserver-kubelet-client',
  'kube-apiserver-etcd-client': 'apiserver-etcd-client',
  'front-proxy-client': 'front-proxy-client',
  'kube-etcd-healthcheck-client': 'etcd-healthcheck-client',
  'kubernetes-admin': 'admin.conf',
  'kubernetes-super-admin': 'super-admin.conf',
  'system:kube-controller-manager': 'controller-manager.conf',
  'system:kube-scheduler': 'scheduler.conf',
};

// ---------------------------------------------------------------------------------------------
// Reading the inputs

/**
 * The files of the inputs, zips expanded: loose files first, then each zip within the room
 * the import has left, so that many zips together read no more than one may.
 */
function expand(inputs: readonly ImportInput[], rejected: Rejection[]): FileEntry[] {
  const direct: FileEntry[] = [];
  const zips: FileEntry[] = [];
  for (const input of inputs) {
    const path = normalisePath(input.name);
    const badName = pathProblem(path);
    if (badName) rejected.push({ path, reason: badName });
    else if (/\.zip$/i.test(path) || isZip(input.bytes)) zips.push({ path, bytes: input.bytes });
    else direct.push({ path, bytes: input.bytes });
  }
  const room: ImportRoom = {
    files: IMPORT_LIMITS.files - direct.length,
    bytes: IMPORT_LIMITS.totalBytes - direct.reduce((sum, f) => sum + f.bytes.length, 0),
  };
  const fromZips: FileEntry[] = [];
  for (const { path, bytes } of zips) {
    const zip = readZip(path, bytes, room);
    if (zip.refused) rejected.push({ path, reason: zip.refused });
    rejected.push(...zip.rejected);
    fromZips.push(...stripCommonFolder(zip.files));
  }
  return [...stripCommonFolder(direct), ...fromZips];
}

// ---------------------------------------------------------------------------------------------
// Roles and the design

/** A node name read from a certificate or a folder, if the design can hold it. */
const asNodeName = (value: string | undefined): string | undefined =>
  value && checkNodeName(value, []) === null ? value : undefined;

/** The role a file plays by its kubeadm path, if it has one; a nodes/<name>/ folder must name a node the design can hold. */
function roleByPath(at: string): { role: string; node: string | null } | { problem: string } | null {
  const path = asPkiPath(at);
  const ca = CA_FILES[path] ?? GLOBAL_FILES[path];
  if (ca) return { role: ca, node: null };
  if (NODE_FILES[path]) return { role: NODE_FILES[path], node: null };
  const m = /^nodes\/([^/]+)\/(.+)$/.exec(path);
  if (!m || !NODE_FILES[m[2]!]) return null;
  const problem = checkNodeName(m[1]!, []);
  return problem
    ? { problem: `a certificate under a folder that names no node the design can hold (${problem})` }
    : { role: NODE_FILES[m[2]!]!, node: m[1]! };
}

/** The role of a certificate under another name, from its subject, usages and path. */
function roleByContent(found: FoundCert): { role: string; node: string | null } | null {
  const { cn, serverAuth, clientAuth, isCa } = found.facts;
  if (isCa) return CA_CNS[cn] ? { role: CA_CNS[cn], node: null } : null;
  if (cn === 'kube-apiserver' && serverAuth) return { role: 'apiserver', node: null };
  if (CN_ROLES[cn]) return { role: CN_ROLES[cn], node: null };
  const kubeletNode = cn.startsWith('system:node:') ? asNodeName(cn.slice('system:node:'.length)) : undefined;
  if (kubeletNode) return { role: 'kubelet.conf', node: kubeletNode };
  if (serverAuth && clientAuth && /etcd|peer/i.test(found.path))
    return { role: /peer/i.test(found.path) ? 'etcd-peer' : 'etcd-server', node: null };
  return null;
}

/** kubeadm's default service CIDR, or a /12, /16 or /24 whose first address is `ip`. */
function serviceCidrFor(ip: string | undefined): string {
  if (!ip || ip === firstServiceIp(KUBEADM_DEFAULTS.serviceCidr) || !isIpv4(ip)) return KUBEADM_DEFAULTS.serviceCidr;
  for (const prefix of [12, 16, 24]) {
    const base = numberToIpv4(ipv4NetworkOf(ip, prefix));
    if (firstServiceIp(`${base}/${prefix}`) === ip) return `${base}/${prefix}`;
  }
  return KUBEADM_DEFAULTS.serviceCidr;
}

const mostCommon = (values: readonly number[], fallback: number): number => {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? fallback;
};

const STANDARD_DNS = /^kubernetes(\.default(\.svc(\..+)?)?)?$/;

/** The control-plane endpoint a kubeconfig's server names, when it is not the advertise address. */
function endpointOf(server: string | null | undefined, advertise: string): string {
  if (!server) return '';
  try {
    const host = endpointHost(server);
    if (host === advertise) return '';
    const endpoint = `${isIpv6(host) ? `[${host}]` : host}:${endpointPort(server)}`;
    return checkEndpoint(endpoint) === null ? endpoint : '';
  } catch {
    return '';
  }
}

function buildParams(matches: readonly RoleMatch[]): { params: PresetParams; initNode: string } {
  const initial = (role: string) => matches.find((m) => m.role === role && m.node === null)?.found;
  const apiserver = initial('apiserver');
  const apiSans = apiserver ? apiserver.facts : { dns: [], ips: [] };
  const etcdServer = initial('etcd-server');
  const kubelet = initial('kubelet.conf');
  // Node names and addresses are read only where the design can hold them: a name of one DNS subdomain, an IPv4 address.
  const nodeName =
    asNodeName(etcdServer?.facts.cn) ??
    apiSans.dns
      .filter((d) => !STANDARD_DNS.test(d))
      .map(asNodeName)
      .find((d) => d) ??
    asNodeName(kubelet?.facts.cn.replace(/^system:node:/, '')) ??
    'controlplane';
  const serviceCidr = serviceCidrFor(apiSans.ips[0]);
  const serviceIp = firstServiceIp(serviceCidr);
  const etcdIps = etcdServer
    ? etcdServer.facts.ips.filter((ip) => !['127.0.0.1', '::1'].includes(ip) && isIpv4(ip))
    : [];
  const advertise =
    apiSans.ips.find((ip) => ip !== serviceIp && isIpv4(ip)) ?? etcdIps[0] ?? KUBEADM_DEFAULTS.controlPlane[0]!.ip;
  const dnsDomain =
    apiSans.dns
      .map((d) => /^kubernetes\.default\.svc\.(.+)$/.exec(d)?.[1])
      .find((d) => d && checkDnsDomain(d) === null) ?? KUBEADM_DEFAULTS.dnsDomain;

  const admin = initial('admin.conf') ?? initial('super-admin.conf') ?? kubelet;
  const clusterName = admin?.kubeconfig?.clusterName ?? KUBEADM_DEFAULTS.clusterName;
  const controlPlaneEndpoint = endpointOf(admin?.kubeconfig?.server, advertise);
  const endpointName = controlPlaneEndpoint ? endpointHost(controlPlaneEndpoint) : null;
  const extraSans = [
    ...apiSans.dns.filter((d) => d !== nodeName && !STANDARD_DNS.test(d) && d !== endpointName),
    ...apiSans.ips.filter((ip) => ip !== serviceIp && ip !== advertise && ip !== endpointName),
  ];

  // Other nodes: control planes have their own apiserver.crt under nodes/<name>/, workers only a kubelet.conf.
  const others = [...new Set(matches.filter((m) => m.node !== null && m.node !== nodeName).map((m) => m.node!))].sort();
  const controlPlane: NodeParams[] = [{ name: nodeName, ip: advertise }];
  const workers: NodeParams[] = [];
  for (const name of others) {
    const api = matches.find((m) => m.node === name && m.role === 'apiserver');
    if (api)
      controlPlane.push({
        name,
        ip:
          api.found.facts.ips.find((ip) => ip !== serviceIp && isIpv4(ip)) ??
          nextIp([...controlPlane, ...workers].map((n) => n.ip)),
      });
  }
  for (const name of others) {
    if (!controlPlane.some((n) => n.name === name))
      workers.push({ name, ip: nextIp([...controlPlane, ...workers].map((n) => n.ip)) });
  }

  const ca = matches.find((m) => m.role === 'ca')?.found.facts;
  const leaves = matches.filter((m) => !CA_ROLES.has(m.role)).map((m) => m.found.facts.lifetimeDays);
  const params: PresetParams = {
    ...KUBEADM_DEFAULTS,
    clusterName,
    controlPlane,
    workers,
    serviceCidr,
    dnsDomain,
    controlPlaneEndpoint,
    extraSans,
    keyAlgorithm: ca?.keyAlgorithm ?? KUBEADM_DEFAULTS.keyAlgorithm,
    caValidityDays: ca ? ca.lifetimeDays : KUBEADM_DEFAULTS.caValidityDays,
    leafValidityDays: mostCommon(leaves, KUBEADM_DEFAULTS.leafValidityDays),
  };
  return { params, initNode: nodeName };
}

const CA_ROLES = new Set(['ca', 'etcd-ca', 'front-proxy-ca']);

function elementIdOf(role: string, node: string): string {
  if (CA_ROLES.has(role)) return `ca:${role}`;
  if (role in GLOBAL_FILES) return `cred:${role}`;
  return `cred:${role}@${node}`;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Assigns each certificate a role: kubeadm paths first, then what the other certificates say about themselves. */
function assignRoles(
  certs: readonly FoundCert[],
  rejected: Rejection[],
  unassigned: Array<{ path: string; subject: string }>,
): RoleMatch[] {
  const matches: RoleMatch[] = [];
  const taken = new Set<string>();
  const key = (role: string, node: string | null) => `${role}@${node ?? ''}`;
  const rest: FoundCert[] = [];
  for (const cert of certs) {
    const byPath = roleByPath(cert.path);
    if (byPath && 'problem' in byPath) {
      rejected.push({ path: cert.path, reason: byPath.problem });
    } else if (byPath && !taken.has(key(byPath.role, byPath.node))) {
      taken.add(key(byPath.role, byPath.node));
      matches.push({ found: cert, ...byPath });
    } else {
      rest.push(cert);
    }
  }
  const initKubelet = matches.find((m) => m.role === 'kubelet.conf' && m.node === null);
  const initEtcd = matches.find((m) => m.role === 'etcd-server' && m.node === null);
  const initName = initEtcd
    ? initEtcd.found.facts.cn
    : initKubelet
      ? initKubelet.found.facts.cn.replace(/^system:node:/, '')
      : null;
  for (const cert of rest) {
    let byContent = roleByContent(cert);
    // A kubelet of the init node belongs to the init node's roles.
    if (byContent && byContent.node !== null && byContent.node === initName) byContent = { ...byContent, node: null };
    // A copy of a certificate that has its role (ca.crt in each node's folder) has the same role.
    const copyOf = matches.find((m) => m.found.pem === cert.pem);
    if (copyOf) {
      matches.push({ ...copyOf, found: cert });
    } else if (byContent && !taken.has(key(byContent.role, byContent.node))) {
      taken.add(key(byContent.role, byContent.node));
      matches.push({ found: cert, ...byContent });
    } else {
      unassigned.push({ path: cert.path, subject: cert.facts.subjectText });
    }
  }
  return matches;
}

/** The kubeadm design the matched certificates describe, with each one's subject, SANs, lifetime and key algorithm. */
function designOf(matches: readonly RoleMatch[], unassigned: Array<{ path: string; subject: string }>) {
  const { params, initNode } = buildParams(matches);
  let design: Design = { presetId: 'kubeadm', params, edits: NO_EDITS };
  const base = topologyOf(design);
  const certificates: Record<string, string> = {};
  const recognised: Array<{ path: string; role: string; elementId: string }> = [];
  for (const m of matches) {
    const elementId = elementIdOf(m.role, m.node ?? initNode);
    const credential = base.credentials.find((c) => c.id === elementId);
    const ca = base.cas.find((c) => c.id === elementId);
    if (!credential && !ca) {
      unassigned.push({ path: m.found.path, subject: m.found.facts.subjectText });
      continue;
    }
    const copy = certificates[elementId] === m.found.pem;
    certificates[elementId] = m.found.pem;
    recognised.push({ path: m.found.path, role: m.role, elementId });
    // A copy of a certificate already placed says nothing new about the design.
    if (copy) continue;
    const { subject, lifetimeDays: days, dns, ips, keyAlgorithm } = m.found.facts;
    if (ca) {
      const patch = {
        ...(same(ca.subject, subject) ? {} : { subject }),
        ...(ca.validityDays === days ? {} : { validityDays: days }),
      };
      if (Object.keys(patch).length > 0) design = updateCa(ca.id as CaId, patch)(design);
      continue;
    }
    if (!credential) continue;
    const patch: CredentialPatch = {
      ...(same(credential.dnsNames, dns) ? {} : { dnsNames: [...dns] }),
      ...(same(credential.ipAddresses, ips) ? {} : { ipAddresses: [...ips] }),
      ...(same(credential.subject, subject) ? {} : { subject: [...subject] }),
      ...(credential.validityDays === days ? {} : { validityDays: days }),
    };
    const withAlgorithm: CredentialPatch =
      keyAlgorithm && keyAlgorithm !== params.keyAlgorithm ? { ...patch, keyAlgorithm } : patch;
    if (Object.keys(withAlgorithm).length > 0)
      design = updateCredential(credential.id as CredentialId, withAlgorithm)(design);
  }
  return { design, certificates, recognised };
}

const DEFAULT_DESIGN: Design = { presetId: 'kubeadm', params: KUBEADM_DEFAULTS, edits: NO_EDITS };

/** A report that opens nothing: the reason, and what was read for the person to see. */
function refusal(
  reason: string,
  rest: Pick<ImportReport, 'rejected' | 'unassigned' | 'recognised' | 'keys'>,
): ImportReport {
  return { refused: reason, design: DEFAULT_DESIGN, certificates: {}, caKeys: {}, keyPairs: {}, ...rest };
}

/** The report as the page shows it: every name and reason from a file on one line, cut to a readable length. */
function forDisplay(report: ImportReport): ImportReport {
  return {
    ...report,
    refused: report.refused === null ? null : shown(report.refused, 500),
    rejected: report.rejected.map((r) => ({ path: shown(r.path, 200), reason: shown(r.reason, 500) })),
    unassigned: report.unassigned.map((u) => ({
      path: u.path,
      subject: shown(u.subject, 300),
      ...(u.reason ? { reason: shown(u.reason, 300) } : {}),
    })),
    ...(report.filledIn ? { filledIn: report.filledIn.map((f) => shown(f, 300)) } : {}),
    ...(report.notDrawn ? { notDrawn: report.notDrawn.map((f) => shown(f, 300)) } : {}),
  };
}

/**
 * Reads a kubeadm /etc/kubernetes tree (files or zips) into a design, its certificates and a
 * report. Hostile input is refused within IMPORT_LIMITS, each file with its reason; every value
 * taken into the design passes the inspector's field rules, and the design passes designProblem,
 * or the import is refused as a whole.
 */
export async function importPki(inputs: readonly ImportInput[]): Promise<ImportReport> {
  const tooMuch = inputsProblem(inputs.map((i) => ({ name: i.name, size: i.bytes.length })));
  if (tooMuch)
    return forDisplay(
      refusal(`Import refused: ${tooMuch}`, { rejected: [], unassigned: [], recognised: [], keys: [] }),
    );

  const rejected: Rejection[] = [];
  const entries = expand(inputs, rejected);
  // A bundle this app made carries its design: read back as it was drawn.
  const ownDesign = entries.find((e) => e.path === BUNDLE_DESIGN_FILE);
  const own = ownDesign ? await importOwnBundle(entries, ownDesign, rejected) : null;
  if (own) return forDisplay(own);
  const found = classify(entries.filter((e) => e !== ownDesign));
  // A kubeconfig that names its certificate file is read once that file came too (kubelet.conf and
  // the kubelet's rotated kubelet-client-current.pem); else it is not read, with its reason.
  const named = (ref: { file: string }) =>
    found.certs.find((c) => `/${c.path}`.endsWith(ref.file.startsWith('/') ? ref.file : `/${ref.file}`));
  const resolved = found.fileRefs.filter((ref) => named(ref));
  rejected.push(...found.rejected.filter((r) => !resolved.some((ref) => ref.path === r.path)));
  const unassigned: Array<{ path: string; subject: string; reason?: string }> = [];
  const k3s = k3sLayoutOf(found.certs);
  if (k3s)
    return forDisplay(refusal(k3sRefusal(k3s, found.certs), { rejected, unassigned: [], recognised: [], keys: [] }));
  // Who signed whom, by signature: the layout is told by what the certificates say, not their names.
  const issuerOf = issuerResolver(found.certs);
  const hardwayRoot = await hardwayCa(found.certs, issuerOf);
  const hardway = hardwayRoot ? importHardway(found.certs, hardwayRoot) : null;
  if (hardway) unassigned.push(...hardway.unassigned);
  const matches: readonly RoleMatch[] = hardway ? hardway.matches : assignRoles(found.certs, rejected, unassigned);
  const kubespray = !hardway && matches.some((m) => isKubesprayPath(m.found.path) && roleByPath(m.found.path) !== null);
  const layout = hardway ? hardway.layout : kubespray ? KUBESPRAY_LAYOUT : 'kubeadm';
  const filledIn = hardway ? hardway.filledIn : [];

  let built: ReturnType<typeof designOf>;
  try {
    built = hardway ?? designOf(matches, unassigned);
  } catch (error) {
    const reason = `Import refused: the certificates describe a design that cannot be drawn (${error instanceof Error ? error.message : String(error)}).`;
    return forDisplay(refusal(reason, { rejected, unassigned, recognised: [], keys: [] }));
  }
  const { recognised } = built;
  const certificates: Record<string, string> = { ...built.certificates };
  let { design } = built;
  // A cluster CA that is an intermediate is drawn under its root, when the root came with the files.
  const above = await withImportedRoots(design, certificates, found.certs, unassigned, issuerOf);
  design = above.design;
  const rootMatches: RoleMatch[] = above.roots.map((r) => ({ found: r.found, role: 'root CA', node: null }));
  for (const r of above.roots) {
    certificates[r.elementId] = r.found.pem;
    recognised.push({ path: r.found.path, role: 'root CA', elementId: r.elementId });
    unassigned.splice(
      unassigned.findIndex((u) => u.path === r.found.path),
      1,
    );
  }
  const allMatches = [...matches, ...rootMatches];
  for (const ref of resolved) {
    const target = recognised.find((r) => r.path === named(ref)!.path);
    if (target) recognised.push({ path: ref.path, role: target.role, elementId: target.elementId });
    else
      rejected.push({
        path: ref.path,
        reason: `a kubeconfig whose client certificate, the file ${shown(ref.file, 200)}, has no role here.`,
      });
  }
  for (const u of unassigned) {
    if (!u.reason && found.certs.find((c) => c.path === u.path)?.facts.isCa)
      u.reason = 'a CA that is neither a CA of this layout nor the root above one';
  }

  // The service-account key pair has no certificate: sa.pub stands for it.
  const publics = new Map<string, string>();
  let saPublic: string | null = null;
  for (const r of recognised) {
    const m = allMatches.find((x) => x.found.path === r.path && x.role === r.role);
    const identity = m ? await publicKeyIdentity(m.found.facts.publicKey) : null;
    if (identity && !publics.has(identity)) publics.set(identity, r.elementId);
  }
  for (const pub of found.publicKeys) {
    let identity: string | null = null;
    try {
      identity = await publicKeyIdentity(new x509.PublicKey(pub.pem));
    } catch {
      identity = null;
    }
    if (!identity) {
      rejected.push({ path: pub.path, reason: 'a PUBLIC KEY block that does not decode.' });
      continue;
    }
    const isSa = /(^|\/)sa\.pub$/.test(pub.path) && !recognised.some((r) => r.elementId === 'keypair:sa');
    if (isSa) {
      recognised.push({ path: pub.path, role: 'service-account public key', elementId: 'keypair:sa' });
      if (!publics.has(identity)) publics.set(identity, 'keypair:sa');
      saPublic = pub.file ?? `${pub.pem}\n`;
    }
  }

  // A certificate with no role still has its key: the key matches it, and is not reported as a stray.
  for (const u of unassigned) {
    const cert = found.certs.find((c) => c.path === u.path);
    const identity = cert ? await publicKeyIdentity(cert.facts.publicKey) : null;
    if (identity && !publics.has(identity)) publics.set(identity, `file:${u.path}`);
  }
  const caIds = new Set<string>(topologyOf(design).cas.map((ca) => ca.id));
  const pairPublics = new Map(saPublic ? [['keypair:sa', saPublic]] : []);
  const { keys, caKeys, leafKeys, keyPairs } = await matchKeys(found.keys, publics, caIds, pairPublics, rejected);
  // A foreign layout keeps its own file names: a renewal writes back the names the folder has.
  if (hardway) design = withKeyFiles(design, keys, new Set(found.certs.filter((c) => c.kubeconfig).map((c) => c.path)));
  if (kubespray) design = underKubesprayDir(design);
  // The whole design the files describe is judged first (as the gate below would): a refused import
  // does not pay for working out what to leave undrawn.
  const early = recognised.length > 0 ? designProblem(design) : null;
  if (early) {
    return forDisplay(
      refusal(`Import refused: the design these files describe breaks a rule (${describeProblem(early)}).`, {
        rejected,
        unassigned,
        recognised,
        keys,
      }),
    );
  }
  const proven = provenDesign(design, certificates);
  design = proven.design;

  if (recognised.length === 0) {
    return forDisplay(
      refusal('Nothing in these files is a certificate of a Kubernetes cluster.', {
        rejected,
        unassigned,
        recognised,
        keys,
      }),
    );
  }
  // The last gate, as for every design that comes in: a value the rules above missed refuses the whole import.
  const problem = designProblem(design);
  if (problem) {
    return forDisplay(
      refusal(`Import refused: the design these files describe breaks a rule (${describeProblem(problem)}).`, {
        rejected,
        unassigned,
        recognised,
        keys,
      }),
    );
  }
  return forDisplay({
    refused: null,
    design,
    certificates,
    recognised,
    keys,
    caKeys,
    leafKeys,
    keyPairs,
    rejected,
    unassigned,
    layout,
    filledIn: [...filledIn, ...above.notes, ...proven.filledIn],
    notDrawn: proven.notDrawn,
  });
}
