import type { TlsConnection, Topology } from '../../topology/model';

/** What an edge says: the credential each side presents, client first. */
export function edgeLabelText(topology: Topology, connection: TlsConnection): string {
  const label = (id: string | null, fallback: string) => topology.credentials.find((c) => c.id === id)?.label ?? fallback;
  return `${label(connection.clientCredentialId, 'token')} → ${label(connection.serverCredentialId, 'self-signed')}`;
}
