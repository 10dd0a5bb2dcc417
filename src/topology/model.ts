import type { KeyAlgorithm } from '../pki/keyAlgorithm';
import type { NameAttribute } from '../pki/profile';

declare const brand: unique symbol;
type Id<B extends string> = string & { readonly [brand]: B };
export type HostId = Id<'HostId'>;
export type ComponentId = Id<'ComponentId'>;
export type CaId = Id<'CaId'>;
export type CredentialId = Id<'CredentialId'>;
export type KeyPairId = Id<'KeyPairId'>;
export type ConnectionId = Id<'ConnectionId'>;

/** A machine of the cluster. */
export interface Host {
  readonly id: HostId;
  readonly name: string;
  readonly role: 'control-plane' | 'worker';
  /** For a pool, the first member's address; the others follow it. */
  readonly ip: string;
  /** A pool of this many identical workers, named `<name>-1` to `<name>-<poolSize>`; absent for one node. */
  readonly poolSize?: number;
}

export type ComponentKind =
  | 'kube-apiserver'
  | 'etcd'
  | 'kubelet'
  | 'kube-scheduler'
  | 'kube-controller-manager'
  | 'kube-proxy'
  | 'admin'
  | 'etcd-healthcheck'
  | 'extension-apiserver'
  | 'custom-server'
  | 'custom-client';

/** A process (or a person with kubectl) that takes part in TLS connections. */
export interface Component {
  readonly id: ComponentId;
  readonly kind: ComponentKind;
  readonly name: string;
  /** The host it runs on; null for people and tools outside the cluster (kubectl). */
  readonly hostId: HostId | null;
}

/**
 * A certificate authority: a self-signed root, as every kubeadm CA is, or an intermediate signed
 * by another CA of the design (an organisation's root above a cluster CA, kubeadm's external-CA mode).
 */
export interface CertificateAuthority {
  readonly id: CaId;
  readonly name: string;
  /** Bundle paths of its certificate and private key. */
  readonly certFile: string;
  readonly keyFile: string;
  readonly subject: readonly NameAttribute[];
  /** kubeadm gives its CAs a DNS SAN equal to their CN; other tools give none. */
  readonly dnsNames: readonly string[];
  readonly validityDays: number;
  /** Colour that marks this CA and everything it signs on the canvas. */
  readonly color: string;
  /** The CA that signs this one; absent for a self-signed root. */
  readonly parentCaId?: CaId;
  /** basicConstraints pathlen: how many CAs may stand below it in a chain; absent for no limit (kubeadm's). */
  readonly pathLength?: number;
}

/** Where a client credential is also written as a kubeconfig with embedded certs. */
export interface KubeconfigSpec {
  readonly file: string;
  readonly clusterName: string;
  readonly contextName: string;
  readonly userName: string;
  readonly server: string;
}

/** A key pair and the certificate a CA issues for it. */
export interface Credential {
  readonly id: CredentialId;
  /** The component that presents it. */
  readonly ownerId: ComponentId;
  /** Short human name shown on the canvas, e.g. "apiserver.crt" or "admin.conf". */
  readonly label: string;
  /** Bundle paths of the cert and key, or null when the pair lives only inside a kubeconfig. */
  readonly files: { readonly cert: string; readonly key: string } | null;
  readonly kubeconfig: KubeconfigSpec | null;
  readonly caId: CaId;
  readonly subject: readonly NameAttribute[];
  readonly dnsNames: readonly string[];
  readonly ipAddresses: readonly string[];
  readonly serverAuth: boolean;
  readonly clientAuth: boolean;
  readonly validityDays: number;
  /**
   * Days from generation to the start of validity; negative backdates it (a certificate issued
   * in the past, possibly expired), positive post-dates it. Absent means issued now.
   */
  readonly validFromDays?: number;
  /** Overrides the design's key algorithm for this one key pair. */
  readonly keyAlgorithm?: KeyAlgorithm;
  /** Why this credential exists, in one sentence, for the bundle README and the UI. */
  readonly purpose: string;
  /** Component flags or config fields that load it. */
  readonly usedBy: readonly string[];
  /**
   * Hosts that also get a copy, besides its owner's: kubeadm writes admin.conf on every control
   * plane and super-admin.conf on the first (init) one.
   */
  readonly alsoOn?: 'every-control-plane' | 'first-control-plane';
}

/** A bare key pair with no certificate: the service-account signing key. */
export interface KeyPair {
  readonly id: KeyPairId;
  readonly privateFile: string;
  readonly publicFile: string;
  readonly purpose: string;
  readonly usedBy: readonly string[];
}

/** One TLS connection, directed from the client that dials to the server that listens. */
export interface TlsConnection {
  readonly id: ConnectionId;
  readonly clientId: ComponentId;
  readonly serverId: ComponentId;
  /** What the client presents; null when it authenticates with a token instead. */
  readonly clientCredentialId: CredentialId | null;
  /** What the server presents; null when the server makes a throw-away self-signed cert at start. */
  readonly serverCredentialId: CredentialId | null;
  /** CA the client verifies the server against; null when it does not verify (kubeadm's apiserver -> kubelet). */
  readonly clientTrustsCaId: CaId | null;
  /** CA the server verifies client certs against; null when it asks for none. */
  readonly serverTrustsCaId: CaId | null;
  /** Host name or IP the client dials; the server cert's SANs must cover it. */
  readonly address: string;
  readonly port: number;
  /** Short description, e.g. "kubectl -> API". */
  readonly label: string;
}

/** The whole design: plain data, serialisable as JSON. */
export interface Topology {
  readonly clusterName: string;
  readonly keyAlgorithm: KeyAlgorithm;
  readonly hosts: readonly Host[];
  readonly components: readonly Component[];
  readonly cas: readonly CertificateAuthority[];
  readonly credentials: readonly Credential[];
  readonly keyPairs: readonly KeyPair[];
  readonly connections: readonly TlsConnection[];
  /** Notes shown beside the preset (e.g. upstream typos this preset corrects). */
  readonly notes: readonly string[];
}
