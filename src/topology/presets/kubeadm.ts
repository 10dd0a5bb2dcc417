import { subjectOf } from '../../pki/profile';
import { createTopologyBuilder, type TopologyBuilder } from '../builder';
import type { CertificateAuthority, Component, Credential, Host, Topology } from '../model';
import { endpointHost, endpointPort, firstServiceIp, httpsUrl, isIpAddress } from '../network';
import { CA_COLORS, LAB_CLUSTER, type PresetParams } from '../presetParams';
import { addApiClient, type ApiTarget } from './apiClient';

// kubeadm always keeps etcd on its own CA; the switch only matters to the Course preset.
export const KUBEADM_DEFAULTS: PresetParams = { ...LAB_CLUSTER, separateEtcdCa: true };

const API_PORT = 6443;

interface Cas {
  ca: CertificateAuthority;
  etcd: CertificateAuthority;
  frontProxy: CertificateAuthority;
}

/** kubeadm's three self-signed roots (certlist.go); each gets a DNS SAN equal to its CN. */
function addCas(b: TopologyBuilder, p: PresetParams): Cas {
  const root = (key: string, name: string, file: string, cn: string, color: string) =>
    b.ca(key, {
      name,
      certFile: `${file}.crt`,
      keyFile: `${file}.key`,
      subject: subjectOf(cn),
      dnsNames: [cn],
      validityDays: p.caValidityDays,
      color,
    });
  return {
    ca: root('ca', 'Kubernetes CA', 'pki/ca', 'kubernetes', CA_COLORS[0]),
    etcd: root('etcd-ca', 'etcd CA', 'pki/etcd/ca', 'etcd-ca', CA_COLORS[1]),
    frontProxy: root('front-proxy-ca', 'front-proxy CA', 'pki/front-proxy-ca', 'front-proxy-ca', CA_COLORS[2]),
  };
}

