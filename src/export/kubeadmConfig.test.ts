import { parse } from 'yaml';
import { expect, test } from 'vitest';
import { PRESET_DEFAULTS } from '../topology/presets';
import { clusterConfigurationYaml } from './kubeadmConfig';

test("the ClusterConfiguration carries the design's endpoint, SANs, networking, validity and algorithm (kubeadm v1beta4 names)", () => {
  const config = parse(
    clusterConfigurationYaml({
      ...PRESET_DEFAULTS.kubeadm,
      controlPlaneEndpoint: 'lb.example.com:6443',
      extraSans: ['10.0.0.100', 'api.example.com'],
      keyAlgorithm: 'ECDSA-P256',
      caValidityDays: 3650,
      leafValidityDays: 90,
      serviceCidr: '10.100.0.0/16',
      dnsDomain: 'example.internal',
    }),
  );
  expect(config).toEqual({
    apiVersion: 'kubeadm.k8s.io/v1beta4',
    kind: 'ClusterConfiguration',
    clusterName: 'kubernetes',
    controlPlaneEndpoint: 'lb.example.com:6443',
    certificatesDir: '/etc/kubernetes/pki',
    encryptionAlgorithm: 'ECDSA-P256',
    caCertificateValidityPeriod: '87600h0m0s',
    certificateValidityPeriod: '2160h0m0s',
    networking: { serviceSubnet: '10.100.0.0/16', dnsDomain: 'example.internal' },
    apiServer: { certSANs: ['10.0.0.100', 'api.example.com'] },
  });
});

test("kubeadm's defaults give its default periods, and no endpoint or certSANs when there are none", () => {
  const config = parse(clusterConfigurationYaml(PRESET_DEFAULTS.kubeadm));
  expect(config.caCertificateValidityPeriod).toBe('87600h0m0s');
  expect(config.certificateValidityPeriod).toBe('8760h0m0s');
  expect(config.encryptionAlgorithm).toBe('RSA-2048');
  expect(config).not.toHaveProperty('controlPlaneEndpoint');
  expect(config).not.toHaveProperty('apiServer');
});
