import type { SelectionKind } from '../../store/selectionSlice';
import type { Topology } from '../../topology/model';
import type { Box, Layout } from './layout';
import { chipCentre, type CanvasMetrics } from './sizes';

/** Something the keyboard can land on in the diagram, where it is, and what a screen reader says of it. */
export interface CanvasItem {
  readonly id: string;
  readonly kind: SelectionKind;
  readonly box: Box;
  readonly says: string;
}

/** Every host, CA, component and certificate chip drawn, in reading order (left to right, top to bottom). */
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
    if (box) items.push({ id: host.id, kind: 'host', box: { ...box, height: m.hostPadding.top }, says: `${host.role === 'worker' ? 'Worker' : 'Control-plane'} node ${host.name}, ${host.ip}` });
  }
  const chipsOf = new Map<string, Topology['credentials'][number][]>();
  for (const c of topology.credentials) chipsOf.set(c.ownerId, [...(chipsOf.get(c.ownerId) ?? []), c]);
  for (const component of topology.components) {
    const box = layout.placed.get(component.id);
    if (!box) continue;
    const where = component.hostId ? ` on ${hosts.get(component.hostId)?.name ?? component.hostId}` : ', outside the cluster';
    const chips = chipsOf.get(component.id) ?? [];
    items.push({ id: component.id, kind: 'component', box: { ...box, height: m.componentInset + m.headerHeight }, says: `${component.name}${where}, ${chips.length} credentials` });
    chips.forEach((c, i) => {
      const y = box.y + chipCentre(m, i) - m.chipHeight / 2;
      items.push({ id: c.id, kind: 'credential', box: { x: box.x, y, width: box.width, height: m.chipHeight }, says: `Certificate ${c.label} of ${component.name}, signed by ${caName.get(c.caId) ?? c.caId}` });
    });
  }
  return items.sort((a, b) => a.box.x - b.box.x || a.box.y - b.box.y);
}

export type Direction = 'ArrowLeft' | 'ArrowRight' | 'ArrowUp' | 'ArrowDown';

/**
 * The item the arrow key leads to: the nearest whose centre lies that way, distance along the
 * arrow counting once and distance across it twice (so Down stays in a column). Stays put at an edge.
 */
export function nextItem(items: readonly CanvasItem[], from: CanvasItem, direction: Direction): CanvasItem {
  const centre = (b: Box) => ({ x: b.x + b.width / 2, y: b.y + b.height / 2 });
  const here = centre(from.box);
  let best: { item: CanvasItem; score: number } | null = null;
  for (const item of items) {
    if (item === from) continue;
    const c = centre(item.box);
    const [along, across] = direction === 'ArrowLeft' ? [here.x - c.x, c.y - here.y]
      : direction === 'ArrowRight' ? [c.x - here.x, c.y - here.y]
        : direction === 'ArrowUp' ? [here.y - c.y, c.x - here.x] : [c.y - here.y, c.x - here.x];
    if (along <= 1) continue;
    const score = along + 2 * Math.abs(across);
    if (!best || score < best.score) best = { item, score };
  }
  return best?.item ?? from;
}
