import type { Topology } from '../../topology/model';

/**
 * What stays lit when something is selected: its connections, their ends, and the trust path
 * (the CAs that sign what those connections present and the CAs each side trusts). Everything
 * else is dimmed. Null when nothing is selected: nothing is dimmed.
 */
export function focusOf(topology: Topology, selectedId: string | null): Set<string> | null {
  if (selectedId === null) return null;
  const credentials = new Map(topology.credentials.map((c) => [c.id as string, c]));
  const hostOf = new Map(topology.components.map((c) => [c.id as string, c.hostId as string | null]));
  const host = topology.hosts.find((h) => h.id === selectedId);
  const inHost = new Set(
    host ? topology.components.filter((c) => c.hostId === host.id).map((c) => c.id as string) : [],
  );
  const isCa = topology.cas.some((ca) => ca.id === selectedId);
  const lit = new Set<string>([selectedId]);
  const signedHere = new Set(
    isCa ? topology.credentials.filter((c) => c.caId === selectedId).map((c) => c.id as string) : [],
  );
  for (const c of topology.connections) {
    const ends = [c.clientId, c.serverId, c.clientCredentialId, c.serverCredentialId] as Array<string | null>;
    const mine =
      c.id === selectedId ||
      ends.includes(selectedId) ||
      inHost.has(c.clientId) ||
      inHost.has(c.serverId) ||
      (isCa &&
        (c.clientTrustsCaId === selectedId ||
          c.serverTrustsCaId === selectedId ||
          ends.some((e) => e !== null && signedHere.has(e))));
    if (!mine) continue;
    lit.add(c.id);
    for (const id of [c.clientId, c.serverId, c.clientTrustsCaId, c.serverTrustsCaId]) if (id) lit.add(id);
    for (const id of [c.clientCredentialId, c.serverCredentialId]) {
      const credential = id ? credentials.get(id) : undefined;
      if (credential) lit.add(credential.caId);
    }
  }
  const selectedCredential = credentials.get(selectedId);
  if (selectedCredential) lit.add(selectedCredential.ownerId).add(selectedCredential.caId);
  for (const id of signedHere) lit.add(credentials.get(id)!.ownerId);
  for (const id of inHost) lit.add(id);
  // A lit component keeps its host lit: the box that says where it runs.
  for (const id of [...lit]) {
    const hostId = hostOf.get(id);
    if (hostId) lit.add(hostId);
  }
  return lit;
}
