import { topologyOf, type Design } from '../topology/design';
import { removeElement } from '../topology/edits';

/**
 * The design an import draws: only the components its files prove. A preset draws more than a
 * folder of certificates shows (kubeadm's preset has kube-proxy on every node and metrics-server,
 * which hold no certificate; a tree without super-admin.conf has no break-glass admin). Such a
 * component would be drawn as if it were there and, worse, a bundle would write new credentials
 * for it unasked. So every component none of whose certificates was imported is left out, and
 * named in the report. The API server stays: every other component is drawn as its client.
 */
export function provenDesign(design: Design, certificates: Readonly<Record<string, string>>): { design: Design; notDrawn: string[] } {
  const topology = topologyOf(design);
  let next = design;
  const notDrawn: string[] = [];
  for (const component of topology.components) {
    if (component.kind === 'kube-apiserver') continue;
    const owned = topology.credentials.filter((c) => c.ownerId === component.id);
    if (owned.some((c) => certificates[c.id])) continue;
    const host = topology.hosts.find((h) => h.id === component.hostId);
    const where = host ? ` on ${host.name}` : '';
    notDrawn.push(owned.length === 0
      ? `${component.name}${where}: it holds no certificate, so no file shows it is there`
      : `${component.name}${where}: none of its files (${owned.map((c) => c.kubeconfig?.file ?? c.files?.cert ?? c.label).join(', ')}) is among the imported ones`);
    next = removeElement(component.id)(next);
  }
  return { design: next, notDrawn };
}
