import { DAY_MS } from '../pki/profile';
import { unzipSync } from 'fflate';
import { parse as parseYaml } from 'yaml';
import { AsnConvert } from '@peculiar/asn1-schema';
import { PrivateKeyInfo, PrivateKey } from '@peculiar/asn1-pkcs8';
import { rsaEncryption } from '@peculiar/asn1-rsa';
import { ECParameters, ECPrivateKey, id_ecPublicKey, id_secp256r1, id_secp384r1 } from '@peculiar/asn1-ecc';
import { AlgorithmIdentifier } from '@peculiar/asn1-x509';
import { x509 } from '../pki/x509';
import type { KeyAlgorithm } from '../pki/keyAlgorithm';
import type { NameAttribute } from '../pki/profile';
import { NO_EDITS, topologyOf, type CredentialPatch, type Design } from '../topology/design';
import { nextIp, updateCa, updateCredential } from '../topology/edits';
import type { CaId, CredentialId } from '../topology/model';
import { endpointHost, endpointPort, firstServiceIp, ipv4NetworkOf, numberToIpv4 } from '../topology/network';
import type { NodeParams, PresetParams } from '../topology/presetParams';
import { KUBEADM_DEFAULTS } from '../topology/presets/kubeadm';

export interface ImportInput { readonly name: string; readonly bytes: Uint8Array }
export interface ImportReport {
  /** A kubeadm design recognised from the files: node name, advertise IP, endpoint, cluster name, SANs. */
  readonly design: Design;
  /** Certificates by element id (CA ids and credential ids of topologyOf(design)). */
  readonly certificates: Readonly<Record<string, string>>;
  readonly recognised: ReadonlyArray<{ readonly path: string; readonly role: string; readonly elementId: string }>;
  /** Each private key found, and the element whose certificate it matches (null: matches none). */
  readonly keys: ReadonlyArray<{ readonly path: string; readonly matches: string | null }>;
  /**
   * Private keys of the imported CAs, by CA id: kept in memory only, so that the leaves can be
   * re-signed by the CA the cluster already trusts.
   */
  readonly caKeys: Readonly<Record<string, string>>;
  /** Files that could not be read, with the reason in one sentence. */
  readonly rejected: ReadonlyArray<{ readonly path: string; readonly reason: string }>;
  /** Readable certificates that fit no role of the design. */
  readonly unassigned: ReadonlyArray<{ readonly path: string; readonly subject: string }>;
}

type Certificate = InstanceType<typeof x509.X509Certificate>;

interface FileEntry { readonly path: string; readonly bytes: Uint8Array }
interface FoundCert {
  readonly path: string;
  readonly pem: string;
  readonly cert: Certificate;
  /** The kubeconfig it came from, if any. */
  readonly kubeconfig: { readonly server: string | null; readonly clusterName: string | null } | null;
}
interface FoundKey { readonly path: string; readonly pem: string; readonly label: string }

/** A role of the kubeadm tree: `node` null for the init node's files and the node-less ones. */
interface RoleMatch { readonly found: FoundCert; readonly role: string; readonly node: string | null }


