import { stringify } from 'yaml';
import type { KubeconfigSpec } from '../topology/model';

function base64(text: string): string {
  return btoa(text);
}

/**
 * A kubeconfig with one cluster, one context and one user, certs embedded as base64 PEM:
 * the shape kubeadm writes (kubeconfig.CreateWithCerts).
 */
export function kubeconfigYaml(spec: KubeconfigSpec, caPem: string, certPem: string, keyPem: string): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: spec.clusterName, cluster: { server: spec.server, 'certificate-authority-data': base64(caPem) } }],
    contexts: [{ name: spec.contextName, context: { cluster: spec.clusterName, user: spec.userName } }],
    'current-context': spec.contextName,
    users: [{ name: spec.userName, user: { 'client-certificate-data': base64(certPem), 'client-key-data': base64(keyPem) } }],
  }, { indentSeq: false });
}
