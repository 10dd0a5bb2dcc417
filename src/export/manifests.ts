import { stringify } from 'yaml';
import { commonNameOf, organizationsOf } from '../pki/profile';
import { caChain, casById, intermediatesOf } from '../topology/caChain';
import { RENEWAL_WINDOW_DAYS } from '../topology/checks/credentialChecks';
import type { CertificateAuthority, Credential, Topology } from '../topology/model';
import type { BundleFile } from './bundleFile';
import type { GeneratedPki } from './generate';
import { visible } from '../topology/fieldRules';

/** What runs inside the cluster and serves TLS with a certificate of the design: the components a person added. */
const IN_CLUSTER = new Set(['custom-server', 'extension-apiserver']);

/** The namespace the manifests name: the person changes it to theirs (kubectl apply -n does not override one written). */
export const MANIFEST_NAMESPACE = 'default';

/** A Kubernetes object name (DNS-1123 subdomain) from a file or CA name. */
export function objectName(text: string, suffix = ''): string {
  const base =
    text
      .toLowerCase()
      .replace(/\.[a-z]+$/, '')
      .replace(/[^a-z0-9.-]+/g, '-')
      .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '') || 'tls';
  return `${base.slice(0, 253 - suffix.length).replace(/[^a-z0-9]+$/, '')}${suffix}`;
}

/** The server credentials of in-cluster components: one Secret and one cert-manager Certificate each. */
export function inClusterCredentials(topology: Topology): Credential[] {
  const kinds = new Map(topology.components.map((c) => [c.id as string, c.kind]));
  return topology.credentials.filter((c) => c.serverAuth && IN_CLUSTER.has(kinds.get(c.ownerId) ?? ''));
}

const b64 = (text: string) => btoa(text);
/** A credential's file name, folders left out: what its objects are named after. */
const baseName = (cred: Credential) => (cred.files?.cert ?? cred.label).replace(/^.*\//, '');
/**
 * Each in-cluster credential's object name, from its file name; a second server with a file of
 * the same name gets -2, and so on, so no Secret or Certificate replaces another.
 */
function objectNames(creds: readonly Credential[]): Map<string, string> {
  const names = new Map<string, string>();
  const used = new Set<string>();
  for (const cred of creds) {
    const base = objectName(baseName(cred));
    let name = base;
    for (let n = 2; used.has(name); n++) name = `${base}-${n}`;
    used.add(name);
    names.set(cred.id, name);
  }
  return names;
}
const issuerName = (ca: CertificateAuthority) => objectName(ca.name, '-issuer');
const caSecretName = (ca: CertificateAuthority) => objectName(ca.name, '-ca-key-pair');

/**
 * A Secret of type kubernetes.io/tls for one credential, as `kubectl create secret tls` writes
 * it, plus ca.crt (the root its chain ends at), which cert-manager and ingress controllers read.
 */
export function tlsSecretYaml(
  topology: Topology,
  pki: GeneratedPki,
  cred: Credential,
  name = objectNames(inClusterCredentials(topology)).get(cred.id)!,
): string {
  const caById = casById(topology.cas);
  const issued = pki.credentials.get(cred.id);
  const root = caChain(cred.caId, caById).at(-1);
  const rootPem = root ? pki.cas.get(root.id)?.certPem : undefined;
  if (!issued || !rootPem) throw new Error(`${cred.label} was not generated`);
  const chain = intermediatesOf(cred.caId, caById)
    .map((ca) => pki.cas.get(ca.id)!.certPem)
    .join('');
  return stringify({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: `${name}-tls`, namespace: MANIFEST_NAMESPACE },
    type: 'kubernetes.io/tls',
    data: { 'tls.crt': b64(issued.certPem + chain), 'tls.key': b64(issued.keyPem), 'ca.crt': b64(rootPem) },
  });
}

/** cert-manager's name for a key algorithm (Certificate spec.privateKey). */
function privateKeyOf(algorithm: Topology['keyAlgorithm']): { algorithm: 'RSA' | 'ECDSA'; size: number } {
  if (algorithm.startsWith('ECDSA')) return { algorithm: 'ECDSA', size: algorithm === 'ECDSA-P384' ? 384 : 256 };
  return { algorithm: 'RSA', size: Number(algorithm.slice('RSA-'.length)) };
}

/**
 * The cert-manager resources that would issue the same certificates in the cluster: for each CA
 * that signs one, a CA Issuer (and, with its key, the Secret it signs from), and a Certificate
 * per credential with its subject, SANs, usages, duration and private-key algorithm.
 */
