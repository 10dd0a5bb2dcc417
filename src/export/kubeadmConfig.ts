import { stringify } from 'yaml';
import type { PresetParams } from '../topology/presetParams';

/** Hours in kubeadm's duration syntax, e.g. 365 days -> "8760h0m0s". */
function hours(days: number): string {
  return `${days * 24}h0m0s`;
}

/**
 * The kubeadm v1beta4 ClusterConfiguration that matches the bundle, so that `kubeadm init
 * --config` uses these files and would make the same ones: certSANs, endpoint, service subnet,
 * DNS domain, validity periods and key algorithm.
 */
export function clusterConfigurationYaml(params: PresetParams): string {
  return stringify(
    {
      apiVersion: 'kubeadm.k8s.io/v1beta4',
      kind: 'ClusterConfiguration',
      clusterName: params.clusterName,
      ...(params.controlPlaneEndpoint ? { controlPlaneEndpoint: params.controlPlaneEndpoint } : {}),
      certificatesDir: '/etc/kubernetes/pki',
      encryptionAlgorithm: params.keyAlgorithm,
      caCertificateValidityPeriod: hours(params.caValidityDays),
      certificateValidityPeriod: hours(params.leafValidityDays),
      networking: { serviceSubnet: params.serviceCidr, dnsDomain: params.dnsDomain },
      ...(params.extraSans.length > 0 ? { apiServer: { certSANs: [...params.extraSans] } } : {}),
    },
    { indentSeq: false },
  );
}
