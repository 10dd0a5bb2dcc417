import { subjectOf } from '../../pki/profile';
import { createTopologyBuilder } from '../builder';
import type { Component, Topology } from '../model';
import { endpointHost, endpointPort, firstServiceIp, httpsUrl, isIpAddress } from '../network';
import { CA_COLORS, type PresetParams } from '../presetParams';
import { addApiClient, type ApiTarget } from './apiClient';

export const HARDWAY_DEFAULTS: PresetParams = {
  clusterName: 'kubernetes-the-hard-way',
  controlPlane: [{ name: 'server', ip: '10.240.0.10' }],
  workers: [
    { name: 'node-0', ip: '10.240.0.20' },
    { name: 'node-1', ip: '10.240.0.21' },
  ],
  serviceCidr: '10.32.0.0/24',
  dnsDomain: 'cluster.local',
  controlPlaneEndpoint: 'server.kubernetes.local:6443',
  extraSans: [],
  keyAlgorithm: 'RSA-4096',
  caValidityDays: 3653,
  leafValidityDays: 3653,
  apiserverReusesServingPair: true,
  separateEtcdCa: false,
};

const SEATTLE = { C: 'US', ST: 'Washington', L: 'Seattle' };

/**
 * Kubernetes The Hard Way (ca.conf at 52eb26d): one CA, flat `<name>.crt/.key`, cluster
 * `kubernetes-the-hard-way`, context `default`. etcd runs plain HTTP on 127.0.0.1, so it has
 * no certificates. Two upstream typos are corrected (see the notes).
 */
