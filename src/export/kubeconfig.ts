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
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: spec.clusterName, cluster: { server: spec.server, 'certificate-authority-data': data.ca } }],
    contexts: [{ name: spec.contextName, context: { cluster: spec.clusterName, user: spec.userName } }],
    'current-context': spec.contextName,
    users: [{ name: spec.userName, user: { 'client-certificate-data': data.cert, 'client-key-data': data.key } }],
  }, { indentSeq: false, lineWidth: 0 });
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
