import type { ELK, ElkExtendedEdge, ElkNode, ElkPort } from 'elkjs/lib/elk.bundled.js';
import type { Component, ComponentId, Topology } from '../../topology/model';
import { chipCentre, componentHeight, headerCentre, type CanvasMetrics } from './sizes';

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

/** A connection's line, chip to chip, in absolute canvas coordinates, and where its label sits. */
export interface Route {
  readonly points: readonly Point[];
  readonly label: Point;
}

export interface Layout {
  /** Hosts, components outside every host and CAs absolute; components inside a host relative to it. */
  readonly boxes: ReadonlyMap<string, Box>;
  readonly routes: ReadonlyMap<string, Route>;
  /** Everything drawn, lines that loop around the hosts included: what the fitted view must show. */
  readonly extent: Box;
}

let elk: Promise<ELK> | null = null;
/** ELK is over a megabyte: load it after the first paint, once. */
function loadElk(): Promise<ELK> {
  elk ??= import('elkjs/lib/elk.bundled.js').then(({ default: Elk }) => new Elk());
  return elk;
}

/**
 * The cluster's bands, left to right: people and tools outside the cluster, control-plane
 * hosts, workers. ELK keeps them in this order (partitions) and each band's hosts in the
 * design's order, so node01 is above node02 and a new worker goes below the last one.
 */
const BAND = { outside: 0, 'control-plane': 1, worker: 2 } as const;

const ROOT_OPTIONS = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.partitioning.activate': 'true',
  'elk.layered.spacing.nodeNodeBetweenLayers': '44',
  'elk.layered.spacing.edgeNodeBetweenLayers': '20',
  'elk.layered.spacing.edgeEdgeBetweenLayers': '10',
  'elk.spacing.edgeEdge': '10',
  'elk.spacing.edgeNode': '16',
  'elk.spacing.nodeNode': '28',
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
  // Nodes hang from the top of their band, so a node added at the bottom moves none above it.
  'elk.layered.nodePlacement.bk.fixedAlignment': 'LEFTUP',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  'elk.layered.crossingMinimization.forceNodeModelOrder': 'true',
  'elk.layered.mergeEdges': 'false',
};

/** One end of a connection: the component's frame (its host, or itself outside hosts) and where the chip is. */
interface End {
  readonly frame: string;
  /** The chip (or header) centre and the component's side it leaves or enters by, absolute once placed. */
  readonly component: ComponentId;
  readonly dy: number;
  readonly key: string;
}

/** Where everything sits in its frame, before ELK places the frames. */
interface Frames {
  readonly sizes: Map<string, { width: number; height: number; band: number }>;
  /** Components relative to their frame (a host) or at 0,0 of their own frame (outside hosts). */
  readonly inFrame: Map<string, Box & { frame: string }>;
}

function stack(topology: Topology, m: CanvasMetrics, chipLabels: ReadonlyMap<string, string[]>, intraTracks: ReadonlyMap<string, number>): Frames {
  const sizes = new Map<string, { width: number; height: number; band: number }>();
  const inFrame = new Map<string, Box & { frame: string }>();
  const inHost = new Map<string, Component[]>();
  for (const c of topology.components) {
    if (c.hostId) inHost.set(c.hostId, [...(inHost.get(c.hostId) ?? []), c]);
  }
  const widthOf = (c: Component) => m.componentWidth(c.name, chipLabels.get(c.id) ?? []);
  for (const c of topology.components.filter((x) => x.hostId === null)) {
    const height = componentHeight(m, chipLabels.get(c.id)?.length ?? 0);
    sizes.set(c.id, { width: widthOf(c), height, band: BAND.outside });
    inFrame.set(c.id, { x: 0, y: 0, width: widthOf(c), height, frame: c.id });
  }
  for (const host of topology.hosts) {
    const mine = inHost.get(host.id) ?? [];
    // One width for a host's components: its column reads as one.
    const width = Math.max(0, ...mine.map(widthOf));
    let y = m.hostPadding.top;
    for (const c of mine) {
      const height = componentHeight(m, chipLabels.get(c.id)?.length ?? 0);
      inFrame.set(c.id, { x: m.hostPadding.side, y, width, height, frame: host.id });
      y += height + m.stackGap;
    }
    // Connections inside the host run in a channel right of its components, one track each.
    const channel = (intraTracks.get(host.id) ?? 0) * m.track;
    sizes.set(host.id, {
      // Wide enough for its title and its "worker · 192.168.56.21" line too.
      width: Math.max(m.hostPadding.side * 2 + width + channel, m.componentWidth(host.name, []), m.componentWidth(`${host.role} · ${host.ip}`, []) * 0.85),
      height: Math.max(y - m.stackGap + m.hostPadding.bottom, m.hostPadding.top + 20),
      band: BAND[host.role],
    });
  }
  return { sizes, inFrame };
}

