import type { Component, ComponentId, Host, Topology } from '../../topology/model';
import { labelText, type LabelledLine } from './labels';
import { routeConnections, type Attachment, type Route } from './routing';
import { chipCentre, componentHeight, headerCentre, roleLine, roleOf, type CanvasMetrics } from './sizes';

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

export type { Route } from './routing';

export interface Layout {
  /** Frames (hosts, CAs, components outside every host) absolute; components inside a host relative to it. */
  readonly boxes: ReadonlyMap<string, Box>;
  /** Every component where it is on the canvas, inside a host or not. */
  readonly placed: ReadonlyMap<string, Box>;
  readonly routes: ReadonlyMap<string, Route>;
  /** Everything drawn, lines included: what the fitted view must show. */
  readonly extent: Box;
  /** Every connection's line and label text, for placing labels. */
  readonly lines: readonly LabelledLine[];
  /** What a label may not cover: components, host titles and CAs. */
  readonly obstacles: readonly Box[];
  /** The bands' columns, each with the gap right of it. */
  readonly columns: ReadonlyArray<{ readonly x: number; readonly width: number; readonly gap: number }>;
  /** The components drawn with their chips; the others show their name and role only. */
  readonly chipsShown: ReadonlySet<string>;
}

export interface LayoutOptions {
  /** Frames the person placed by dragging. */
  readonly pinned?: Readonly<Record<string, Point>>;
  /** For lines that stand for several (stacked hosts), how many. */
  readonly bundles?: ReadonlyMap<string, number>;
  /** Which components show their chips: all (full detail) or those named (names only, see view.ts). */
  readonly chips?: 'all' | ReadonlySet<string>;
  /** Room made for the selection's labels: wider gaps (by the column they follow) and host channels (by host). */
  readonly room?: Room;
  /** Hosts drawn for a stack (by host id), and stacks opened by the person (null): their titles carry a button. */
  readonly stacks?: ReadonlyMap<string, StackTitle | null>;
}

export interface Room {
  readonly gaps: ReadonlyMap<number, number>;
  readonly channels: ReadonlyMap<string, number>;
}

const NO_ROOM: Room = { gaps: new Map(), channels: new Map() };

/**
 * The cluster's bands, left to right: CAs and the people and tools outside the cluster,
 * control-plane hosts, workers. Each band is a column of frames in the design's order.
 */
const BAND = { outside: 0, 'control-plane': 1, worker: 2 } as const;
/** Room between bands for the lines that cross them; it does not grow with their number, so nothing moves. */
const BAND_GAP = 68;
/** Room between frames of a band, where lines that cross the band pass. */
const FRAME_GAP = 36;

/** A box placed on the canvas on its own: a host, a CA, or a component outside every host. */
export interface Frame extends Box {
  readonly id: string;
  readonly band: number;
  /** The column it stands in: bands are columns, but each control-plane host has its own. */
  readonly column: number;
  /** Placed by the person (dragged), not by the bands. */
  readonly pinned: boolean;
}

interface Sized {
  readonly id: string;
  readonly band: number;
  readonly width: number;
  readonly height: number;
}

/** The host's second title line, as HostNode writes it. */
export function hostMeta(host: Host): string {
  const role = host.role === 'control-plane' ? 'control plane' : 'worker';
  return (host.poolSize ?? 1) > 1 ? `pool of ${role} nodes from ${host.ip}` : `${role} · ${host.ip}`;
}

/** What a stack of identical hosts shows: how many, and the last one's name. */
export interface StackTitle {
  readonly count: number;
  readonly last: string;
}

/** A host's title lines as HostNode writes them, for one source of their text (and width). */
export function hostTitle(host: Host, stack: StackTitle | null): { name: string; meta: string } {
  const pool = host.poolSize ?? 1;
  if (pool > 1) return { name: `${host.name} × ${pool.toLocaleString('en')}`, meta: hostMeta(host) };
  if (stack) return { name: `×${stack.count} ${host.name}`, meta: `${stack.count} identical · last ${stack.last}` };
  return { name: host.name, meta: hostMeta(host) };
}

/** Room on a stack's title row for its Draw all / Stack again button. */
const STACK_BUTTON = 120;

/**
 * Room right of a host's components for the connections inside it, in tracks. Fixed per role, so
 * that a new connection inside a host packs its lines closer instead of widening the host and
 * pushing every column to its right.
 */
const CHANNEL_TRACKS = { 'control-plane': 6, worker: 1 } as const;

