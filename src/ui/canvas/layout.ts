import type { ELK, ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk.bundled.js';
import type { Topology } from '../../topology/model';
import { CA_HEIGHT, CA_WIDTH, COMPONENT_WIDTH, HOST_PADDING, componentHeight } from './sizes';

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface Point {
  readonly x: number;
  readonly y: number;
}

/** An edge as ELK routed it, in absolute canvas coordinates, and where its label sits. */
export interface Route {
  readonly points: readonly Point[];
  readonly label: Point;
}

export interface Layout {
  /** Hosts, top-level components and CAs absolute; components inside a host relative to it. */
  readonly boxes: ReadonlyMap<string, Box>;
  readonly routes: ReadonlyMap<string, Route>;
}

let elk: Promise<ELK> | null = null;
/** ELK is over a megabyte: load it after the first paint, once. */
function loadElk(): Promise<ELK> {
  elk ??= import('elkjs/lib/elk.bundled.js').then(({ default: Elk }) => new Elk());
  return elk;
}

const ROOT_OPTIONS = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.layered.spacing.nodeNodeBetweenLayers': '90',
  'elk.layered.spacing.edgeNodeBetweenLayers': '24',
  'elk.layered.spacing.edgeEdgeBetweenLayers': '14',
  'elk.spacing.edgeEdge': '14',
  'elk.spacing.edgeNode': '18',
  'elk.spacing.nodeNode': '30',
  'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  'elk.json.edgeCoords': 'ROOT',
};
const HOST_OPTIONS = {
  'elk.padding': `[top=${HOST_PADDING.top},left=${HOST_PADDING.side},bottom=${HOST_PADDING.bottom},right=${HOST_PADDING.side}]`,
};
/** Room above the graph for the row of CAs. */
const CA_ROW = CA_HEIGHT + 50;

/**
 * Where a label goes: the middle of the route's longest horizontal run. Those runs cross the
 * gaps between layers, where no node sits; vertical runs share channels with other edges.
 */
function labelPoint(points: readonly Point[]): Point {
  let best: { a: Point; b: Point; length: number } | null = null;
  for (const [i, a] of points.entries()) {
    const b = points[i + 1];
    if (!b) break;
    const length = a.y === b.y ? Math.abs(b.x - a.x) : 0;
    if (!best || length > best.length) best = { a, b, length };
  }
  if (!best) return points[0] ?? { x: 0, y: 0 };
  return { x: (best.a.x + best.b.x) / 2, y: best.a.y };
}

/**
 * Positions of hosts (as groups), components and CAs, and orthogonal routes for every TLS
 * connection. ELK's layered algorithm puts clients left of the servers they dial; the CAs,
 * trust anchors of everything below, form a row above.
 */
export async function layoutTopology(topology: Topology): Promise<Layout> {
  const componentNode = (id: string): ElkNode => {
    const component = topology.components.find((c) => c.id === id)!;
    return { id, width: COMPONENT_WIDTH, height: componentHeight(topology, component) };
  };
  // Labels stay out of ELK: as label nodes they would double the drawing's width.
  const edges: ElkExtendedEdge[] = topology.connections.map((c) => ({ id: c.id, sources: [c.clientId], targets: [c.serverId] }));
  const graph: ElkNode = {
    id: 'root',
    layoutOptions: ROOT_OPTIONS,
    children: [
      ...topology.components.filter((c) => c.hostId === null).map((c) => componentNode(c.id)),
      ...topology.hosts.map((host) => ({
        id: host.id,
        layoutOptions: HOST_OPTIONS,
        children: topology.components.filter((c) => c.hostId === host.id).map((c) => componentNode(c.id)),
      })),
    ],
    edges,
  };
  const laid = await (await loadElk()).layout(graph);

  const boxes = new Map<string, Box>();
  for (const child of laid.children ?? []) {
    boxes.set(child.id, { x: child.x ?? 0, y: (child.y ?? 0) + CA_ROW, width: child.width ?? 0, height: child.height ?? 0 });
    for (const inner of child.children ?? []) {
      boxes.set(inner.id, { x: inner.x ?? 0, y: inner.y ?? 0, width: inner.width ?? 0, height: inner.height ?? 0 });
    }
  }
  topology.cas.forEach((ca, i) => boxes.set(ca.id, { x: i * (CA_WIDTH + 40), y: 0, width: CA_WIDTH, height: CA_HEIGHT }));

  const routes = new Map<string, Route>();
  for (const edge of laid.edges ?? []) {
    const section = edge.sections?.[0];
    if (!section) continue;
    const points = [section.startPoint, ...(section.bendPoints ?? []), section.endPoint].map((p) => ({ x: p.x, y: p.y + CA_ROW }));
    routes.set(edge.id, { points, label: labelPoint(points) });
  }
  return { boxes, routes };
}