/** The middle of the route's longest horizontal run: those cross the gaps between bands, where no box sits. */
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

/** Drops repeated points and points in the middle of a straight run. */
function simplify(points: readonly Point[]): Point[] {
  const out: Point[] = [];
  for (const p of points) {
    const last = out.at(-1);
    if (last && Math.abs(last.x - p.x) < 0.5 && Math.abs(last.y - p.y) < 0.5) continue;
    const before = out.at(-2);
    if (last && before && ((before.x === last.x && last.x === p.x) || (before.y === last.y && last.y === p.y))) out.pop();
    out.push(p);
  }
  return out;
}

/**
 * Positions of hosts, components and CAs, and a line for every TLS connection from the chip the
 * client presents to the chip the server presents. Components are stacked in their host; ELK
 * places hosts in bands (outside the cluster, control plane, workers) and routes the lines
 * between hosts through ports at the chips; lines inside a host run in its own channel. The
 * CAs, trust anchors of everything, head the first band.
 */
export async function layoutTopology(topology: Topology, m: CanvasMetrics): Promise<Layout> {
  const components = new Map(topology.components.map((c) => [c.id as string, c]));
  const chipIndex = new Map<string, number>();
  const chipLabels = new Map<string, string[]>();
  for (const cred of topology.credentials) {
    const labels = chipLabels.get(cred.ownerId) ?? [];
    chipIndex.set(cred.id, labels.length);
    chipLabels.set(cred.ownerId, [...labels, cred.label]);
  }
  const frameOf = (componentId: string) => components.get(componentId)?.hostId ?? componentId;
  const end = (componentId: ComponentId, credentialId: string | null): End => {
    const index = credentialId === null ? undefined : chipIndex.get(credentialId);
    return {
      frame: frameOf(componentId), component: componentId,
      dy: index === undefined ? headerCentre(m) : chipCentre(m, index), key: index === undefined ? `head:${componentId}` : credentialId!,
    };
  };
  const ends = topology.connections
    .filter((c) => components.has(c.clientId) && components.has(c.serverId))
    .map((c) => ({ id: c.id, client: end(c.clientId, c.clientCredentialId), server: end(c.serverId, c.serverCredentialId) }));
  const isIntra = (e: (typeof ends)[number]) => e.client.frame === e.server.frame && !!components.get(e.client.component)?.hostId;
  const intra = ends.filter(isIntra);
  const intraTracks = new Map<string, number>();
  for (const e of intra) intraTracks.set(e.client.frame, (intraTracks.get(e.client.frame) ?? 0) + 1);
  const { sizes, inFrame } = stack(topology, m, chipLabels, intraTracks);

  // Ports where the lines between frames leave (east, at the client's chip) and enter (west, at the server's).
  const ports = new Map<string, Map<string, ElkPort>>();
  const port = (frame: string, id: string, x: number, y: number) => {
    const mine = ports.get(frame) ?? new Map<string, ElkPort>();
    ports.set(frame, mine);
    if (!mine.has(id)) mine.set(id, { id, x, y, width: 0, height: 0, layoutOptions: { 'elk.port.side': x === 0 ? 'WEST' : 'EAST' } });
    return id;
  };
  const absoluteDy = (e: End) => (inFrame.get(e.component)?.y ?? 0) + e.dy;
  const edges: ElkExtendedEdge[] = ends.filter((e) => !isIntra(e)).map((e) => ({
    id: e.id,
    sources: [port(e.client.frame, `out|${e.client.frame}|${e.client.key}`, sizes.get(e.client.frame)!.width, absoluteDy(e.client))],
    targets: [port(e.server.frame, `in|${e.server.frame}|${e.server.key}`, 0, absoluteDy(e.server))],
  }));
  // CAs head the first band, above the people and tools outside the cluster: the trust anchors
  // sit on the left, where a reader starts, and the drawing stays wider than tall like the screen.
  for (const ca of topology.cas) sizes.set(ca.id, { width: m.caWidth, height: m.caHeight, band: BAND.outside });
  const frameIds = [
    ...topology.cas.map((ca) => ca.id as string),
    ...topology.components.filter((c) => c.hostId === null).map((c) => c.id as string), ...topology.hosts.map((h) => h.id as string),
  ];
  const graph: ElkNode = {
    id: 'root',
    layoutOptions: ROOT_OPTIONS,
    children: frameIds.map((id) => {
      const size = sizes.get(id)!;
      return {
        id, width: size.width, height: size.height, ports: [...(ports.get(id)?.values() ?? [])],
        layoutOptions: { 'elk.portConstraints': 'FIXED_POS', 'elk.partitioning.partition': String(size.band) },
      };
    }),
    edges,
  };
  const laid = await (await loadElk()).layout(graph);

  const boxes = new Map<string, Box>();
  const frameAt = new Map<string, Point>();
  for (const child of laid.children ?? []) {
    const at = { x: child.x ?? 0, y: child.y ?? 0 };
    frameAt.set(child.id, at);
    const size = sizes.get(child.id)!;
    // A host or a CA is a box of its own; a component outside every host is its own frame.
    boxes.set(child.id, { ...at, width: size.width, height: size.height });
  }
  for (const [id, b] of inFrame) {
    if (components.get(id)?.hostId) boxes.set(id, { x: b.x, y: b.y, width: b.width, height: b.height });
  }

  const chipAt = (e: End, side: 'left' | 'right'): Point => {
    const frame = frameAt.get(e.frame) ?? { x: 0, y: 0 };
    const b = inFrame.get(e.component)!;
    return { x: frame.x + b.x + (side === 'right' ? b.width : 0), y: frame.y + b.y + e.dy };
  };
  const routes = new Map<string, Route>();
  const endsById = new Map(ends.map((e) => [e.id as string, e]));
  for (const edge of laid.edges ?? []) {
    const section = edge.sections?.[0];
    const e = endsById.get(edge.id);
    if (!section || !e) continue;
    const between = [section.startPoint, ...(section.bendPoints ?? []), section.endPoint];
    const points = simplify([chipAt(e.client, 'right'), ...between, chipAt(e.server, 'left')]);
    routes.set(edge.id, { points, label: labelPoint(points) });
  }
  // Inside a host: out of the client's chip to a track of the host's channel, along it, and into
  // the server's chip from the right. Short spans take the inner tracks, so lines nest, never cross.
  const byHost = new Map<string, typeof intra>();
  for (const e of intra) byHost.set(e.client.frame, [...(byHost.get(e.client.frame) ?? []), e]);
  for (const list of byHost.values()) {
    const span = (e: (typeof intra)[number]) => Math.abs(chipAt(e.client, 'right').y - chipAt(e.server, 'right').y);
    [...list].sort((a, b) => span(a) - span(b)).forEach((e, i) => {
      const from = chipAt(e.client, 'right');
      const to = chipAt(e.server, 'right');
      const trackX = from.x + m.track * (i + 1);
      const points = simplify([from, { x: trackX, y: from.y }, { x: trackX, y: to.y }, to]);
      routes.set(e.id, { points, label: { x: trackX, y: (from.y + to.y) / 2 } });
    });
  }
  const xs = [...frameAt.keys()].flatMap((id) => [boxes.get(id)!.x, boxes.get(id)!.x + boxes.get(id)!.width]);
  const ys = [...frameAt.keys()].flatMap((id) => [boxes.get(id)!.y, boxes.get(id)!.y + boxes.get(id)!.height]);
  for (const route of routes.values()) {
    xs.push(...route.points.map((p) => p.x));
    ys.push(...route.points.map((p) => p.y));
  }
  const [left, top] = [Math.min(0, ...xs), Math.min(0, ...ys)];
  return { boxes, routes, extent: { x: left, y: top, width: Math.max(0, ...xs) - left, height: Math.max(0, ...ys) - top } };
}