export function certManagerYaml(topology: Topology, pki: GeneratedPki | null, externalCa: boolean): string {
  const creds = inClusterCredentials(topology);
  const cas = [...new Set(creds.map((c) => c.caId as string))].map((id) => topology.cas.find((ca) => ca.id === id)!);
  const inCluster = new Set<string>(creds.map((c) => c.id));
  const names = objectNames(creds);
  const caById = casById(topology.cas);
  const docs: string[] = [];
  for (const ca of cas) {
    const issued = pki?.cas.get(ca.id);
    // A CA that also signs anything else (the cluster CA, whose key makes system:masters users)
    // never goes into the cluster as a Secret: only one that signs in-cluster servers alone.
    const dedicated = topology.credentials.every((c) => c.caId !== ca.id || inCluster.has(c.id));
    const issuer = stringify({
      apiVersion: 'cert-manager.io/v1',
      kind: 'Issuer',
      metadata: { name: issuerName(ca), namespace: MANIFEST_NAMESPACE },
      spec: { ca: { secretName: caSecretName(ca) } },
    });
    if (issued && !externalCa && dedicated) {
      // cert-manager reads the chain above an intermediate from tls.crt.
      const above = intermediatesOf(ca.id, caById)
        .slice(1)
        .map((c) => pki!.cas.get(c.id)!.certPem)
        .join('');
      docs.push(
        stringify({
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: { name: caSecretName(ca), namespace: MANIFEST_NAMESPACE },
          type: 'kubernetes.io/tls',
          data: { 'tls.crt': b64(issued.certPem + above), 'tls.key': b64(issued.keyPem) },
        }),
      );
      docs.push(issuer);
    } else {
      const why =
        !issued || externalCa
          ? 'this bundle holds no CA key.'
          : `${visible(ca.name)} signs more than these servers, so its key is not written into the cluster: sign them with a CA of their own (Add CA) to have it here.`;
      docs.push(
        `# Create the Secret ${caSecretName(ca)} (type kubernetes.io/tls) from your CA's certificate and key:\n# ${why}\n${issuer}`,
      );
    }
  }
  for (const cred of creds) {
    const ca = topology.cas.find((c) => c.id === cred.caId)!;
    const organizations = organizationsOf(cred.subject);
    const usages = [
      'digital signature',
      'key encipherment',
      ...(cred.serverAuth ? ['server auth'] : []),
      ...(cred.clientAuth ? ['client auth'] : []),
    ];
    docs.push(
      stringify({
        apiVersion: 'cert-manager.io/v1',
        kind: 'Certificate',
        metadata: { name: names.get(cred.id)!, namespace: MANIFEST_NAMESPACE },
        spec: {
          secretName: `${names.get(cred.id)!}-tls`,
          commonName: commonNameOf(cred.subject),
          ...(organizations.length > 0 ? { subject: { organizations } } : {}),
          ...(cred.dnsNames.length > 0 ? { dnsNames: [...cred.dnsNames] } : {}),
          ...(cred.ipAddresses.length > 0 ? { ipAddresses: [...cred.ipAddresses] } : {}),
          duration: `${cred.validityDays * 24}h`,
          // cert-manager wants it shorter than the duration: the renewal window, or a third of a short lifetime.
          renewBefore: `${Math.max(1, Math.floor(Math.min(RENEWAL_WINDOW_DAYS, cred.validityDays / 3) * 24))}h`,
          usages,
          privateKey: { ...privateKeyOf(cred.keyAlgorithm ?? topology.keyAlgorithm), rotationPolicy: 'Always' },
          issuerRef: { name: issuerName(ca), kind: 'Issuer', group: 'cert-manager.io' },
        },
      }),
    );
  }
  return docs.join('---\n');
}

/** The manifests a bundle carries for its in-cluster servers; none when the design has none. */
export function manifestFiles(topology: Topology, pki: GeneratedPki, externalCa: boolean): BundleFile[] {
  const creds = inClusterCredentials(topology);
  if (creds.length === 0) return [];

  const names = objectNames(creds);
  return [
    ...creds.map((cred) => ({
      path: `manifests/${names.get(cred.id)!}-tls-secret.yaml`,
      content: tlsSecretYaml(topology, pki, cred, names.get(cred.id)!),
      mode: 0o600 as const,
    })),
    { path: 'manifests/cert-manager.yaml', content: certManagerYaml(topology, pki, externalCa), mode: 0o600 as const },
  ];
}
