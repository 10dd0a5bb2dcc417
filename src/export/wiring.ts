import type { Component, Credential, TlsConnection, Topology } from '../topology/model';
import { groupBy, type BundlePlan } from './bundlePlan';

/** The flag or config field through which a component trusts a CA, by the side it plays. */
function trustField(
  component: Component,
  side: 'client' | 'server',
  connection: TlsConnection,
  components: ReadonlyMap<string, Component>,
): string {
  const peer = components.get(side === 'client' ? connection.serverId : connection.clientId);
  switch (component.kind) {
    case 'kube-apiserver':
      if (side === 'server') return '--client-ca-file';
      if (peer?.kind === 'etcd') return '--etcd-cafile';
      if (peer?.kind === 'kubelet') return '--kubelet-certificate-authority';
      return '--proxy-client CA (APIService caBundle)';
    case 'etcd':
      return peer?.kind === 'etcd' ? '--peer-trusted-ca-file' : '--trusted-ca-file';
    case 'kubelet':
      return side === 'server'
        ? 'KubeletConfiguration authentication.x509.clientCAFile'
        : 'kubeconfig certificate-authority-data';
    case 'extension-apiserver':
      return '--requestheader-client-ca-file';
    case 'etcd-healthcheck':
      return 'etcdctl --cacert';
    default:
      return side === 'client' ? 'kubeconfig certificate-authority-data' : '--client-ca-file';
  }
}

/**
 * For each component, the files it loads and through which flag: what it presents (from each
 * credential's uses) and which CA certificate it trusts on each side of its connections, each
 * named by its path in the zip, in the folder of the component's own host.
 */
export function wiringLines(topology: Topology, plan: BundlePlan): string[] {
  const lines: string[] = [];
  // Indexed once: a pool of thousands of workers stays linear.
  const hosts = new Map(topology.hosts.map((h) => [h.id as string, h]));
  const caFiles = new Map(topology.cas.map((ca) => [ca.id as string, ca.certFile]));
  const components = new Map(topology.components.map((c) => [c.id as string, c]));
  const owned = groupBy<Credential, string>(topology.credentials, (c) => [c.ownerId]);
  const touching = groupBy<TlsConnection, string>(topology.connections, (c) => [c.clientId, c.serverId]);
  for (const component of topology.components) {
    const at = (source: string) => plan.pathFor(component.id, source) ?? source;
    const host = component.hostId ? hosts.get(component.hostId) : undefined;
    const entries = new Set<string>();
    for (const credential of owned.get(component.id) ?? []) {
      const file = credential.files
        ? `${at(credential.files.cert)} + ${at(credential.files.key)}`
        : credential.kubeconfig
          ? at(credential.kubeconfig.file)
          : credential.label;
      for (const use of credential.usedBy) entries.add(`presents ${file}: ${use}`);
    }
    const caFile = (id: string) => at(caFiles.get(id) ?? id);
    for (const connection of touching.get(component.id) ?? []) {
      if (connection.clientId === component.id && connection.clientTrustsCaId) {
        entries.add(
          `trusts ${caFile(connection.clientTrustsCaId)} to verify servers: ${trustField(component, 'client', connection, components)}`,
        );
      }
      if (connection.serverId === component.id && connection.serverTrustsCaId) {
        entries.add(
          `trusts ${caFile(connection.serverTrustsCaId)} to verify clients: ${trustField(component, 'server', connection, components)}`,
        );
      }
    }
    if (entries.size === 0) continue;
    const where = host
      ? ` on ${host.name}`
      : component.kind === 'kube-proxy'
        ? " on every node (the same files in each host's folder)"
        : '';
    lines.push(`  ${component.name}${where}`, ...[...entries].map((e) => `    ${e}`));
  }
  return lines;
}
