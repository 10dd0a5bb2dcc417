import type { Topology } from '../topology/model';
import { scopeIndex, scopesOf } from '../topology/rotation';
import type { ImportReport } from './importPki';

/**
 * What a rotation of `caId` must write back as the cluster has it, from an import: the CA's key
 * (to keep signing until the switch), and the key of every certificate it signs or that sits in
 * a kubeconfig whose CA data changes. Lists what the import lacks; empty when it can start.
 */
export function missingForRotation(topology: Topology, report: ImportReport, caId: string): string[] {
  const ca = topology.cas.find((c) => c.id === caId);
  if (!ca) return [];
  const missing = report.caKeys[caId] ? [] : [ca.keyFile];
  const scopes = scopeIndex(topology);
  const touched = scopesOf(topology, caId);
  for (const cred of topology.credentials) {
    const scope = scopes.credential(cred);
    const needed = cred.caId === caId || (cred.kubeconfig !== null && scope !== null && touched.has(scope));
    if (needed && !(report.certificates[cred.id] && report.leafKeys?.[cred.id]))
      missing.push(cred.kubeconfig?.file ?? cred.files?.key ?? cred.label);
  }
  return missing;
}
