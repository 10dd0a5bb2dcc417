// A kubeadm-config.yaml (InitConfiguration, ClusterConfiguration, JoinConfiguration; v1beta3 or
// v1beta4) read as a design of the kubeadm preset: the fields that decide kubeadm's certificates
// are honoured, each value through the editor's own field rule; every other field is named in
// the notes, never dropped silently. Pure: text in, design and notes out.
import { parseAllDocuments } from 'yaml';
import { NO_EDITS, topologyOf, type Design } from '../topology/design';
import { parseDesign } from '../topology/designSchema';
import { nextIp } from '../topology/edits';
import { isIpAddress } from '../topology/network';
import {
  checkAddress,
  checkClusterName,
  checkDnsDomain,
  checkEndpoint,
  checkNodeIp,
  checkNodeName,
  checkServiceCidr,
  checkValidityDays,
  quoted,
  type FieldError,
} from '../topology/fieldRules';
import { PRESET_DEFAULTS } from '../topology/presets';
import type { NodeParams, PresetParams } from '../topology/presetParams';
import { isKeyAlgorithm, KEY_ALGORITHMS } from '../pki/keyAlgorithm';

export type KubeadmConfigResult =
  | { readonly ok: true; readonly design: Design; readonly notes: readonly string[] }
  | { readonly ok: false; readonly error: string };

const VERSIONS = ['kubeadm.k8s.io/v1beta3', 'kubeadm.k8s.io/v1beta4'];
const KINDS = ['InitConfiguration', 'ClusterConfiguration', 'JoinConfiguration'] as const;
type Kind = (typeof KINDS)[number];

/** The fields read, by kind, as paths from the document's root. */
const HONOURED: Record<Kind, readonly string[]> = {
  ClusterConfiguration: [
    'clusterName',
    'controlPlaneEndpoint',
    'networking.serviceSubnet',
    'networking.dnsDomain',
    'apiServer.certSANs',
    'etcd.local.serverCertSANs',
    'etcd.local.peerCertSANs',
    'encryptionAlgorithm',
    'certificateValidityPeriod',
    'caCertificateValidityPeriod',
  ],
  InitConfiguration: ['nodeRegistration.name', 'localAPIEndpoint.advertiseAddress'],
  JoinConfiguration: ['nodeRegistration.name', 'controlPlane.localAPIEndpoint.advertiseAddress'],
};

/**
 * Fields that change no certificate (images, versions, flags, tokens, taints): named apart, as
 * read and without effect here. A field in neither list is one this tool cannot honour.
 */
const NO_CERTIFICATE_EFFECT = [
  'kubernetesVersion',
  'imageRepository',
  'networking.podSubnet',
  'dns',
  'featureGates',
  'proxy',
  'apiServer.extraArgs',
  'apiServer.extraVolumes',
  'apiServer.extraEnvs',
  'controllerManager',
  'scheduler',
  'etcd.local.dataDir',
  'etcd.local.imageRepository',
  'etcd.local.imageTag',
  'etcd.local.extraArgs',
  'etcd.local.extraEnvs',
  'nodeRegistration.criSocket',
  'nodeRegistration.taints',
  'nodeRegistration.kubeletExtraArgs',
  'nodeRegistration.ignorePreflightErrors',
  'nodeRegistration.imagePullPolicy',
  'nodeRegistration.imagePullSerial',
  'bootstrapTokens',
  'discovery',
  'timeouts',
  'skipPhases',
  'patches',
  'dryRun',
  'certificateKey',
  'caCertPath',
  'controlPlane.certificateKey',
  'apiServer.timeoutForControlPlane',
  'certificatesDir',
];

type Doc = Record<string, unknown>;

