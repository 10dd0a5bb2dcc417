import type { Selection } from '../../store/selectionSlice';

export interface TourStep {
  readonly title: string;
  readonly text: string;
  /** What the step talks about, selected (and so highlighted) on the Course preset. */
  readonly select: Selection | null;
}

/** The order a Kubernetes TLS course teaches it, over the live Course preset. */
export const TOUR_STEPS: readonly TourStep[] = [
  {
    title: 'Server, client and root certificates',
    text: 'Every TLS connection has a server certificate, which proves who the server is, and often a client certificate, which proves who the client is. A root certificate, the CA, signs them; each side trusts the CA to check the other. Everything the CA signs carries its colour.',
    select: { kind: 'ca', id: 'ca:ca' },
  },
  {
    title: 'Server: kube-apiserver',
    text: "The API server serves on port 6443 with apiserver.crt. Its subject alternative names list every name and address clients dial: kubernetes, kubernetes.default and the rest, the Service IP 10.96.0.1 and the node's IP.",
    select: { kind: 'component', id: 'kube-apiserver@controlplane' },
  },
  {
    title: 'Server: etcd',
    text: "etcd keeps the cluster's state and serves it with etcdserver.crt. Only the API server talks to it, and etcd asks it for a client certificate.",
    select: { kind: 'component', id: 'etcd@controlplane' },
  },
  {
    title: 'Server: the kubelet',
    text: "Each node's kubelet serves its own API on port 10250 with kubelet-node01.crt, and is a client of the API server with kubelet-client-node01.crt: CN system:node:node01, group system:nodes.",
    select: { kind: 'component', id: 'kubelet@node01' },
  },
  {
    title: 'Client: the administrator',
    text: 'kubectl presents admin.crt through a kubeconfig. Kubernetes takes the user name from the CN and the groups from O: system:masters makes it an administrator.',
    select: { kind: 'component', id: 'admin' },
  },
  {
    title: 'Clients: scheduler, controller manager, kube-proxy',
    text: 'kube-scheduler, kube-controller-manager and kube-proxy are clients of the API, each under the user name the default RBAC expects: system:kube-scheduler, system:kube-controller-manager, system:kube-proxy.',
    select: { kind: 'component', id: 'kube-scheduler@controlplane' },
  },
  {
    title: 'A server that is a client: API server to etcd',
    text: 'The API server is itself a client of etcd. It can reuse its serving pair, or have its own client pair, apiserver-etcd-client, as here. The Course options in the inspector (select nothing) switch between the two.',
    select: { kind: 'connection', id: 'conn:kube-apiserver@controlplane->etcd@controlplane' },
  },
  {
    title: 'A server that is a client: API server to kubelet',
    text: 'For logs and exec the API server dials each kubelet, presenting apiserver-kubelet-client.crt; the kubelet checks it against the CA in its clientCAFile.',
    select: { kind: 'connection', id: 'conn:kube-apiserver@controlplane->kubelet@node01' },
  },
  {
    title: 'The CA, and a separate one for etcd',
    text: 'One CA is the simplest. Many clusters keep a second CA for etcd, so that no certificate the cluster CA signs can open the database. Tick "Separate etcd CA" among the Course options to see it.',
    select: { kind: 'ca', id: 'ca:ca' },
  },
  {
    title: 'Generating the bundle',
    text: 'Generate bundle makes every key and certificate here in your browser and downloads them with kubeconfigs and a README that says which component flag loads which file. Nothing leaves the browser.',
    select: null,
  },
];