/** kubeadm's kubeconfig clients: signed by ca, clientAuth only, no files outside the kubeconfig. */
function kubeconfigClient(
  b: TopologyBuilder,
  p: PresetParams,
  api: ApiTarget,
  spec: {
    key: string;
    owner: Component;
    file: string;
    cn: string;
    o?: string[];
    server: string;
    purpose: string;
    usedBy: string;
    label: string;
    alsoOn?: Credential['alsoOn'];
  },
): Credential {
  return addApiClient(b, api, {
    alsoOn: spec.alsoOn,
    key: spec.key,
    owner: spec.owner,
    label: spec.file.replace(/^.*\//, ''),
    files: null,
    kubeconfigFile: spec.file,
    clusterName: p.clusterName,
    server: spec.server,
    subject: subjectOf(spec.cn, spec.o),
    validityDays: p.leafValidityDays,
    purpose: spec.purpose,
    usedBy: [spec.usedBy],
    connectionLabel: spec.label,
  });
}

/**
 * The kubeadm preset: the files `kubeadm init` writes on the first control-plane node at the
 * bundle root (its /etc/kubernetes), node-specific files of other nodes under nodes/<name>/.
 * Subjects, SANs and usages follow certlist.go, pki_helpers.go and kubeconfig.go (v1.36.1+:
 * apiserver-kubelet-client has no O; kubeadm binds it with a ClusterRoleBinding instead).
 */
export function kubeadmPreset(p: PresetParams): Topology {
  const b = createTopologyBuilder(p.clusterName, p.keyAlgorithm);
  const cas = addCas(b, p);
  if (p.controlPlane.length === 0) throw new Error('kubeadm needs at least one control-plane node');
  const cpHosts = p.controlPlane.map((n) => b.host(n.name, 'control-plane', n.ip));
  const workerHosts = p.workers.map((n) => b.host(n.name, 'worker', n.ip, n.count));
  const firstIp = cpHosts[0]!.ip;
  const clusterEndpoint = p.controlPlaneEndpoint
    ? httpsUrl(endpointHost(p.controlPlaneEndpoint), endpointPort(p.controlPlaneEndpoint))
    : httpsUrl(firstIp, API_PORT);

  const planes = cpHosts.map((host, i) => addControlPlane(b, p, cas, host, i === 0 ? '' : `nodes/${host.name}/`));
  const init = planes[0]!;
  const api: ApiTarget = { apiserver: init.apiserver, serving: init.apiserverCred, ca: cas.ca };

  // Every control-plane node runs etcd; members dial each other's peer port both ways.
  for (const a of planes) {
    for (const z of planes) {
      if (a === z) continue;
      b.connect({
        clientId: a.etcd.id,
        serverId: z.etcd.id,
        clientCredentialId: a.etcdPeer.id,
        serverCredentialId: z.etcdPeer.id,
        clientTrustsCaId: cas.etcd.id,
        serverTrustsCaId: cas.etcd.id,
        address: z.host.ip,
        port: 2380,
        label: 'etcd peer',
      });
    }
  }

  const kubectl = b.component('admin', 'kubectl (admin.conf)', null);
  kubeconfigClient(b, p, api, {
    key: 'admin.conf',
    owner: kubectl,
    file: 'admin.conf',
    cn: 'kubernetes-admin',
    o: ['kubeadm:cluster-admins'],
    server: clusterEndpoint,
    label: 'kubectl -> API',
    usedBy: 'kubectl --kubeconfig /etc/kubernetes/admin.conf',
    alsoOn: 'every-control-plane',
    purpose:
      'Cluster administrator; kubeadm binds the group kubeadm:cluster-admins to cluster-admin with a ClusterRoleBinding.',
  });
  const superAdmin = b.component('admin', 'kubectl (super-admin.conf)', null, 'super-admin');
  kubeconfigClient(b, p, api, {
    key: 'super-admin.conf',
    owner: superAdmin,
    file: 'super-admin.conf',
    cn: 'kubernetes-super-admin',
    o: ['system:masters'],
    server: clusterEndpoint,
    label: 'break-glass -> API',
    usedBy: 'kubectl --kubeconfig /etc/kubernetes/super-admin.conf',
    alsoOn: 'first-control-plane',
    purpose:
      'Break-glass administrator: system:masters bypasses RBAC. Only the init node gets it; keep it off the cluster.',
  });

  for (const host of [...cpHosts, ...workerHosts]) {
    const kubelet = b.component('kubelet', 'kubelet', host);
    const cn = `system:node:${host.name}`;
    kubeconfigClient(b, p, api, {
      key: `kubelet.conf@${host.name}`,
      owner: kubelet,
      file: host === cpHosts[0] ? 'kubelet.conf' : `nodes/${host.name}/kubelet.conf`,
      cn,
      o: ['system:nodes'],
      server: clusterEndpoint,
      label: 'kubelet -> API',
      usedBy: 'kubelet --kubeconfig /etc/kubernetes/kubelet.conf',
      purpose: `The kubelet of ${host.name}; the Node authorizer needs CN system:node:<node name> in group system:nodes.`,
    });
    // kube-proxy authenticates with its ServiceAccount token, but still verifies the API server against ca.crt.
    const proxy = b.component('kube-proxy', 'kube-proxy', host);
    const url = new URL(clusterEndpoint);
    b.connect({
      clientId: proxy.id,
      serverId: init.apiserver.id,
      clientCredentialId: null,
      serverCredentialId: init.apiserverCred.id,
      clientTrustsCaId: cas.ca.id,
      serverTrustsCaId: cas.ca.id,
      address: url.hostname.replace(/^\[|\]$/g, ''),
      port: Number(url.port) || 443,
      label: 'kube-proxy -> API (token)',
    });
    // kubeadm sets no --kubelet-certificate-authority: the kubelet's self-signed serving cert is not verified.
    b.connect({
      clientId: init.apiserver.id,
      serverId: kubelet.id,
      clientCredentialId: init.kubeletClient.id,
      serverCredentialId: null,
      clientTrustsCaId: null,
      serverTrustsCaId: cas.ca.id,
      address: host.ip,
      port: 10250,
      label: 'API -> kubelet',
    });
  }

  // On a single node, not a pool: one aggregated API server, not one per pool member.
  const extensionHost = workerHosts.find((h) => (h.poolSize ?? 1) === 1) ?? cpHosts[0]!;
  const extension = b.component('extension-apiserver', 'metrics-server (aggregated API)', extensionHost);
  b.connect({
    clientId: init.apiserver.id,
    serverId: extension.id,
    clientCredentialId: init.frontProxyClient.id,
    serverCredentialId: null,
    clientTrustsCaId: null,
    serverTrustsCaId: cas.frontProxy.id,
    address: 'metrics-server.kube-system.svc',
    port: 443,
    label: 'API -> aggregated API',
  });

  b.keyPair('sa', {
    privateFile: 'pki/sa.key',
    publicFile: 'pki/sa.pub',
    purpose: 'Signs and verifies ServiceAccount tokens; a bare key pair, not a certificate.',
    usedBy: [
      'kube-apiserver --service-account-signing-key-file (sa.key), --service-account-key-file (sa.pub)',
      'kube-controller-manager --service-account-private-key-file (sa.key)',
    ],
  });
  b.note(
    'Matches kubeadm v1.36.1 and later: apiserver-kubelet-client has no O; kubeadm binds it to system:kubelet-api-admin with the ClusterRoleBinding kubeadm:apiserver-kubelet-client.',
  );
  b.note(
    "kubelets keep their self-signed serving certificates, which kubeadm's API server does not verify (no --kubelet-certificate-authority).",
  );
  if (workerHosts.length > 0)
    b.note('Workers get their kubelet.conf from this bundle; kubeadm join would otherwise TLS-bootstrap it.');
  return b.build();
}

interface ControlPlane {
  host: Host;
  apiserver: Component;
  etcd: Component;
  apiserverCred: Credential;
  kubeletClient: Credential;
  frontProxyClient: Credential;
  etcdPeer: Credential;
}

interface LeafSpec {
  owner: Component;
  file: string;
  ca: CertificateAuthority;
  cn: string;
  o?: string[];
  server?: boolean;
  client?: boolean;
  dns?: string[];
  ips?: string[];
  purpose: string;
  usedBy: string[];
}

function addControlPlane(b: TopologyBuilder, p: PresetParams, cas: Cas, host: Host, prefix: string): ControlPlane {
  const apiserver = b.component('kube-apiserver', 'kube-apiserver', host);
  const etcd = b.component('etcd', 'etcd', host);
  const scheduler = b.component('kube-scheduler', 'kube-scheduler', host);
  const controllerManager = b.component('kube-controller-manager', 'kube-controller-manager', host);
  const healthcheck = b.component('etcd-healthcheck', 'kubeadm etcd client', host);
  const leaf = (key: string, s: LeafSpec) =>
    b.credential(`${key}@${host.name}`, {
      ownerId: s.owner.id,
      label: `${s.file}.crt`,
      files: { cert: `${prefix}pki/${s.file}.crt`, key: `${prefix}pki/${s.file}.key` },
      kubeconfig: null,
      caId: s.ca.id,
      subject: subjectOf(s.cn, s.o),
      dnsNames: s.dns ?? [],
      ipAddresses: s.ips ?? [],
      serverAuth: s.server ?? false,
      clientAuth: s.client ?? false,
      validityDays: p.leafValidityDays,
      purpose: s.purpose,
      usedBy: s.usedBy,
    });

  // GetAPIServerAltNames: node name, the kubernetes Service names, first service IP, advertise address, endpoint, certSANs.
  const endpoint = p.controlPlaneEndpoint ? [endpointHost(p.controlPlaneEndpoint)] : [];
  const extra = [...endpoint, ...p.extraSans];
  const apiserverCred = leaf('apiserver', {
    owner: apiserver,
    file: 'apiserver',
    ca: cas.ca,
    cn: 'kube-apiserver',
    server: true,
    dns: [
      host.name,
      'kubernetes',
      'kubernetes.default',
      'kubernetes.default.svc',
      `kubernetes.default.svc.${p.dnsDomain}`,
      ...extra.filter((s) => !isIpAddress(s)),
    ],
    ips: [firstServiceIp(p.serviceCidr), host.ip, ...extra.filter(isIpAddress)],
    purpose: "The API server's serving certificate; its SANs cover every name and IP clients dial.",
    usedBy: ['kube-apiserver --tls-cert-file, --tls-private-key-file'],
  });
  const kubeletClient = leaf('apiserver-kubelet-client', {
    owner: apiserver,
    file: 'apiserver-kubelet-client',
    ca: cas.ca,
    cn: 'kube-apiserver-kubelet-client',
    client: true,
    purpose: 'The API server as a client of kubelets (logs, exec, port-forward).',
    usedBy: ['kube-apiserver --kubelet-client-certificate, --kubelet-client-key'],
  });
  const etcdClient = leaf('apiserver-etcd-client', {
    owner: apiserver,
    file: 'apiserver-etcd-client',
    ca: cas.etcd,
    cn: 'kube-apiserver-etcd-client',
    client: true,
    purpose: 'The API server as a client of etcd.',
    usedBy: ['kube-apiserver --etcd-certfile, --etcd-keyfile'],
  });
  const frontProxyClient = leaf('front-proxy-client', {
    owner: apiserver,
    file: 'front-proxy-client',
    ca: cas.frontProxy,
    cn: 'front-proxy-client',
    client: true,
    purpose:
      'The API server proxying to aggregated API servers; a separate CA keeps it from acting as a normal client.',
    usedBy: ['kube-apiserver --proxy-client-cert-file, --proxy-client-key-file'],
  });
  const etcdSans = { dns: [host.name, 'localhost'], ips: [host.ip, '127.0.0.1', '::1'] };
  const etcdServer = leaf('etcd-server', {
    owner: etcd,
    file: 'etcd/server',
    ca: cas.etcd,
    cn: host.name,
    server: true,
    client: true,
    ...etcdSans,
    purpose: "etcd's serving certificate; etcd 3.2+ also dials itself with it, so it carries clientAuth.",
    usedBy: ['etcd --cert-file, --key-file'],
  });
  const etcdPeer = leaf('etcd-peer', {
    owner: etcd,
    file: 'etcd/peer',
    ca: cas.etcd,
    cn: host.name,
    server: true,
    client: true,
    ...etcdSans,
    purpose: 'etcd member to member traffic, both directions.',
    usedBy: ['etcd --peer-cert-file, --peer-key-file'],
  });
  const healthcheckCred = leaf('etcd-healthcheck-client', {
    owner: healthcheck,
    file: 'etcd/healthcheck-client',
    ca: cas.etcd,
    cn: 'kube-etcd-healthcheck-client',
    client: true,
    purpose: "kubeadm's own etcd client (member add and remove, status), and etcdctl's.",
    usedBy: ['etcdctl --cert, --key'],
  });

  // Controller-manager and scheduler talk to their local API server (kubeadm's local endpoint).
  const api: ApiTarget = { apiserver, serving: apiserverCred, ca: cas.ca };
  const local = httpsUrl(host.ip, API_PORT);
  for (const [component, file, cn] of [
    [scheduler, 'scheduler.conf', 'system:kube-scheduler'],
    [controllerManager, 'controller-manager.conf', 'system:kube-controller-manager'],
  ] as const) {
    kubeconfigClient(b, p, api, {
      key: `${file}@${host.name}`,
      owner: component,
      file: `${prefix}${file}`,
      cn,
      server: local,
      label: `${component.kind.replace(/^kube-/, '')} -> API`,
      usedBy: `${component.kind} --kubeconfig, --authentication-kubeconfig, --authorization-kubeconfig`,
      purpose: `The identity of ${component.kind}; RBAC binds the user ${cn}.`,
    });
  }
  const toEtcd = (client: Component, cred: Credential, label: string) =>
    b.connect({
      clientId: client.id,
      serverId: etcd.id,
      clientCredentialId: cred.id,
      serverCredentialId: etcdServer.id,
      clientTrustsCaId: cas.etcd.id,
      serverTrustsCaId: cas.etcd.id,
      address: '127.0.0.1',
      port: 2379,
      label,
    });
  toEtcd(apiserver, etcdClient, 'API -> etcd');
  toEtcd(healthcheck, healthcheckCred, 'etcdctl -> etcd');
  return { host, apiserver, etcd, apiserverCred, kubeletClient, frontProxyClient, etcdPeer };
}
