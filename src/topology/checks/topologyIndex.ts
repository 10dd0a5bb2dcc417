import type { CertificateAuthority, Component, Credential, Host, TlsConnection, Topology } from '../model';

/**
 * The lookups the checks make per credential and per connection, built once per validation:
 * searching the design's lists for each one made the checks quadratic in the number of nodes.
 */
export interface TopologyIndex {
  /** The first element of an id, the one `Array.find` returns. */
  readonly component: (id: string) => Component | undefined;
  readonly host: (id: string | null) => Host | undefined;
  readonly ca: (id: string) => CertificateAuthority | undefined;
  readonly credential: (id: string | null) => Credential | undefined;
  /** Connections whose client presents the credential, in design order. */
  readonly dialledWith: (credentialId: string) => readonly TlsConnection[];
  /** Connections on which either side presents the credential, in design order, each once. */
  readonly presentedOn: (credentialId: string) => readonly TlsConnection[];
}

const NONE: readonly TlsConnection[] = [];

function firstById<T extends { readonly id: string }>(items: readonly T[]): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) if (!map.has(item.id)) map.set(item.id, item);
  return map;
}

function append(map: Map<string, TlsConnection[]>, key: string, connection: TlsConnection): void {
  const list = map.get(key);
  if (list) list.push(connection);
  else map.set(key, [connection]);
}

/** Indexes a topology for the checks, in one pass over each of its lists. */
export function indexTopology(t: Topology): TopologyIndex {
  const components = firstById(t.components);
  const hosts = firstById(t.hosts);
  const cas = firstById(t.cas);
  const credentials = firstById(t.credentials);
  const dialledWith = new Map<string, TlsConnection[]>();
  const presentedOn = new Map<string, TlsConnection[]>();
  for (const c of t.connections) {
    if (c.clientCredentialId !== null) {
      append(dialledWith, c.clientCredentialId, c);
      append(presentedOn, c.clientCredentialId, c);
    }
    if (c.serverCredentialId !== null && c.serverCredentialId !== c.clientCredentialId)
      append(presentedOn, c.serverCredentialId, c);
  }
  return {
    component: (id) => components.get(id),
    host: (id) => (id === null ? undefined : hosts.get(id)),
    ca: (id) => cas.get(id),
    credential: (id) => (id === null ? undefined : credentials.get(id)),
    dialledWith: (id) => dialledWith.get(id) ?? NONE,
    presentedOn: (id) => presentedOn.get(id) ?? NONE,
  };
}
