import ELK, { type ElkNode } from 'elkjs/lib/elk.bundled.js';
import type { Topology } from '../../topology/model';
import { CA_HEIGHT, CA_WIDTH, COMPONENT_WIDTH, HOST_PADDING, componentHeight } from './sizes';

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

const elk = new ELK();

const ROOT_OPTIONS = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
  'elk.layered.spacing.nodeNodeBetweenLayers': '110',
  'elk.spacing.nodeNode': '36',
  'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX',
  'elk.layered.crossingMinimization.strategy': 'LAYER_SWEEP',
  'elk.spacing.componentComponent': '60',
};
const HOST_OPTIONS = {
  'elk.padding': `[top=${HOST_PADDING.top},left=${HOST_PADDING.side},bottom=${HOST_PADDING.bottom},right=${HOST_PADDING.side}]`,
  'elk.spacing.nodeNode': '22',
};

/**
 * Positions of hosts (as groups), components (relative to their host) and CAs. ELK's layered
 * algorithm puts clients left of the servers they dial; CAs form a row above, as trust anchors.
 */
export async function layoutTopology(topology: Topology): Promise<Map<string, Box>> {
  const componentNode = (id: string): ElkNode => {
    const component = topology.components.find((c) => c.id === id)!;
    return { id, width: COMPONENT_WIDTH, height: componentHeight(topology, component) };
  };
  const graph: ElkNode = {
    id: 'root',
    layoutOptions: ROOT_OPTIONS,
    children: [
      ...topology.hosts.map((host) => ({
        id: host.id,
        layoutOptions: HOST_OPTIONS,
        children: topology.components.filter((c) => c.hostId === host.id).map((c) => componentNode(c.id)),
      })),
      ...topology.components.filter((c) => c.hostId === null).map((c) => componentNode(c.id)),
    ],
    edges: topology.connections.map((c) => ({ id: c.id, sources: [c.clientId], targets: [c.serverId] })),
  };
  const laid = await elk.layout(graph);
  const boxes = new Map<string, Box>();
  const visit = (node: ElkNode) => {
    for (const child of node.children ?? []) {
      boxes.set(child.id, { x: child.x ?? 0, y: child.y ?? 0, width: child.width ?? 0, height: child.height ?? 0 });
      visit(child);
    }
  };
  visit(laid);
  // Move the graph down to make room for the CA row above it.
  const caRowHeight = CA_HEIGHT + 70;
  for (const [id, box] of boxes) {
    if (topology.hosts.some((h) => h.id === id) || topology.components.some((c) => c.id === id && c.hostId === null)) {
      boxes.set(id, { ...box, y: box.y + caRowHeight });
    }
  }
  topology.cas.forEach((ca, i) => boxes.set(ca.id, { x: i * (CA_WIDTH + 40), y: 0, width: CA_WIDTH, height: CA_HEIGHT }));
  return boxes;
}
