import { topologyOf, type Design } from '../topology/design';
import { updateCa, updateCredential } from '../topology/edits';

/**
 * kubespray runs kubeadm with certificatesDir {{ kube_cert_dir }} = /etc/kubernetes/ssl
 * (kubernetes-sigs/kubespray roles/kubernetes/control-plane/templates/kubeadm-config.v1beta4.yaml.j2,
 * inventory/sample/group_vars/k8s_cluster/k8s-cluster.yml): kubeadm's pki/ files, under ssl/.
 */
export const KUBESPRAY_LAYOUT = 'kubespray (kubeadm with certificatesDir /etc/kubernetes/ssl)';
const KUBESPRAY_DIR = /^((?:nodes\/[^/]+\/)?)ssl\//;

/** A kubespray path as kubeadm's: ssl/ca.crt is pki/ca.crt. */
export const asPkiPath = (path: string): string => path.replace(KUBESPRAY_DIR, '$1pki/');
export const isKubesprayPath = (path: string): boolean => KUBESPRAY_DIR.test(path);

/** The kubeadm design with its certificate and key files under ssl/, where kubespray keeps them, so a renewal writes them back there. */
export function underKubesprayDir(design: Design): Design {
  const toSsl = (path: string) => path.replace(/^((?:nodes\/[^/]+\/)?)pki\//, '$1ssl/');
  const topology = topologyOf(design);
  let next = design;
  for (const ca of topology.cas)
    next = updateCa(ca.id, { certFile: toSsl(ca.certFile), keyFile: toSsl(ca.keyFile) })(next);
  for (const c of topology.credentials) {
    if (c.files) next = updateCredential(c.id, { files: { cert: toSsl(c.files.cert), key: toSsl(c.files.key) } })(next);
  }
  return next;
}