export function hardwayPreset(p: PresetParams): Topology {
  const b = createTopologyBuilder(p.clusterName, p.keyAlgorithm);
  const ca = b.ca('ca', {
    name: 'CA',
    certFile: 'ca.crt',
    keyFile: 'ca.key',
    subject: subjectOf('CA', [], SEATTLE),
    dnsNames: [],
    validityDays: p.caValidityDays,
    color: CA_COLORS[0],
  });
  const [serverNode] = p.controlPlane;
  if (!serverNode) throw new Error('The Hard Way needs its server node');
  const server = b.host(serverNode.name, 'control-plane', serverNode.ip);
  const apiserver = b.component('kube-apiserver', 'kube-apiserver', server);
  const apiName = p.controlPlaneEndpoint ? endpointHost(p.controlPlaneEndpoint) : 'server.kubernetes.local';
  const apiNameIsIp = isIpAddress(apiName);
  const apiserverCred = b.credential('kube-api-server', {
    ownerId: apiserver.id,
    label: 'kube-api-server.crt',
    files: { cert: 'kube-api-server.crt', key: 'kube-api-server.key' },
    kubeconfig: null,
    caId: ca.id,
    subject: subjectOf('kubernetes', [], SEATTLE),
    serverAuth: true,
    clientAuth: true,
    ipAddresses: [
      '127.0.0.1',
      firstServiceIp(p.serviceCidr),
      ...(apiNameIsIp ? [apiName] : []),
      ...p.extraSans.filter(isIpAddress),
    ],
    dnsNames: [
      'kubernetes',
      'kubernetes.default',
      'kubernetes.default.svc',
      'kubernetes.default.svc.cluster',
      `kubernetes.default.svc.${p.dnsDomain}`,
      ...(apiNameIsIp ? [] : [apiName]),
      'api-server.kubernetes.local',
      ...p.extraSans.filter((s) => !isIpAddress(s)),
    ],
    validityDays: p.leafValidityDays,
    purpose:
      'The API server\'s serving certificate, also its client certificate towards the kubelets (user "kubernetes").',
    usedBy: [
      'kube-apiserver --tls-cert-file, --tls-private-key-file, --kubelet-client-certificate, --kubelet-client-key',
    ],
  });
  const api: ApiTarget = { apiserver, serving: apiserverCred, ca };
  const remote = httpsUrl(apiName, p.controlPlaneEndpoint ? endpointPort(p.controlPlaneEndpoint) : 6443);
  const client = (
    name: string,
    owner: Component,
    cn: string,
    o: string[],
    s: { server: string; serving: boolean; purpose: string; label: string },
  ) =>
    addApiClient(b, api, {
      key: name,
      owner,
      label: `${name}.crt`,
      files: { cert: `${name}.crt`, key: `${name}.key` },
      kubeconfigFile: `${name}.kubeconfig`,
      clusterName: p.clusterName,
      contextName: 'default',
      server: s.server,
      subject: subjectOf(cn, o, cn.startsWith('system:node:') ? SEATTLE : {}),
      serverAuth: s.serving,
      dnsNames: s.serving ? [name] : [],
      ipAddresses: s.serving ? ['127.0.0.1'] : [],
      validityDays: p.leafValidityDays,
      purpose: s.purpose,
      usedBy: [`${owner.name} --kubeconfig ${name}.kubeconfig`],
      connectionLabel: s.label,
    });

  client('admin', b.component('admin', 'kubectl (admin)', null), 'admin', ['system:masters'], {
    server: 'https://127.0.0.1:6443',
    serving: false,
    purpose: 'The administrator, run on the server itself.',
    label: 'kubectl -> API',
  });
  client(
    'kube-controller-manager',
    b.component('kube-controller-manager', 'kube-controller-manager', server),
    'system:kube-controller-manager',
    ['system:kube-controller-manager'],
    { server: remote, serving: true, purpose: 'The controller manager.', label: 'controller-manager -> API' },
  );
  client(
    'kube-scheduler',
    b.component('kube-scheduler', 'kube-scheduler', server),
    'system:kube-scheduler',
    ['system:kube-scheduler'],
    { server: remote, serving: true, purpose: 'The scheduler.', label: 'scheduler -> API' },
  );
  client(
    'kube-proxy',
    b.component('kube-proxy', 'kube-proxy (every node)', null),
    'system:kube-proxy',
    ['system:node-proxier'],
    { server: remote, serving: true, purpose: 'kube-proxy on every worker.', label: 'kube-proxy -> API' },
  );

  for (const node of p.workers) {
    const host = b.host(node.name, 'worker', node.ip, node.count);
    const kubelet = b.component('kubelet', 'kubelet', host);
    // One pair per node serves the kubelet API and is its client identity (DNS:node-N for the apiserver's dial).
    const cred = client(node.name, kubelet, `system:node:${node.name}`, ['system:nodes'], {
      server: remote,
      serving: true,
      label: 'kubelet -> API',
      purpose: `The kubelet of ${node.name}: its serving certificate and its client identity in one pair.`,
    });
    b.connect({
      clientId: apiserver.id,
      serverId: kubelet.id,
      clientCredentialId: apiserverCred.id,
      serverCredentialId: cred.id,
      clientTrustsCaId: ca.id,
      serverTrustsCaId: ca.id,
      address: node.name,
      port: 10250,
      label: 'API -> kubelet',
    });
  }
  b.credential('service-accounts', {
    ownerId: apiserver.id,
    label: 'service-accounts.crt',
    files: { cert: 'service-accounts.crt', key: 'service-accounts.key' },
    kubeconfig: null,
    caId: ca.id,
    subject: subjectOf('service-accounts'),
    dnsNames: [],
    ipAddresses: [],
    serverAuth: false,
    clientAuth: true,
    validityDays: p.leafValidityDays,
    purpose: 'Signs ServiceAccount tokens; the apiserver reads the public key from the certificate.',
    usedBy: [
      'kube-apiserver --service-account-key-file (crt), --service-account-signing-key-file (key)',
      'kube-controller-manager --service-account-private-key-file',
    ],
  });
  b.note(
    'Corrects two upstream typos: kube-scheduler O is system:kube-scheduler (upstream: system:system:kube-scheduler), and the apiserver SAN is kubernetes.default.svc.cluster.local (upstream: kubernetes.svc.cluster.local).',
  );
  b.note('etcd listens on plain HTTP at 127.0.0.1 in the Hard Way, so it has no certificates here.');
  return b.build();
}
