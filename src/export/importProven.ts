import { topologyOf, type Design } from '../topology/design';
import type { Component, Topology } from '../topology/model';

/** What an import draws and what it leaves out, each with why. */
export interface ProvenDesign {
  readonly design: Design;
  /** Preset components and credentials no imported file proves, left out. */
  readonly notDrawn: string[];
  /** Preset components drawn though no file shows them, because they alone check an imported certificate. */
  readonly filledIn: string[];
}

/** Leaves out preset elements at once: one edit, not one rebuild of the topology per element (an import may hold hundreds of nodes). */
const without = (design: Design, ids: readonly string[]): Design =>
  ids.length === 0 ? design : { ...design, edits: { ...design.edits, removed: [...design.edits.removed, ...ids] } };

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
  const notDrawn: string[] = [];
  const filledIn: string[] = [];
  const bare: Component[] = [];
  const unproven: string[] = [];
  for (const component of topology.components) {
    if (component.kind === 'kube-apiserver') continue;
    const owned = topology.credentials.filter((c) => c.ownerId === component.id);
    if (owned.length === 0) {
      bare.push(component);
      continue;
    }
    if (owned.some((c) => certificates[c.id])) continue;
    notDrawn.push(
      `${component.name}${where(topology, component)}: none of its files (${owned.map((c) => c.kubeconfig?.file ?? c.files?.cert ?? c.label).join(', ')}) is among the imported ones`,
    );
    unproven.push(component.id);
  }
  let next = without(design, unproven);
  // Which imported certificates some drawn component with certificates of its own verifies.
  const drawn = topologyOf(next);
  const others = new Set(bare.map((c) => c.id as string));
  const verified = (componentIds: (id: string) => boolean) =>
    new Set(
      drawn.connections.flatMap((c) => [
        ...(componentIds(c.serverId) && c.clientCredentialId ? [c.clientCredentialId as string] : []),
        ...(componentIds(c.clientId) && c.serverCredentialId ? [c.serverCredentialId as string] : []),
      ]),
    );
  const checkedElsewhere = verified((id) => !others.has(id));
  const unseen: string[] = [];
  for (const component of bare) {
    const alone = [...verified((id) => id === component.id)].filter(
      (id) => certificates[id] && !checkedElsewhere.has(id),
    );
    if (alone.length > 0) {
      const labels = alone.map((id) => drawn.credentials.find((c) => c.id === id)?.label ?? id).join(', ');
      filledIn.push(
        `${component.name}${where(drawn, component)}: drawn from the preset, no file shows it; it stands for what checks ${labels}`,
      );
      continue;
    }
    notDrawn.push(`${component.name}${where(drawn, component)}: it holds no certificate, so no file shows it is there`);
    unseen.push(component.id);
  }
  next = without(next, unseen);
  // A client credential of a drawn component with no imported certificate, whose servers are all
  // left out (the API server's etcd client when etcd is external), is left out too. A serving
  // certificate stays, filled in: the component it serves for is drawn.
  const left = topologyOf(next);
  const serving = new Set(
    topology.connections.flatMap((x) => (x.serverCredentialId ? [x.serverCredentialId as string] : [])),
  );
  const clients = new Set(
    left.connections.flatMap((x) => (x.clientCredentialId ? [x.clientCredentialId as string] : [])),
  );
  const stray: string[] = [];
  for (const c of left.credentials) {
    if (certificates[c.id] || serving.has(c.id) || clients.has(c.id)) continue;
    notDrawn.push(`${c.kubeconfig?.file ?? c.files?.cert ?? c.label}: not among the imported files`);
    stray.push(c.id);
  }
  return { design: without(next, stray), notDrawn, filledIn };
}