const isRecord = (value: unknown): value is Doc => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Every leaf path of a document (a list is a leaf): what it holds, to be sorted into read and not. */
function leafPaths(value: Doc, prefix = ''): string[] {
  return Object.entries(value).flatMap(([key, v]) =>
    isRecord(v) && Object.keys(v).length > 0 ? leafPaths(v, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}

function at(doc: Doc, path: string): unknown {
  return path.split('.').reduce<unknown>((v, key) => (isRecord(v) ? v[key] : undefined), doc);
}

/** Whether a path is, or lies under, one of the listed fields. */
const under = (path: string, fields: readonly string[]) => fields.some((f) => path === f || path.startsWith(`${f}.`));

/** A refusal of one field's value, named by kind and path. */
class FieldRefusal extends Error {}

function rule(where: string, error: FieldError): void {
  if (error) throw new FieldRefusal(`${where}: ${error}`);
}

function text(doc: Doc, kind: Kind, path: string): string | undefined {
  const value = at(doc, path);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string')
    throw new FieldRefusal(
      `${kind}.${path}: a string is expected, not ${quoted(JSON.stringify(value) ?? String(value))}.`,
    );
  return value;
}

function list(doc: Doc, kind: Kind, path: string): string[] {
  const value = at(doc, path);
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string'))
    throw new FieldRefusal(`${kind}.${path}: a list of names and addresses is expected.`);
  return value as string[];
}

/** A Go duration (kubeadm's "8760h0m0s", "87600h") as whole days; anything else is refused, never rounded. */
function days(doc: Doc, kind: Kind, path: string): number | undefined {
  const value = text(doc, kind, path);
  if (value === undefined) return undefined;
  const match = /^(?:(\d{1,7})h)?(?:(\d{1,9})m)?(?:(\d{1,11})s)?$/.exec(value);
  const seconds =
    match && value !== '' ? Number(match[1] ?? 0) * 3600 + Number(match[2] ?? 0) * 60 + Number(match[3] ?? 0) : NaN;
  if (!(seconds % 86_400 === 0))
    throw new FieldRefusal(
      `${kind}.${path}: ${quoted(value)} is not a whole number of days written as a duration (24h, 8760h0m0s).`,
    );
  const n = seconds / 86_400;
  rule(`${kind}.${path}`, checkValidityDays(n));
  return n;
}

/** The SANs kubeadm adds to each control plane's etcd server or peer certificate. */
function etcdSanEdits(design: Design, file: 'etcd/server.crt' | 'etcd/peer.crt', sans: readonly string[]): Design {
  if (sans.length === 0) return design;
  const credentials = { ...design.edits.credentials };
  for (const cred of topologyOf(design).credentials.filter((c) => c.files?.cert.endsWith(file))) {
    const patch = credentials[cred.id] ?? {};
    const dnsNames = patch.dnsNames ?? cred.dnsNames;
    const ipAddresses = patch.ipAddresses ?? cred.ipAddresses;
    credentials[cred.id] = {
      ...patch,
      dnsNames: [...dnsNames, ...sans.filter((s) => !isIpAddress(s) && !dnsNames.includes(s))],
      ipAddresses: [...ipAddresses, ...sans.filter((s) => isIpAddress(s) && !ipAddresses.includes(s))],
    };
  }
  return { ...design, edits: { ...design.edits, credentials } };
}

/** Reads a kubeadm configuration file's text as a design of the kubeadm preset. */
export function kubeadmConfigDesign(fileText: string): KubeadmConfigResult {
  try {
    return read(fileText);
  } catch (error) {
    if (error instanceof FieldRefusal)
      return { ok: false, error: `This kubeadm configuration holds a value the editor refuses: ${error.message}` };
    throw error;
  }
}

function read(fileText: string): KubeadmConfigResult {
  const documents = parseAllDocuments(fileText, { uniqueKeys: true });
  if (!Array.isArray(documents)) return { ok: false, error: 'This file holds no YAML document.' };
  const notes: string[] = [];
  const byKind = new Map<Kind, Doc[]>(KINDS.map((k) => [k, []]));
  for (const [i, document] of documents.entries()) {
    const where = `document ${i + 1}`;
    const problem = document.errors[0];
    if (problem)
      return { ok: false, error: `This file is not valid YAML (${where}: ${problem.message.split('\n')[0]}).` };
    const doc: unknown = document.toJS({ maxAliasCount: 100 });
    if (doc === null || doc === undefined) continue;
    if (!isRecord(doc))
      return { ok: false, error: `This file is not a kubeadm configuration (${where} is not a mapping).` };
    const { apiVersion, kind } = doc;
    if (typeof apiVersion !== 'string' || typeof kind !== 'string')
      return { ok: false, error: `This file is not a kubeadm configuration (${where} has no apiVersion and kind).` };
    if (!apiVersion.startsWith('kubeadm.k8s.io/')) {
      notes.push(
        `Not read: ${quoted(kind)} (${quoted(apiVersion)}), ${where}: it configures no certificate kubeadm makes.`,
      );
      continue;
    }
    if (!VERSIONS.includes(apiVersion))
      return {
        ok: false,
        error: `${quoted(apiVersion)} (${where}) is not read: this tool reads kubeadm.k8s.io/v1beta3 and v1beta4.`,
      };
    if (!(KINDS as readonly string[]).includes(kind)) {
      notes.push(
        `Not read: ${quoted(kind)}, ${where}: only InitConfiguration, ClusterConfiguration and JoinConfiguration are.`,
      );
      continue;
    }
    byKind.get(kind as Kind)!.push(doc);
  }
  const [cluster, ...moreClusters] = byKind.get('ClusterConfiguration')!;
  const [init, ...moreInits] = byKind.get('InitConfiguration')!;
  const joins = byKind.get('JoinConfiguration')!;
  if (moreClusters.length > 0 || moreInits.length > 0)
    return {
      ok: false,
      error: 'A kubeadm configuration holds at most one ClusterConfiguration and one InitConfiguration.',
    };
  if (!cluster && !init && joins.length === 0)
    return {
      ok: false,
      error: 'This file holds no InitConfiguration, ClusterConfiguration or JoinConfiguration of kubeadm.',
    };

  let noEffect: string[] = [];
  const cannot: string[] = [];
  for (const [kind, docs] of byKind) {
    for (const doc of docs) {
      for (const path of leafPaths(doc)) {
        if (path === 'apiVersion' || path === 'kind' || under(path, HONOURED[kind])) continue;
        // The API server's port is in every kubeconfig's server URL: kubeadm's 6443 is this tool's.
        if (path.endsWith('localAPIEndpoint.bindPort') && at(doc, path) === 6443) continue;
        const named = `${kind}.${path}`;
        const list = under(path, NO_CERTIFICATE_EFFECT) ? noEffect : cannot;
        if (!list.includes(named)) list.push(named);
      }
    }
  }

  const defaults = PRESET_DEFAULTS.kubeadm;
  let params: PresetParams = { ...defaults, workers: [] };
  if (cluster) {
    const c = 'ClusterConfiguration';
    const clusterName = text(cluster, c, 'clusterName');
    if (clusterName !== undefined) rule(`${c}.clusterName`, checkClusterName(clusterName));
    const endpoint = text(cluster, c, 'controlPlaneEndpoint');
    if (endpoint !== undefined) rule(`${c}.controlPlaneEndpoint`, checkEndpoint(endpoint));
    const serviceCidr = text(cluster, c, 'networking.serviceSubnet');
    if (serviceCidr !== undefined) rule(`${c}.networking.serviceSubnet`, checkServiceCidr(serviceCidr));
    const dnsDomain = text(cluster, c, 'networking.dnsDomain');
    if (dnsDomain !== undefined) rule(`${c}.networking.dnsDomain`, checkDnsDomain(dnsDomain));
    const certSans = list(cluster, c, 'apiServer.certSANs');
    certSans.forEach((san) => rule(`${c}.apiServer.certSANs`, checkAddress(san)));
    const algorithm = text(cluster, c, 'encryptionAlgorithm');
    if (algorithm !== undefined && !isKeyAlgorithm(algorithm)) {
      throw new FieldRefusal(
        `${c}.encryptionAlgorithm: ${quoted(algorithm)} is not one of ${KEY_ALGORITHMS.join(', ')}.`,
      );
    }
    const leafDays = days(cluster, c, 'certificateValidityPeriod');
    const caDays = days(cluster, c, 'caCertificateValidityPeriod');
    const certificatesDir = text(cluster, c, 'certificatesDir');
    if (certificatesDir !== undefined && certificatesDir !== '/etc/kubernetes/pki') {
      noEffect = noEffect.filter((field) => field !== `${c}.certificatesDir`);
      cannot.push(`${c}.certificatesDir (the bundle's paths are kubeadm's /etc/kubernetes/pki tree)`);
    }
    params = {
      ...params,
      ...(clusterName !== undefined ? { clusterName } : {}),
      ...(endpoint !== undefined ? { controlPlaneEndpoint: endpoint } : {}),
      ...(serviceCidr !== undefined ? { serviceCidr } : {}),
      ...(dnsDomain !== undefined ? { dnsDomain } : {}),
      ...(algorithm !== undefined && isKeyAlgorithm(algorithm) ? { keyAlgorithm: algorithm } : {}),
      ...(leafDays !== undefined ? { leafValidityDays: leafDays } : {}),
      ...(caDays !== undefined ? { caValidityDays: caDays } : {}),
      extraSans: certSans,
    };
  }

  // Nodes: the InitConfiguration's is the first control plane; each JoinConfiguration adds one.
  const names: string[] = [];
  const node = (doc: Doc | undefined, kind: Kind, addressPath: string | null, fallback: NodeParams): NodeParams => {
    const name = doc ? text(doc, kind, 'nodeRegistration.name') : undefined;
    const ip = doc && addressPath ? text(doc, kind, addressPath) : undefined;
    if (name !== undefined) rule(`${kind}.nodeRegistration.name`, checkNodeName(name, names));
    if (ip !== undefined) rule(`${kind}.${addressPath}`, checkNodeIp(ip));
    const made = { name: name ?? fallback.name, ip: ip ?? fallback.ip };
    if (name === undefined)
      notes.push(
        `${kind} names no node (nodeRegistration.name): it is ${made.name} here; kubeadm takes the host's name.`,
      );
    if (ip === undefined) {
      notes.push(
        `${kind} gives no address for ${made.name}${addressPath ? ` (${addressPath})` : ", as a worker's never has"}: ${made.ip} is used here; change it in the design.`,
      );
    }
    names.push(made.name);
    return made;
  };
  const firstCp = defaults.controlPlane[0]!;
  const controlPlane: NodeParams[] = [node(init, 'InitConfiguration', 'localAPIEndpoint.advertiseAddress', firstCp)];
  const workers: NodeParams[] = [];
  for (const join of joins) {
    const isCp = isRecord(join.controlPlane);
    const used = [...controlPlane, ...workers].map((n) => n.ip);
    const fallbackName = isCp
      ? `controlplane${controlPlane.length + 1}`
      : `node${String(workers.length + 1).padStart(2, '0')}`;
    const made = node(join, 'JoinConfiguration', isCp ? 'controlPlane.localAPIEndpoint.advertiseAddress' : null, {
      name: fallbackName,
      ip: nextIp(used),
    });
    (isCp ? controlPlane : workers).push(made);
  }
  params = { ...params, controlPlane, workers };

  let design: Design = { presetId: 'kubeadm', params, edits: NO_EDITS };
  if (cluster) {
    const c = 'ClusterConfiguration';
    for (const [path, file] of [
      ['etcd.local.serverCertSANs', 'etcd/server.crt'],
      ['etcd.local.peerCertSANs', 'etcd/peer.crt'],
    ] as const) {
      const sans = list(cluster, c, path);
      sans.forEach((san) => rule(`${c}.${path}`, checkAddress(san)));
      design = etcdSanEdits(design, file, sans);
    }
  }
  const parsed = parseDesign(design);
  if (!parsed.ok) return { ok: false, error: parsed.error };
  if (cannot.length > 0)
    notes.unshift(`Not honoured (this tool cannot make its certificates so): ${cannot.join(', ')}.`);
  if (noEffect.length > 0) notes.push(`Read, without effect on any certificate: ${noEffect.join(', ')}.`);
  return { ok: true, design: parsed.design, notes };
}
