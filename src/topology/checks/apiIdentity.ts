import { casById, chainsTo } from '../caChain';
import { topologyOf } from '../design';
import { addCa, moveCredentialToCa } from '../edits';
import type { CaId, CredentialId, Topology } from '../model';
import type { Finding } from './finding';
import type { TopologyIndex } from './topologyIndex';

/**
 * A custom client whose certificate is signed by a CA the API server trusts for client
 * certificates can log in to the API as the user its CN names (and the groups its O values name),
 * whether or not anyone meant it to: said as a warning, with a dedicated CA as the fix.
 */
export function apiIdentities(t: Topology, index: TopologyIndex): Finding[] {
  const apiTrusted = new Set<string>(
    t.connections
      .filter((c) => index.component(c.serverId)?.kind === 'kube-apiserver' && c.serverTrustsCaId)
      .map((c) => c.serverTrustsCaId as string),
  );
  const caById = casById(t.cas);
  return t.credentials.flatMap((cred) => {
    if (
      !cred.clientAuth ||
      !chainsTo(cred.caId, apiTrusted, caById) ||
      index.component(cred.ownerId)?.kind !== 'custom-client'
    )
      return [];
    const cn = cred.subject.find((a) => a.type === 'CN')?.value ?? '';
    const groups = cred.subject.filter((a) => a.type === 'O').map((a) => a.value);
    return [
      {
        id: `api-identity:${cred.id}`,
        severity: 'warning' as const,
        check: 'api-identity',
        connectionIds: index.presentedOn(cred.id).map((c) => c.id),
        target: { kind: 'credential' as const, id: cred.id },
        subject: cred.label,
        quote: `the API server authenticates ${cred.label} as user "${cn}"${groups.length ? ` in ${groups.map((g) => `"${g}"`).join(', ')}` : ''}`,
        explanation: `${cred.label} is signed by ${index.ca(cred.caId)?.name ?? cred.caId}, which the API server trusts for client certificates: it is a Kubernetes user, whatever it was made for. Sign it with a CA of its own unless it is meant to call the API.`,
        fix: {
          label: `Sign ${cred.label} with a CA of its own`,
          edit: (design) => {
            const withCa = addCa(design);
            const added = topologyOf(withCa).cas.find((ca) => !topologyOf(design).cas.some((x) => x.id === ca.id));
            return added ? moveCredentialToCa(cred.id as CredentialId, added.id as CaId)(withCa) : design;
          },
        },
      },
    ];
  });
}
