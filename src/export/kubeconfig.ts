import { stringify } from 'yaml';
import type { KubeconfigSpec, Topology } from '../topology/model';

/** The three embedded blocks of a kubeconfig, already base64. */
export interface KubeconfigData {
  readonly ca: string;
  readonly cert: string;
  readonly key: string;
}

/**
 * A kubeconfig with one cluster, one context and one user, certs embedded as base64 PEM:
 * the shape kubeadm writes (kubeconfig.CreateWithCerts). Always the YAML library's output, so
 * no name can add a line or a key.
 */
export function kubeconfigYamlWith(spec: KubeconfigSpec, data: KubeconfigData): string {
  return stringify(
    {
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: spec.clusterName, cluster: { server: spec.server, 'certificate-authority-data': data.ca } }],
      contexts: [{ name: spec.contextName, context: { cluster: spec.clusterName, user: spec.userName } }],
      'current-context': spec.contextName,
      users: [{ name: spec.userName, user: { 'client-certificate-data': data.cert, 'client-key-data': data.key } }],
    },
    { indentSeq: false, lineWidth: 0 },
  );
}

/** One piece of a kubeconfig laid out for a script: literal YAML, or the base64 of one of its three files. */
export type KubeconfigChunk = { readonly text: string } | { readonly data: keyof KubeconfigData };

/**
 * The kubeconfig as literal YAML around its three base64 blocks, for a script that splices the
 * blocks in from files it made. Each block is found by a mark that occurs exactly once in the
 * document: a name spelled like a mark gets a longer one, so no name can move a block.
 */
export function kubeconfigChunks(spec: KubeconfigSpec): KubeconfigChunk[] {
  for (let salt = 0; ; salt++) {
    const marks = {
      ca: `@@K8S_TLS_CA_DATA_${salt}@@`,
      cert: `@@K8S_TLS_CERT_DATA_${salt}@@`,
      key: `@@K8S_TLS_KEY_DATA_${salt}@@`,
    };
    const yaml = kubeconfigYamlWith(spec, marks);
    if (Object.values(marks).some((m) => yaml.split(m).length !== 2)) continue;
    const byMark = new Map(Object.entries(marks).map(([data, mark]) => [mark, data as keyof KubeconfigData]));
    const parts = yaml.split(new RegExp(`"?(${Object.values(marks).join('|')})"?`));
    return parts.map((part, i) => (i % 2 === 1 ? { data: byMark.get(part)! } : { text: part }));
  }
}

/** The kubeconfig of a generated pair. */
export function kubeconfigYaml(spec: KubeconfigSpec, caPem: string, certPem: string, keyPem: string): string {
  return kubeconfigYamlWith(spec, { ca: btoa(caPem), cert: btoa(certPem), key: btoa(keyPem) });
}

/**
 * The CA each kubeconfig embeds, by credential id. It verifies the API server, so it is the CA
 * the credential's connection trusts for the server, which need not be the CA that signed the
 * client's own certificate; a credential that dials nothing embeds its own CA.
 */
export function kubeconfigCas(topology: Topology): Map<string, string> {
  const cas = new Map<string, string>(topology.credentials.map((c) => [c.id, c.caId]));
  const dialled = new Set<string>();
  for (const c of topology.connections) {
    if (!c.clientCredentialId || !c.clientTrustsCaId || dialled.has(c.clientCredentialId)) continue;
    dialled.add(c.clientCredentialId);
    cas.set(c.clientCredentialId, c.clientTrustsCaId);
  }
  return cas;
}