/** CA roles: file under pki/ -> CA id key. */
const CA_FILES: Record<string, string> = {
  'pki/ca.crt': 'ca', 'pki/etcd/ca.crt': 'etcd-ca', 'pki/front-proxy-ca.crt': 'front-proxy-ca',
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

function normalisePath(name: string): string {
  return name.replace(/\\/g, '/').replace(/^(\.\/|\/)+/, '');
}

/** Drops folders every path shares (kubernetes/, etc/kubernetes/), stopping at kubeadm's own. */
function stripCommonFolder(entries: readonly FileEntry[]): FileEntry[] {
  // Loose files beside the tree (a README, a CSR) neither block nor take part in it.
  const flat = entries.filter((e) => !e.path.includes('/'));
  let nested = entries.filter((e) => e.path.includes('/'));
  for (;;) {
    const first = nested[0]?.path.split('/')[0];
    if (!first || ['pki', 'nodes', 'etcd'].includes(first)) break;
    if (!nested.every((e) => e.path.startsWith(`${first}/`))) break;
    nested = nested.map((e) => ({ ...e, path: e.path.slice(first.length + 1) }));
  }
  return [...flat, ...nested];
}

function expand(inputs: readonly ImportInput[], rejected: Array<{ path: string; reason: string }>): FileEntry[] {
  const direct: FileEntry[] = [];
  const fromZips: FileEntry[] = [];
  for (const input of inputs) {
    const path = normalisePath(input.name);
    // A zip is known by its name or by its local-file-header magic, "PK\x03\x04" (a saved
    // download need not keep its .zip name).
    const looksZipped = input.bytes[0] === 0x50 && input.bytes[1] === 0x4b && input.bytes[2] === 0x03 && input.bytes[3] === 0x04;
    if (!/\.zip$/i.test(path) && !looksZipped) {
      direct.push({ path, bytes: input.bytes });
      continue;
    }
    let files: Record<string, Uint8Array>;
    try {
      files = unzipSync(input.bytes);
    } catch (error) {
      rejected.push({ path, reason: `${path} is not a readable zip archive (${(error as Error).message}).` });
      continue;
    }
    const entries = Object.entries(files)
      .map(([name, bytes]) => ({ path: normalisePath(name), bytes }))
      .filter((e) => e.path !== '' && !e.path.endsWith('/') && !e.path.startsWith('__MACOSX/'));
    fromZips.push(...stripCommonFolder(entries));
  }
  return [...stripCommonFolder(direct), ...fromZips];
}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)-----END \1-----/g;

interface PemBlock { readonly type: string; readonly text: string; readonly body: string }

function pemBlocks(text: string): PemBlock[] {
  return [...text.matchAll(PEM_BLOCK)].map((m) => ({ type: m[1]!, text: m[0], body: m[2]! }));
}

function base64Text(value: unknown): string | null {
  if (typeof value !== 'string' || value.trim() === '') return null;
  return new TextDecoder().decode(Uint8Array.from(atob(value.replace(/\s+/g, '')), (c) => c.charCodeAt(0)));
}

const asRecord = (value: unknown): Record<string, unknown> | null =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;

const firstOf = (value: unknown): Record<string, unknown> | null => (Array.isArray(value) ? asRecord(value[0]) : null);

interface Classified {
  certs: FoundCert[];
  keys: FoundKey[];
  publicKeys: Array<{ path: string; pem: string }>;
  rejected: Array<{ path: string; reason: string }>;
}

function encryptedReason(path: string): string {
  return `encrypted key: decrypt it first, e.g. openssl pkey -in ${path} -out ${path.replace(/^.*\//, '')}.plain`;
}

/** Sorts one file's PEM blocks: the first certificate (the leaf), private and public keys. */
function classifyPem(path: string, blocks: readonly PemBlock[], out: Classified, kubeconfig: FoundCert['kubeconfig']): boolean {
  let used = false;
  const certBlock = blocks.find((b) => b.type === 'CERTIFICATE');
  if (certBlock) {
    used = true;
    try {
      const cert = new x509.X509Certificate(certBlock.text);
      out.certs.push({ path, pem: `${certBlock.text}\n`, cert, kubeconfig });
    } catch (error) {
      out.rejected.push({ path, reason: `a CERTIFICATE block that does not decode (${(error as Error).message}).` });
    }
  }
  for (const block of blocks) {
    if (block.type === 'ENCRYPTED PRIVATE KEY' || (/PRIVATE KEY$/.test(block.type) && /Proc-Type:\s*4,ENCRYPTED/.test(block.body))) {
      out.rejected.push({ path, reason: encryptedReason(path) });
      return true;
    }
    if (['RSA PRIVATE KEY', 'EC PRIVATE KEY', 'PRIVATE KEY'].includes(block.type)) {
      out.keys.push({ path, pem: block.text, label: block.type });
      used = true;
    } else if (block.type === 'PUBLIC KEY') {
      out.publicKeys.push({ path, pem: block.text });
      used = true;
    } else if (/CERTIFICATE REQUEST$/.test(block.type) && !used) {
      out.rejected.push({ path, reason: 'a certificate signing request, not a certificate.' });
      return true;
    }
  }
  return used;
}

