import type { SelectionKind } from '../../store/selectionSlice';
import type { Topology } from '../../topology/model';
import type { Box, Layout, Point } from './layout';
import { nearestInDirection } from './nearest';
import { chipCentre, type CanvasMetrics } from './sizes';

/** Something the keyboard can land on in the diagram, where it is, and what a screen reader says of it. */
export interface CanvasItem {
  readonly id: string;
  readonly kind: SelectionKind;
  readonly box: Box;
  readonly says: string;
}

/**
 * Where the keyboard stands on a line: the middle of its longest run, a spot as wide as two tracks (lines run 7 apart) so that lines in one channel stand in one column;
 * where another line already stands there (two lines share a run), a third or two thirds of the
 * way along its runs instead, so that each line has a spot of its own to be reached at.
 */
function lineSpot(points: readonly Point[], taken: Point[]): Box | null {
  const runs = points
    .slice(1)
    .map((b, i) => ({ a: points[i]!, b, length: Math.hypot(b.x - points[i]!.x, b.y - points[i]!.y) }))
    .sort((p, q) => q.length - p.length);
  const spots = [0.5, 1 / 3, 2 / 3].flatMap((t) =>
    runs.map(({ a, b }) => ({ x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t })),
  );
  const at = spots.find((p) => taken.every((q) => Math.hypot(p.x - q.x, p.y - q.y) >= 8)) ?? spots[0];
  if (!at) return null;
  taken.push(at);
  return { x: at.x - 6, y: at.y - 6, width: 12, height: 12 };
}

/** Every host, CA, component, certificate chip and connection drawn, in reading order (left to right, top to bottom). */
export function canvasItems(topology: Topology, layout: Layout, m: CanvasMetrics): CanvasItem[] {
  const items: CanvasItem[] = [];
  const hosts = new Map(topology.hosts.map((h) => [h.id as string, h]));
  const caName = new Map(topology.cas.map((ca) => [ca.id as string, ca.name]));
  for (const ca of topology.cas) {
    const box = layout.boxes.get(ca.id);
    if (box) items.push({ id: ca.id, kind: 'ca', box, says: `CA ${ca.name}, ${ca.certFile}` });
  }
  for (const host of topology.hosts) {
    const box = layout.boxes.get(host.id);
    // The host is its title bar: its components are items of their own.
    if (box)
      items.push({
        id: host.id,
        kind: 'host',
        box: { ...box, height: m.hostPadding.top },
        says: `${host.role === 'worker' ? 'Worker' : 'Control-plane'} node ${host.name}, ${host.ip}`,
      });
  }
  const chipsOf = new Map<string, Topology['credentials'][number][]>();
  for (const c of topology.credentials) chipsOf.set(c.ownerId, [...(chipsOf.get(c.ownerId) ?? []), c]);
  for (const component of topology.components) {
    const box = layout.placed.get(component.id);
    if (!box) continue;
    const where = component.hostId
      ? ` on ${hosts.get(component.hostId)?.name ?? component.hostId}`
      : ', outside the cluster';
    const chips = chipsOf.get(component.id) ?? [];
    // Drawn with names only (view.ts), a component shows no chips: the keyboard lands on none either.
    const shown = layout.chipsShown.has(component.id);
    items.push({
      id: component.id,
      kind: 'component',
      box: { ...box, height: m.componentInset + m.headerHeight },
      says: `${component.name}${where}, ${chips.length} credentials`,
    });
    if (shown)
      chips.forEach((c, i) => {
        const y = box.y + chipCentre(m, i) - m.chipHeight / 2;
        items.push({
          id: c.id,
          kind: 'credential',
          box: { x: box.x, y, width: box.width, height: m.chipHeight },
          says: `Certificate ${c.label} of ${component.name}, signed by ${caName.get(c.caId) ?? c.caId}`,
        });
      });
  }
  const names = new Map(topology.components.map((c) => [c.id as string, c.name]));
  const labels = new Map(topology.credentials.map((c) => [c.id as string, c.label]));
  const taken: Point[] = [];
  for (const c of topology.connections) {
    const route = layout.routes.get(c.id);
    const box = route && lineSpot(route.points, taken);
    if (!box) continue;
    const presents = (id: string | null, none: string) => (id ? (labels.get(id) ?? id) : none);
    items.push({
      id: c.id,
      kind: 'connection',
      box,
      says: `Connection ${c.label}: ${names.get(c.clientId) ?? c.clientId} to ${names.get(c.serverId) ?? c.serverId}; client presents ${presents(c.clientCredentialId, 'a token')}, server presents ${presents(c.serverCredentialId, 'a self-signed certificate')}`,
    });
  }
  return items.sort((a, b) => a.box.x - b.box.x || a.box.y - b.box.y);
}

/**
 * Where a key moves the diagram's cursor, or null for a key that does not move it. Arrows go to
 * the nearest item that way (nearest.ts); Page Down and Page Up step through every item in reading
 * order, so that none is out of reach where arrows pass an item by (a line hidden among others);
 * Home and End go to the first and the last.
 */
export function cursorTarget(items: readonly CanvasItem[], current: CanvasItem, key: string): CanvasItem | null {
  if (key === 'ArrowLeft' || key === 'ArrowRight' || key === 'ArrowUp' || key === 'ArrowDown')
    return nearestInDirection(items, current, key);
  const at = items.indexOf(current);
  if (key === 'PageDown') return items[Math.min(items.length - 1, at + 1)] ?? current;
  if (key === 'PageUp') return items[Math.max(0, at - 1)] ?? current;
  if (key === 'Home') return items[0] ?? current;
  if (key === 'End') return items.at(-1) ?? current;
  return null;
}
