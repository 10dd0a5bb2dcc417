import { subjectOf } from '../../pki/profile';
import { createTopologyBuilder } from '../builder';
import type { Component, Credential, Topology } from '../model';
import { endpointHost, endpointPort, firstServiceIp, httpsUrl, isIpAddress } from '../network';
import { CA_COLORS, LAB_CLUSTER, type PresetParams } from '../presetParams';
import { addApiClient, type ApiTarget } from './apiClient';

export const COURSE_DEFAULTS: PresetParams = LAB_CLUSTER;

/**
 * The naming a Kubernetes TLS course teaches: one CA (ca.crt), server certs apiserver,
 * etcdserver, kubelet; client certs admin, scheduler, controller-manager, kube-proxy; flat files.
 */
export function coursePreset(p: PresetParams): Topology {
  const b = createTopologyBuilder(p.clusterName, p.keyAlgorithm);
  const ca = b.ca('ca', {
    name: 'Kubernetes CA',
    certFile: 'ca.crt',
    keyFile: 'ca.key',
    subject: subjectOf('KUBERNETES-CA'),
    dnsNames: [],
    validityDays: p.caValidityDays,
    color: CA_COLORS[0],
  });
  const etcdCa = p.separateEtcdCa
    ? b.ca('etcd-ca', {
        name: 'etcd CA',
        certFile: 'etcd-ca.crt',
        keyFile: 'etcd-ca.key',
        subject: subjectOf('ETCD-CA'),
        dnsNames: [],
        validityDays: p.caValidityDays,
        color: CA_COLORS[1],
      })
    : ca;
  const cpHosts = p.controlPlane.map((n) => b.host(n.name, 'control-plane', n.ip));
  const workerHosts = p.workers.map((n) => b.host(n.name, 'worker', n.ip, n.count));
  const firstCp = cpHosts[0];
  if (!firstCp) throw new Error('The course cluster needs a control-plane node');
  const days = p.leafValidityDays;
  const flat = (name: string) => ({ cert: `${name}.crt`, key: `${name}.key` });
  const leaf = (
    key: string,
    owner: Component,
    s: {
      cn: string;
      o?: string[];
      server?: boolean;
      client?: boolean;
      dns?: string[];
      ips?: string[];
      signer?: typeof ca;
      purpose: string;
      usedBy: string[];
    },
  ): Credential =>
    b.credential(key, {
      ownerId: owner.id,
      label: `${key}.crt`,
      files: flat(key),
      kubeconfig: null,
      caId: (s.signer ?? ca).id,
      subject: subjectOf(s.cn, s.o),
      dnsNames: s.dns ?? [],
      ipAddresses: s.ips ?? [],
      serverAuth: s.server ?? false,
      clientAuth: s.client ?? false,
      validityDays: days,
      purpose: s.purpose,
      usedBy: s.usedBy,
    });

  const apiserver = b.component('kube-apiserver', 'kube-apiserver', firstCp);
  const etcd = b.component('etcd', 'etcd', firstCp);
  const endpoint = p.controlPlaneEndpoint ? [endpointHost(p.controlPlaneEndpoint)] : [];
  const extra = [...endpoint, ...p.extraSans];
  const reuse = p.apiserverReusesServingPair;
  const apiserverCred = leaf('apiserver', apiserver, {
    cn: 'kube-apiserver',
    server: true,
    client: reuse,
    dns: [
      'kubernetes',
      'kubernetes.default',
      'kubernetes.default.svc',
      `kubernetes.default.svc.${p.dnsDomain}`,
      ...cpHosts.map((h) => h.name),
      ...extra.filter((s) => !isIpAddress(s)),
    ],
    ips: [firstServiceIp(p.serviceCidr), ...cpHosts.map((h) => h.ip), ...extra.filter(isIpAddress)],
    purpose: reuse
      ? "The API server's serving certificate, reused as its client certificate towards kubelets (and etcd when one CA signs all)."
      : "The API server's serving certificate; its SANs cover every name and IP clients dial.",
    usedBy: [
      'kube-apiserver --tls-cert-file, --tls-private-key-file',
      ...(reuse ? ['kube-apiserver --kubelet-client-certificate'] : []),
    ],
  });
  const etcdServer = leaf('etcdserver', etcd, {
    cn: 'etcd-server',
    server: true,
    client: true,
    signer: etcdCa,
    dns: [...cpHosts.map((h) => h.name), 'localhost'],
    ips: [...cpHosts.map((h) => h.ip), '127.0.0.1'],
    purpose: "etcd's serving certificate (etcd also dials itself with it, so it carries clientAuth).",
    usedBy: ['etcd --cert-file, --key-file'],
  });
  // A serving pair signed by the cluster CA cannot authenticate to an etcd that trusts only the etcd CA.
  const etcdClient =
    reuse && !p.separateEtcdCa
      ? apiserverCred
      : leaf('apiserver-etcd-client', apiserver, {
          cn: 'kube-apiserver-etcd-client',
          client: true,
          signer: etcdCa,
          purpose: 'The API server as a client of etcd.',
          usedBy: ['kube-apiserver --etcd-certfile, --etcd-keyfile'],
        });
  const kubeletClient = reuse
    ? apiserverCred
    : leaf('apiserver-kubelet-client', apiserver, {
        cn: 'kube-apiserver-kubelet-client',
        o: ['system:masters'],
        client: true,
        purpose: 'The API server as a client of kubelets (logs, exec, port-forward).',
        usedBy: ['kube-apiserver --kubelet-client-certificate, --kubelet-client-key'],
      });
  b.connect({
    clientId: apiserver.id,
    serverId: etcd.id,
    clientCredentialId: etcdClient.id,
    serverCredentialId: etcdServer.id,
    clientTrustsCaId: etcdCa.id,
    serverTrustsCaId: etcdCa.id,
    address: '127.0.0.1',
    port: 2379,
    label: 'API -> etcd',
  });

  const server = p.controlPlaneEndpoint
    ? httpsUrl(endpointHost(p.controlPlaneEndpoint), endpointPort(p.controlPlaneEndpoint))
    : httpsUrl(firstCp.ip, 6443);
  const api: ApiTarget = { apiserver, serving: apiserverCred, ca };
  const client = (name: string, owner: Component, cn: string, o: string[], purpose: string, label: string) =>
    addApiClient(b, api, {
      key: name,
      owner,
      label: `${name}.crt`,
      files: flat(name),
      kubeconfigFile: `${name}.kubeconfig`,
      clusterName: p.clusterName,
      server,
      subject: subjectOf(cn, o),
      validityDays: days,
      purpose,
      usedBy: [`${owner.name} --kubeconfig ${name}.kubeconfig`],
      connectionLabel: label,
    });
  client(
    'admin',
    b.component('admin', 'kubectl (admin)', null),
    'kube-admin',
    ['system:masters'],
    'The administrator; the group system:masters makes it a cluster-admin.',
    'kubectl -> API',
  );
  client(
    'scheduler',
    b.component('kube-scheduler', 'kube-scheduler', firstCp),
    'system:kube-scheduler',
    [],
    'The scheduler; its user name must be system:kube-scheduler for the default RBAC to apply.',
    'scheduler -> API',
  );
  client(
    'controller-manager',
    b.component('kube-controller-manager', 'kube-controller-manager', firstCp),
    'system:kube-controller-manager',
    [],
    'The controller manager; user system:kube-controller-manager.',
    'controller-manager -> API',
  );
  client(
    'kube-proxy',
    b.component('kube-proxy', 'kube-proxy (every node)', null),
    'system:kube-proxy',
    [],
    'kube-proxy on every node; user system:kube-proxy is bound to system:node-proxier.',
    'kube-proxy -> API',
  );

  for (const host of [...cpHosts, ...workerHosts]) {
    const kubelet = b.component('kubelet', 'kubelet', host);
    const serving = leaf(`kubelet-${host.name}`, kubelet, {
      cn: host.name,
      server: true,
      dns: [host.name],
      ips: [host.ip],
      purpose: `The kubelet of ${host.name} serving its API (logs, exec) on port 10250.`,
      usedBy: ['kubelet config tlsCertFile, tlsPrivateKeyFile'],
    });
    addApiClient(b, api, {
      key: `kubelet-client-${host.name}`,
      owner: kubelet,
      label: `kubelet-client-${host.name}.crt`,
      files: flat(`kubelet-client-${host.name}`),
      kubeconfigFile: `kubelet-${host.name}.kubeconfig`,
      clusterName: p.clusterName,
      server,
      subject: subjectOf(`system:node:${host.name}`, ['system:nodes']),
      validityDays: days,
      purpose: `The kubelet of ${host.name} as a client of the API; named system:node:<node> in group system:nodes.`,
      usedBy: [`kubelet --kubeconfig kubelet-${host.name}.kubeconfig`],
      connectionLabel: 'kubelet -> API',
    });
    b.connect({
      clientId: apiserver.id,
      serverId: kubelet.id,
      clientCredentialId: kubeletClient.id,
      serverCredentialId: serving.id,
      clientTrustsCaId: ca.id,
      serverTrustsCaId: ca.id,
      address: host.ip,
      port: 10250,
      label: 'API -> kubelet',
    });
  }
  b.keyPair('sa', {
    privateFile: 'sa.key',
    publicFile: 'sa.pub',
    purpose: 'Signs and verifies ServiceAccount tokens; a bare key pair, not a certificate.',
    usedBy: [
      'kube-apiserver --service-account-signing-key-file, --service-account-key-file',
      'kube-controller-manager --service-account-private-key-file',
    ],
  });
  if (reuse && p.separateEtcdCa) {
    b.note(
      'The apiserver reuses its serving pair towards kubelets, but keeps its own etcd client pair: etcd trusts only the etcd CA.',
    );
  }
  return b.build();
}