/** Components inside their frame: stacked in a host, or at 0,0 of their own frame. */
function stackComponents(
  topology: Topology,
  m: CanvasMetrics,
  chipLabels: ReadonlyMap<string, string[]>,
  room: Room,
  stacks: ReadonlyMap<string, StackTitle | null>,
) {
  const frames: Sized[] = topology.cas.map((ca) => ({
    id: ca.id,
    band: BAND.outside,
    width: m.caWidth,
    height: m.caHeight,
  }));
  const inFrame = new Map<string, Box & { frame: string }>();
  const inHost = new Map<string, Component[]>();
  for (const c of topology.components) {
    if (c.hostId) inHost.set(c.hostId, [...(inHost.get(c.hostId) ?? []), c]);
  }
  const serves = new Set<string>(topology.connections.map((c) => c.serverId));
  const dials = new Set<string>(topology.connections.map((c) => c.clientId));
  const held = new Map<string, number>();
  for (const cred of topology.credentials) held.set(cred.ownerId, (held.get(cred.ownerId) ?? 0) + 1);
  const widthOf = (c: Component) => {
    const shown = chipLabels.get(c.id) ?? [];
    const role = roleOf(serves.has(c.id), dials.has(c.id));
    return m.componentWidth(c.name, shown, roleLine(role, (held.get(c.id) ?? 0) - shown.length));
  };
  for (const c of topology.components.filter((x) => x.hostId === null)) {
    const box = { x: 0, y: 0, width: widthOf(c), height: componentHeight(m, chipLabels.get(c.id)?.length ?? 0) };
    frames.push({ id: c.id, band: BAND.outside, width: box.width, height: box.height });
    inFrame.set(c.id, { ...box, frame: c.id });
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
    const channel = Math.max(CHANNEL_TRACKS[host.role] * m.track, room.channels.get(host.id) ?? 0);
    frames.push({
      id: host.id,
      band: BAND[host.role],
      // Wide enough for its title (and a stack's button) and its "worker · 192.168.56.21" line too.
      width: Math.max(
        m.hostPadding.side * 2 + width + channel,
        m.componentWidth(hostTitle(host, stacks.get(host.id) ?? null).name, []) * (m.titleFont / m.nameFont) +
          (stacks.has(host.id) ? STACK_BUTTON : 0),
        m.componentWidth('', [], hostTitle(host, stacks.get(host.id) ?? null).meta),
      ),
      height: Math.max(y - m.stackGap + m.hostPadding.bottom, m.hostPadding.top + 20),
    });
  }
  return { frames, inFrame };
}

/**
 * Frames in columns: the CAs and everything outside the cluster, then one column per
 * control-plane host (an HA cluster reads left to right, like a slide, not down a tall strip),
 * then the workers. Each column's frames are stacked in the design's order, so a new worker goes
 * below the last and moves nothing; a frame the person dragged stays where it was put and leaves
 * no hole that others would fill.
 */
function placeFrames(
  sized: readonly Sized[],
  pinned: Readonly<Record<string, Point>>,
  room: Room,
): { frames: Frame[]; columns: Array<{ x: number; width: number; gap: number }> } {
  const free = sized.filter((f) => !pinned[f.id]);
  const stacks = [
    free.filter((f) => f.band === BAND.outside),
    ...free.filter((f) => f.band === BAND['control-plane']).map((f) => [f]),
    free.filter((f) => f.band === BAND.worker),
  ];
  const columns: Array<{ x: number; width: number; gap: number }> = [];
  let x = 0;
  stacks.forEach((stack, i) => {
    const width = Math.max(0, ...stack.map((f) => f.width));
    const gap = Math.max(BAND_GAP, room.gaps.get(i) ?? 0);
    columns.push({ x, width, gap });
    if (width > 0) x += width + gap;
  });
  const frames: Frame[] = [];
  stacks.forEach((stack, column) => {
    let y = 0;
    for (const f of stack) {
      frames.push({ ...f, column, x: columns[column]!.x, y, pinned: false });
      y += f.height + FRAME_GAP;
    }
  });
  // A placed frame counts as in the column its centre is over, for the lines' sake.
  const columnAt = (cx: number) =>
    Math.max(
      0,
      columns.findLastIndex((c) => c.x <= cx),
    );
  for (const f of sized.filter((s) => pinned[s.id]))
    frames.push({ ...f, ...pinned[f.id]!, column: columnAt(pinned[f.id]!.x + f.width / 2), pinned: true });
  return { frames, columns };
}

