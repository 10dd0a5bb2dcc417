import type { Topology } from '../../topology/model';

/** A component's name with its node, since every node runs a kubelet: "kubelet (node01)". */
export function componentName(topology: Topology, id: string): string {
  const component = topology.components.find((c) => c.id === id);
  if (!component) return id;
  const host = topology.hosts.find((h) => h.id === component.hostId);
  return host ? `${component.name} (${host.name})` : component.name;
}