function classify(files: readonly FileEntry[]): Classified {
  const out: Classified = { certs: [], keys: [], publicKeys: [], rejected: [] };
  for (const { path, bytes } of files) {
    const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
    const blocks = pemBlocks(text);
    if (blocks.length > 0) {
      if (!classifyPem(path, blocks, out, null)) out.rejected.push({ path, reason: 'not a certificate, key or kubeconfig.' });
      continue;
    }
    let doc: Record<string, unknown> | null = null;
    try {
      doc = asRecord(parseYaml(text));
    } catch {
      doc = null;
    }
    if (doc?.kind !== 'Config') {
      out.rejected.push({ path, reason: 'not a certificate, key or kubeconfig.' });
      continue;
    }
    const cluster = firstOf(doc.clusters);
    const user = asRecord(firstOf(doc.users)?.user);
    const server = asRecord(cluster?.cluster)?.server;
    const info = { server: typeof server === 'string' ? server : null, clusterName: typeof cluster?.name === 'string' ? cluster.name : null };
    let certText: string | null;
    let keyText: string | null;
    try {
      certText = base64Text(user?.['client-certificate-data']);
      keyText = base64Text(user?.['client-key-data']);
    } catch {
      out.rejected.push({ path, reason: 'a kubeconfig whose client-certificate-data or client-key-data is not base64.' });
      continue;
    }
    if (!certText) {
      const file = user?.['client-certificate'];
      out.rejected.push({
        path,
        reason: typeof file === 'string'
          ? `a kubeconfig whose client certificate is the file ${file}, not embedded: add that file instead.`
          : 'a kubeconfig without an embedded client certificate (client-certificate-data).',
      });
      continue;
    }
    classifyPem(path, [...pemBlocks(certText), ...pemBlocks(keyText ?? '')], out, info);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Keys: each private key's public half, compared with certificates' public keys

const CURVES: Record<string, string> = { [id_secp256r1]: 'P-256', [id_secp384r1]: 'P-384' };

/** The PKCS#8 form WebCrypto imports, from PKCS#1 RSA, SEC1 EC or PKCS#8 PEM. */
function pkcs8Of(key: FoundKey): { der: ArrayBuffer; algorithm: RsaHashedImportParams | EcKeyImportParams } {
  const der = x509.PemConverter.decodeFirst(key.pem);
  if (key.label === 'RSA PRIVATE KEY') {
    const info = new PrivateKeyInfo({ privateKeyAlgorithm: rsaEncryption, privateKey: new PrivateKey(der) });
    return { der: AsnConvert.serialize(info), algorithm: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } };
  }
  if (key.label === 'EC PRIVATE KEY') {
    const ec = AsnConvert.parse(der, ECPrivateKey);
    const curve = ec.parameters?.namedCurve;
    if (!curve || !CURVES[curve]) throw new Error('an EC key on a curve other than P-256 or P-384');
    const info = new PrivateKeyInfo({
      privateKeyAlgorithm: new AlgorithmIdentifier({
        algorithm: id_ecPublicKey, parameters: AsnConvert.serialize(new ECParameters({ namedCurve: curve })),
      }),
      privateKey: new PrivateKey(der),
    });
    return { der: AsnConvert.serialize(info), algorithm: { name: 'ECDSA', namedCurve: CURVES[curve] } };
  }
  const info = AsnConvert.parse(der, PrivateKeyInfo);
  const oid = info.privateKeyAlgorithm.algorithm;
  if (oid === rsaEncryption.algorithm) return { der, algorithm: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } };
  if (oid === id_ecPublicKey && info.privateKeyAlgorithm.parameters) {
    const curve = AsnConvert.parse(info.privateKeyAlgorithm.parameters, ECParameters).namedCurve;
    if (curve && CURVES[curve]) return { der, algorithm: { name: 'ECDSA', namedCurve: CURVES[curve] } };
  }
  throw new Error(`a key of algorithm ${oid}, which is neither RSA nor ECDSA P-256/P-384`);
}

/** The public key's identity: "RSA n e" or "EC crv x y". */
function jwkIdentity(jwk: JsonWebKey): string {
  return jwk.kty === 'RSA' ? `RSA ${jwk.n} ${jwk.e}` : `EC ${jwk.crv} ${jwk.x} ${jwk.y}`;
}

/** A private key PEM (PKCS#1, SEC1 or PKCS#8) as a WebCrypto signing key. */
export async function importPrivateKeyPem(pem: string): Promise<CryptoKey> {
  const label = /-----BEGIN ([A-Z ]+)-----/.exec(pem)?.[1] ?? 'PRIVATE KEY';
  const { der, algorithm } = pkcs8Of({ path: 'key', pem, label });
  return globalThis.crypto.subtle.importKey('pkcs8', der, algorithm, true, ['sign']);
}

