import { commonNameOf, type NameAttribute } from '../../pki/profile';
import type { TopologyBuilder } from '../builder';
import type { CertificateAuthority, Component, Credential } from '../model';

/** The API server a kubeconfig points at: its component, serving credential and CA. */
export interface ApiTarget {
  readonly apiserver: Component;
  readonly serving: Credential;
  readonly ca: CertificateAuthority;
}

export interface ApiClientSpec {
  readonly key: string;
  readonly owner: Component;
  readonly label: string;
  readonly files: { readonly cert: string; readonly key: string } | null;
  readonly kubeconfigFile: string;
  readonly clusterName: string;
  /** Context name; kubeadm uses `<user>@<cluster>`, the Hard Way `default`. */
  readonly contextName?: string;
  readonly server: string;
  readonly subject: readonly NameAttribute[];
  readonly serverAuth?: boolean;
  readonly dnsNames?: readonly string[];
  readonly ipAddresses?: readonly string[];
  readonly validityDays: number;
  readonly purpose: string;
  readonly usedBy: readonly string[];
  readonly connectionLabel: string;
  readonly alsoOn?: Credential['alsoOn'];
}

/**
 * A client of the API server with a kubeconfig (user name = cert CN, as kubeadm and the Hard
 * Way write them), and its TLS connection to the API server at the kubeconfig's server URL.
 */
export function addApiClient(b: TopologyBuilder, api: ApiTarget, spec: ApiClientSpec): Credential {
  const user = commonNameOf(spec.subject);
  const credential = b.credential(spec.key, {
    ownerId: spec.owner.id,
    label: spec.label,
    files: spec.files,
    caId: api.ca.id,
    subject: spec.subject,
    kubeconfig: {
      file: spec.kubeconfigFile,
      clusterName: spec.clusterName,
      contextName: spec.contextName ?? `${user}@${spec.clusterName}`,
      userName: user,
      server: spec.server,
    },
    dnsNames: spec.dnsNames ?? [],
    ipAddresses: spec.ipAddresses ?? [],
    serverAuth: spec.serverAuth ?? false,
    clientAuth: true,
    validityDays: spec.validityDays,
    purpose: spec.purpose,
    usedBy: spec.usedBy,
    ...(spec.alsoOn ? { alsoOn: spec.alsoOn } : {}),
  });
  const url = new URL(spec.server);
  b.connect({
    clientId: spec.owner.id,
    serverId: api.apiserver.id,
    clientCredentialId: credential.id,
    serverCredentialId: api.serving.id,
    clientTrustsCaId: api.ca.id,
    serverTrustsCaId: api.ca.id,
    address: url.hostname.replace(/^\[|\]$/g, ''),
    port: Number(url.port) || 443,
    label: spec.connectionLabel,
  });
  return credential;
}
