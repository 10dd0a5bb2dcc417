import { topologyOf, type Design } from '../topology/design';
import { removeElement } from '../topology/edits';
import type { Component, Topology } from '../topology/model';

/** What an import draws and what it leaves out, each with why. */
export interface ProvenDesign {
  readonly design: Design;
  /** Preset components and credentials no imported file proves, left out. */
  readonly notDrawn: string[];
  /** Preset components drawn though no file shows them, because they alone check an imported certificate. */
  readonly filledIn: string[];
}

const where = (t: Topology, c: Component) => {
  const host = t.hosts.find((h) => h.id === c.hostId);
  return host ? ` on ${host.name}` : '';
};

/**
 * The design an import draws: only what its files prove. A preset draws more than a folder of
 * certificates shows (kubeadm's preset has kube-proxy on every node and metrics-server, which hold
 * no certificate; a tree without super-admin.conf has no break-glass admin). A component with
 * certificates, none of them imported, would be written to a bundle unasked: it is left out, named
 * in the report. A component with no certificate is left out too, unless it alone checks an imported
 * certificate (metrics-server stands for the aggregated API servers that verify front-proxy-client):
 * then it is drawn and listed as filled in. It holds nothing a bundle writes. The API server stays:
 * every other component is drawn as its client.
 */
export function provenDesign(design: Design, certificates: Readonly<Record<string, string>>): ProvenDesign {
  const topology = topologyOf(design);
  let next = design;
  const notDrawn: string[] = [];
  const filledIn: string[] = [];
  const without: Component[] = [];
  for (const component of topology.components) {
    if (component.kind === 'kube-apiserver') continue;
    const owned = topology.credentials.filter((c) => c.ownerId === component.id);
    if (owned.length === 0) {
      without.push(component);
      continue;
    }
    if (owned.some((c) => certificates[c.id])) continue;
    notDrawn.push(`${component.name}${where(topology, component)}: none of its files (${owned.map((c) => c.kubeconfig?.file ?? c.files?.cert ?? c.label).join(', ')}) is among the imported ones`);
    next = removeElement(component.id)(next);
  }
  // Which imported certificates some drawn component with certificates of its own verifies.
  const drawn = topologyOf(next);
  const others = new Set(without.map((c) => c.id as string));
  const verified = (componentIds: (id: string) => boolean) => new Set(drawn.connections.flatMap((c) => [
    ...(componentIds(c.serverId) && c.clientCredentialId ? [c.clientCredentialId as string] : []),
    ...(componentIds(c.clientId) && c.serverCredentialId ? [c.serverCredentialId as string] : []),
  ]));
  const checkedElsewhere = verified((id) => !others.has(id));
  for (const component of without) {
    const alone = [...verified((id) => id === component.id)].filter((id) => certificates[id] && !checkedElsewhere.has(id));
    if (alone.length > 0) {
      const labels = alone.map((id) => drawn.credentials.find((c) => c.id === id)?.label ?? id).join(', ');
      filledIn.push(`${component.name}${where(drawn, component)}: drawn from the preset, no file shows it; it stands for what checks ${labels}`);
      continue;
    }
    notDrawn.push(`${component.name}${where(drawn, component)}: it holds no certificate, so no file shows it is there`);
    next = removeElement(component.id)(next);
  }
  // A client credential of a drawn component with no imported certificate, whose servers are all
  // left out (the API server's etcd client when etcd is external), is left out too. A serving
  // certificate stays, filled in: the component it serves for is drawn.
  const left = topologyOf(next);
  const serving = new Set(topology.connections.flatMap((x) => (x.serverCredentialId ? [x.serverCredentialId as string] : [])));
  for (const c of left.credentials) {
    if (certificates[c.id] || serving.has(c.id) || left.connections.some((x) => x.clientCredentialId === c.id)) continue;
    notDrawn.push(`${c.kubeconfig?.file ?? c.files?.cert ?? c.label}: not among the imported files`);
    next = removeElement(c.id)(next);
  }
  return { design: next, notDrawn, filledIn };
}