/**
 * Positions of CAs, hosts and components, and a line for every TLS connection from the chip the
 * client presents to the chip the server presents. Hosts stand in bands (CAs and people outside
 * the cluster, control planes, workers) with fixed gaps, so an edit moves only what it changes;
 * components are stacked in their host; lines run in the gaps between bands and frames.
 */
export function layoutTopology(
  topology: Topology,
  m: CanvasMetrics,
  { pinned = {}, bundles = new Map(), chips = 'all', room = NO_ROOM, stacks = new Map() }: LayoutOptions = {},
): Layout {
  const components = new Map(topology.components.map((c) => [c.id as string, c]));
  const chipsShown = new Set<string>(
    topology.components.filter((c) => chips === 'all' || chips.has(c.id)).map((c) => c.id),
  );
  const chipIndex = new Map<string, number>();
  const chipLabels = new Map<string, string[]>();
  for (const cred of topology.credentials) {
    if (!chipsShown.has(cred.ownerId)) continue;
    const labels = chipLabels.get(cred.ownerId) ?? [];
    chipIndex.set(cred.id, labels.length);
    chipLabels.set(cred.ownerId, [...labels, cred.label]);
  }
  const frameOf = (id: string) => components.get(id)?.hostId ?? id;
  const connections = topology.connections.filter((c) => components.has(c.clientId) && components.has(c.serverId));
  const { frames: sized, inFrame } = stackComponents(topology, m, chipLabels, room, stacks);
  const { frames, columns } = placeFrames(sized, pinned, room);
  const frameById = new Map(frames.map((f) => [f.id, f]));

  const boxes = new Map<string, Box>();
  for (const f of frames) boxes.set(f.id, { x: f.x, y: f.y, width: f.width, height: f.height });
  for (const [id, b] of inFrame) {
    if (components.get(id)?.hostId) boxes.set(id, { x: b.x, y: b.y, width: b.width, height: b.height });
  }
  const placed = new Map<string, Box>(
    [...inFrame].map(([id, b]) => {
      const frame = frameById.get(b.frame)!;
      return [id, { x: frame.x + b.x, y: frame.y + b.y, width: b.width, height: b.height }];
    }),
  );
  const attach = (componentId: ComponentId, credentialId: string | null): Attachment => {
    const b = placed.get(componentId)!;
    const index = credentialId === null ? undefined : chipIndex.get(credentialId);
    return {
      frame: frameById.get(frameOf(componentId))!,
      key: index === undefined ? `head:${componentId}` : credentialId!,
      left: b.x,
      right: b.x + b.width,
      y: b.y + (index === undefined ? headerCentre(m) : chipCentre(m, index)),
      host: components.get(componentId)?.hostId ?? null,
    };
  };
  const routes = routeConnections(
    connections.map((c) => ({
      id: c.id,
      client: attach(c.clientId, c.clientCredentialId),
      server: attach(c.serverId, c.serverCredentialId),
    })),
    { columns, frames, track: m.track },
  );

  // Labels go where they cover no component, host title, CA or other label.
  const labelOf = new Map(topology.credentials.map((c) => [c.id as string, c.label]));
  const hostIds = new Set<string>(topology.hosts.map((h) => h.id));
  const obstacles: Box[] = [
    ...frames
      .filter((f) => !components.has(f.id) && !hostIds.has(f.id))
      .map((f) => ({ x: f.x, y: f.y, width: f.width, height: f.height })),
    ...frames
      .filter((f) => hostIds.has(f.id))
      .map((f) => ({ x: f.x, y: f.y, width: f.width, height: m.hostPadding.top })),
    ...placed.values(),
  ];
  const labelled = connections
    .filter((c) => routes.has(c.id))
    .map((c) => ({
      id: c.id,
      points: routes.get(c.id)!.points,
      text: labelText(
        labelOf.get(c.clientCredentialId ?? '') ?? null,
        labelOf.get(c.serverCredentialId ?? '') ?? null,
        bundles.get(c.id) ?? 1,
      ),
    }));

  const xs = frames.flatMap((f) => [f.x, f.x + f.width]);
  const ys = frames.flatMap((f) => [f.y, f.y + f.height]);
  for (const route of routes.values()) {
    xs.push(...route.points.map((p) => p.x));
    ys.push(...route.points.map((p) => p.y));
  }
  const [left, top] = [Math.min(0, ...xs), Math.min(0, ...ys)];
  const extent = { x: left, y: top, width: Math.max(0, ...xs) - left, height: Math.max(0, ...ys) - top };
  return { boxes, placed, routes, extent, lines: labelled, obstacles, chipsShown, columns };
}