async function privateKeyIdentity(key: FoundKey): Promise<string> {
  const { der, algorithm } = pkcs8Of(key);
  const imported = await globalThis.crypto.subtle.importKey('pkcs8', der, algorithm, true, ['sign']);
  return jwkIdentity(await globalThis.crypto.subtle.exportKey('jwk', imported));
}

async function publicKeyIdentity(publicKey: InstanceType<typeof x509.PublicKey>): Promise<string | null> {
  const spki = publicKey.rawData;
  const algorithm = publicKey.algorithm as Algorithm & { namedCurve?: string };
  const params: RsaHashedImportParams | EcKeyImportParams = algorithm.name === 'ECDSA' || algorithm.name === 'ECDH'
    ? { name: 'ECDSA', namedCurve: algorithm.namedCurve ?? 'P-256' }
    : { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  try {
    const imported = await globalThis.crypto.subtle.importKey('spki', spki, params, true, ['verify']);
    return jwkIdentity(await globalThis.crypto.subtle.exportKey('jwk', imported));
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
// Roles and the design

const cnOf = (cert: Certificate): string => subjectOf(cert).find((a) => a.type === 'CN')?.value ?? '';

function subjectOf(cert: Certificate): NameAttribute[] {
  const known = new Set(['C', 'ST', 'L', 'O', 'OU', 'CN']);
  return cert.subjectName.toJSON().flatMap((rdn) => Object.entries(rdn).flatMap(([type, values]) =>
    known.has(type) ? values.map((value) => ({ type: type as NameAttribute['type'], value })) : []));
}

function sansOf(cert: Certificate): { dns: string[]; ips: string[] } {
  const names = cert.getExtension(x509.SubjectAlternativeNameExtension)?.names.toJSON() ?? [];
  return { dns: names.filter((n) => n.type === 'dns').map((n) => n.value), ips: names.filter((n) => n.type === 'ip').map((n) => n.value) };
}

function usagesOf(cert: Certificate): { server: boolean; client: boolean; ca: boolean } {
  const eku = (cert.getExtension(x509.ExtendedKeyUsageExtension)?.usages ?? []).map(String);
  return {
    server: eku.includes(x509.ExtendedKeyUsage.serverAuth),
    client: eku.includes(x509.ExtendedKeyUsage.clientAuth),
    ca: cert.getExtension(x509.BasicConstraintsExtension)?.ca ?? false,
  };
}

const lifetimeDays = (cert: Certificate): number => Math.max(1, Math.round((cert.notAfter.getTime() - cert.notBefore.getTime()) / DAY_MS));

/** The role a file plays by its kubeadm path, if it has one. */
function roleByPath(path: string): { role: string; node: string | null } | null {
  const ca = CA_FILES[path] ?? GLOBAL_FILES[path];
  if (ca) return { role: ca, node: null };
  if (NODE_FILES[path]) return { role: NODE_FILES[path], node: null };
  const m = /^nodes\/([^/]+)\/(.+)$/.exec(path);
  if (m && NODE_FILES[m[2]!]) return { role: NODE_FILES[m[2]!]!, node: m[1]! };
  return null;
}

/** The role of a certificate under another name, from its subject, usages and path. */
function roleByContent(found: FoundCert): { role: string; node: string | null } | null {
  const cn = cnOf(found.cert);
  const use = usagesOf(found.cert);
  if (use.ca) return CA_CNS[cn] ? { role: CA_CNS[cn], node: null } : null;
  if (cn === 'kube-apiserver' && use.server) return { role: 'apiserver', node: null };
  if (CN_ROLES[cn]) return { role: CN_ROLES[cn], node: null };
  if (cn.startsWith('system:node:')) return { role: 'kubelet.conf', node: cn.slice('system:node:'.length) };
  if (use.server && use.client && /etcd|peer/i.test(found.path)) return { role: /peer/i.test(found.path) ? 'etcd-peer' : 'etcd-server', node: null };
  return null;
}

/** kubeadm's default service CIDR, or a /12, /16 or /24 whose first address is `ip`. */
function serviceCidrFor(ip: string | undefined): string {
  if (!ip || ip === firstServiceIp(KUBEADM_DEFAULTS.serviceCidr) || !/^\d+\.\d+\.\d+\.\d+$/.test(ip)) return KUBEADM_DEFAULTS.serviceCidr;
  for (const prefix of [12, 16, 24]) {
    const base = numberToIpv4(ipv4NetworkOf(ip, prefix));
    if (firstServiceIp(`${base}/${prefix}`) === ip) return `${base}/${prefix}`;
  }
  return KUBEADM_DEFAULTS.serviceCidr;
}

function keyAlgorithmOf(cert: Certificate | undefined): KeyAlgorithm | null {
  const algorithm = cert?.publicKey.algorithm as (Algorithm & { modulusLength?: number; namedCurve?: string }) | undefined;
  if (!algorithm) return null;
  if (algorithm.namedCurve === 'P-256') return 'ECDSA-P256';
  if (algorithm.modulusLength && [2048, 3072, 4096].includes(algorithm.modulusLength)) return `RSA-${algorithm.modulusLength}` as KeyAlgorithm;
  return null;
}

const mostCommon = (values: readonly number[], fallback: number): number => {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? fallback;
};

const STANDARD_DNS = /^kubernetes(\.default(\.svc(\..+)?)?)?$/;

function buildParams(matches: readonly RoleMatch[]): { params: PresetParams; initNode: string } {
  const initial = (role: string) => matches.find((m) => m.role === role && m.node === null)?.found;
  const apiserver = initial('apiserver');
  const apiSans = apiserver ? sansOf(apiserver.cert) : { dns: [], ips: [] };
  const etcdServer = initial('etcd-server');
  const kubelet = initial('kubelet.conf');
  const nodeName = (etcdServer && cnOf(etcdServer.cert))
    || apiSans.dns.find((d) => !STANDARD_DNS.test(d))
    || (kubelet && cnOf(kubelet.cert).replace(/^system:node:/, ''))
    || 'controlplane';
  const serviceCidr = serviceCidrFor(apiSans.ips[0]);
  const serviceIp = firstServiceIp(serviceCidr);
  const etcdIps = etcdServer ? sansOf(etcdServer.cert).ips.filter((ip) => !['127.0.0.1', '::1'].includes(ip)) : [];
  const advertise = apiSans.ips.find((ip) => ip !== serviceIp) ?? etcdIps[0] ?? KUBEADM_DEFAULTS.controlPlane[0]!.ip;
  const dnsDomain = apiSans.dns.map((d) => /^kubernetes\.default\.svc\.(.+)$/.exec(d)?.[1]).find((d) => d) ?? KUBEADM_DEFAULTS.dnsDomain;

  const admin = initial('admin.conf') ?? initial('super-admin.conf') ?? kubelet;
  const clusterName = admin?.kubeconfig?.clusterName ?? KUBEADM_DEFAULTS.clusterName;
  let controlPlaneEndpoint = '';
  const server = admin?.kubeconfig?.server;
  if (server) {
    try {
      const host = endpointHost(server);
      if (host !== advertise) controlPlaneEndpoint = `${host}:${endpointPort(server)}`;
    } catch {
      controlPlaneEndpoint = '';
    }
  }
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
    if (api) controlPlane.push({ name, ip: sansOf(api.found.cert).ips.find((ip) => ip !== serviceIp) ?? nextIp([...controlPlane, ...workers].map((n) => n.ip)) });
  }
  for (const name of others) {
    if (!controlPlane.some((n) => n.name === name)) workers.push({ name, ip: nextIp([...controlPlane, ...workers].map((n) => n.ip)) });
  }

  const ca = matches.find((m) => m.role === 'ca')?.found.cert;
  const leaves = matches.filter((m) => !['ca', 'etcd-ca', 'front-proxy-ca'].includes(m.role)).map((m) => lifetimeDays(m.found.cert));
  const params: PresetParams = {
    ...KUBEADM_DEFAULTS, clusterName, controlPlane, workers, serviceCidr, dnsDomain, controlPlaneEndpoint, extraSans,
    keyAlgorithm: keyAlgorithmOf(ca) ?? KUBEADM_DEFAULTS.keyAlgorithm,
    caValidityDays: ca ? lifetimeDays(ca) : KUBEADM_DEFAULTS.caValidityDays,
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

/** Reads a kubeadm /etc/kubernetes tree (files or zips) into a design, its certificates and a report. */
export async function importPki(inputs: readonly ImportInput[]): Promise<ImportReport> {
  const rejected: Array<{ path: string; reason: string }> = [];
  const files = expand(inputs, rejected);
  const found = classify(files);
  rejected.push(...found.rejected);

  // Roles: kubeadm paths first, then what the other certificates say about themselves.
  const matches: RoleMatch[] = [];
  const taken = new Set<string>();
  const key = (role: string, node: string | null) => `${role}@${node ?? ''}`;
  const rest: FoundCert[] = [];
  for (const cert of found.certs) {
    const byPath = roleByPath(cert.path);
    if (byPath && !taken.has(key(byPath.role, byPath.node))) {
      taken.add(key(byPath.role, byPath.node));
      matches.push({ found: cert, ...byPath });
    } else {
      rest.push(cert);
    }
  }
  const unassigned: Array<{ path: string; subject: string }> = [];
  const initKubelet = matches.find((m) => m.role === 'kubelet.conf' && m.node === null);
  const initEtcd = matches.find((m) => m.role === 'etcd-server' && m.node === null);
  const initName = initEtcd ? cnOf(initEtcd.found.cert) : initKubelet ? cnOf(initKubelet.found.cert).replace(/^system:node:/, '') : null;
  for (const cert of rest) {
    let byContent = roleByContent(cert);
    // A kubelet of the init node belongs to the init node's roles.
    if (byContent && byContent.node !== null && byContent.node === initName) byContent = { ...byContent, node: null };
    if (byContent && !taken.has(key(byContent.role, byContent.node))) {
      taken.add(key(byContent.role, byContent.node));
      matches.push({ found: cert, ...byContent });
    } else {
      unassigned.push({ path: cert.path, subject: cert.cert.subject });
    }
  }

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
      unassigned.push({ path: m.found.path, subject: m.found.cert.subject });
      continue;
    }
    certificates[elementId] = m.found.pem;
    recognised.push({ path: m.found.path, role: m.role, elementId });
    const subject = subjectOf(m.found.cert);
    const days = lifetimeDays(m.found.cert);
    if (ca) {
      const patch = { ...(same(ca.subject, subject) ? {} : { subject }), ...(ca.validityDays === days ? {} : { validityDays: days }) };
      if (Object.keys(patch).length > 0) design = updateCa(ca.id as CaId, patch)(design);
      continue;
    }
    if (!credential) continue;
    const sans = sansOf(m.found.cert);
    const patch: CredentialPatch = {
      ...(same(credential.dnsNames, sans.dns) ? {} : { dnsNames: sans.dns }),
      ...(same(credential.ipAddresses, sans.ips) ? {} : { ipAddresses: sans.ips }),
      ...(same(credential.subject, subject) ? {} : { subject }),
      ...(credential.validityDays === days ? {} : { validityDays: days }),
    };
    const algorithm = keyAlgorithmOf(m.found.cert);
    const withAlgorithm: CredentialPatch = algorithm && algorithm !== params.keyAlgorithm ? { ...patch, keyAlgorithm: algorithm } : patch;
    if (Object.keys(withAlgorithm).length > 0) design = updateCredential(credential.id as CredentialId, withAlgorithm)(design);
  }

  // The service-account key pair has no certificate: sa.pub stands for it.
  const publics = new Map<string, string>();
  for (const m of matches) {
    const elementId = recognised.find((r) => r.path === m.found.path && r.role === m.role)?.elementId;
    if (!elementId) continue;
    const identity = await publicKeyIdentity(m.found.cert.publicKey);
    if (identity && !publics.has(identity)) publics.set(identity, elementId);
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
    }
  }

  const keys: Array<{ path: string; matches: string | null }> = [];
  const caIds = new Set<string>(topologyOf(design).cas.map((ca) => ca.id));
  const caKeys: Record<string, string> = {};
  for (const k of found.keys) {
    let identity: string;
    try {
      identity = await privateKeyIdentity(k);
    } catch (error) {
      rejected.push({ path: k.path, reason: `a private key that does not decode (${(error as Error).message}).` });
      continue;
    }
    const matched = publics.get(identity) ?? null;
    keys.push({ path: k.path, matches: matched });
    if (matched && caIds.has(matched)) caKeys[matched] = k.pem;
  }

  return { design, certificates, recognised, keys, caKeys, rejected, unassigned };
}
