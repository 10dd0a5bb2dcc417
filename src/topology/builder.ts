import type { KeyAlgorithm } from '../pki/keyAlgorithm';
import type {
  CaId,
  CertificateAuthority,
  Component,
  ComponentId,
  ComponentKind,
  Credential,
  CredentialId,
  Host,
  HostId,
  KeyPair,
  KeyPairId,
  TlsConnection,
  ConnectionId,
  Topology,
} from './model';

type Without<T, K extends keyof T> = Omit<T, K>;

/**
 * Accumulates a topology with readable, deterministic ids, so that presets read as a list of
 * facts and the same preset always yields the same ids (tests and share links rely on it).
 */
export function createTopologyBuilder(clusterName: string, keyAlgorithm: KeyAlgorithm) {
  const hosts: Host[] = [];
  const components: Component[] = [];
  const cas: CertificateAuthority[] = [];
  const credentials: Credential[] = [];
  const keyPairs: KeyPair[] = [];
  const connections: TlsConnection[] = [];
  const notes: string[] = [];

  return {
    /** A pool of `poolSize` identical workers is one host here; generation expands it. */
    host(name: string, role: Host['role'], ip: string, poolSize = 1): Host {
      const host: Host = { id: `host:${name}` as HostId, name, role, ip, ...(poolSize > 1 ? { poolSize } : {}) };
      hosts.push(host);
      return host;
    },
    /** `key` names a component that is not the only one of its kind outside any host. */
    component(kind: ComponentKind, name: string, host: Host | null, key?: string): Component {
      const id = (key ?? (host ? `${kind}@${host.name}` : kind)) as ComponentId;
      const component: Component = { id, kind, name, hostId: host?.id ?? null };
      components.push(component);
      return component;
    },
    ca(key: string, spec: Without<CertificateAuthority, 'id'>): CertificateAuthority {
      const ca: CertificateAuthority = { id: `ca:${key}` as CaId, ...spec };
      cas.push(ca);
      return ca;
    },
    credential(key: string, spec: Without<Credential, 'id'>): Credential {
      const credential: Credential = { id: `cred:${key}` as CredentialId, ...spec };
      credentials.push(credential);
      return credential;
    },
    keyPair(key: string, spec: Without<KeyPair, 'id'>): KeyPair {
      const pair: KeyPair = { id: `keypair:${key}` as KeyPairId, ...spec };
      keyPairs.push(pair);
      return pair;
    },
    connect(spec: Without<TlsConnection, 'id'>): TlsConnection {
      const connection: TlsConnection = { id: `conn:${spec.clientId}->${spec.serverId}` as ConnectionId, ...spec };
      connections.push(connection);
      return connection;
    },
    note(text: string): void {
      notes.push(text);
    },
    build(): Topology {
      return { clusterName, keyAlgorithm, hosts, components, cas, credentials, keyPairs, connections, notes };
    },
  };
}

export type TopologyBuilder = ReturnType<typeof createTopologyBuilder>;
