import { describe, expect, test } from 'vitest';
import { NO_EDITS, topologyOf, type Design } from '../../topology/design';
import { addControlPlane, addWorker } from '../../topology/edits';
import { PRESET_DEFAULTS } from '../../topology/presets';
import { PRESET_IDS, type PresetId } from '../../topology/presetParams';
import { canvasItems, cursorTarget, type CanvasItem } from './keyboardItems';
import { nearestInDirection, type Direction } from './nearest';
import { canvasMetrics } from './sizes';
import { diagramView, PROJECTOR_CANVAS } from './view';

const preset = (presetId: PresetId): Design => ({ presetId, params: PRESET_DEFAULTS[presetId], edits: NO_EDITS });
/** kubeadm with three control planes and 50 workers (drawn stacked). */
const HA = [addControlPlane, addControlPlane, ...Array.from({ length: 47 }, () => addWorker)].reduce(
  (d, edit) => edit(d),
  preset('kubeadm'),
);
const DESIGNS: Array<[string, Design]> = [
  ...PRESET_IDS.map((id): [string, Design] => [id, preset(id)]),
  ['HA (3 control planes, 50 workers)', HA],
];

/** The keyboard's items over a design as the canvas draws it with every certificate shown (identical hosts stacked, as by default). */
function itemsOf(design: PresetId | Design): CanvasItem[] {
  const topology = topologyOf(typeof design === 'string' ? preset(design) : design);
  const m = canvasMetrics(false);
  const { stacking, layout } = diagramView({
    topology,
    metrics: m,
    canvas: PROJECTOR_CANVAS,
    selectedId: null,
    stack: true,
    expanded: new Set(),
    pinned: {},
    detail: 'full',
  });
  return canvasItems(stacking.drawn, layout, m);
}
const byId = (items: readonly CanvasItem[], id: string) => items.find((i) => i.id === id)!;
const DIRECTIONS: Direction[] = ['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight'];

/** The ids Down visits from `start` until `until` (or it stops moving). */
function walk(items: readonly CanvasItem[], start: string, direction: Direction, until: string): string[] {
  const seen = [start];
  let at = byId(items, start);
  for (let i = 0; i < items.length && at.id !== until; i++) {
    const next = nearestInDirection(items, at, direction);
    if (next === at) break;
    seen.push(next.id);
    at = next;
  }
  return seen;
}

describe('arrow keys over the drawn diagram', () => {
  test('Course: Down from kube-proxy.crt, the foot of its column, goes on at the head of the next column: kube-apiserver and etcd before kube-scheduler', () => {
    const items = itemsOf('course');
    const path = walk(items, 'cred:kube-proxy', 'ArrowDown', 'kube-scheduler@controlplane');
    expect(path.at(-1)).toBe('kube-scheduler@controlplane');
    for (const id of [
      'host:controlplane',
      'kube-apiserver@controlplane',
      'cred:apiserver',
      'etcd@controlplane',
      'cred:etcdserver',
    ])
      expect(path).toContain(id);
    expect(path.indexOf('etcd@controlplane')).toBeLessThan(path.indexOf('kube-scheduler@controlplane'));
  });

  test('Course: Right from scheduler.crt stays in its row, and Down walks a host box by box', () => {
    const items = itemsOf('course');
    const from = byId(items, 'cred:scheduler');
    const right = nearestInDirection(items, from, 'ArrowRight');
    expect(right.box.x).toBeGreaterThanOrEqual(from.box.x + from.box.width);
    expect(right.box.y).toBeLessThanOrEqual(from.box.y + from.box.height);
    expect(right.box.y + right.box.height).toBeGreaterThanOrEqual(from.box.y);
    expect(walk(items, 'host:node01', 'ArrowDown', 'kubelet@node02').filter((id) => !id.startsWith('conn:'))).toEqual([
      'host:node01',
      'kubelet@node01',
      'cred:kubelet-node01',
      'cred:kubelet-client-node01',
      'host:node02',
      'kubelet@node02',
    ]);
  });

  /** The ids arrow keys (and the other keys given) reach from the first item. */
  function reachable(items: readonly CanvasItem[], keys: readonly string[]): Set<string> {
    const reached = new Set([items[0]!.id]);
    const queue = [items[0]!];
    while (queue.length > 0) {
      const at = queue.shift()!;
      for (const key of keys) {
        const next = cursorTarget(items, at, key)!;
        if (!reached.has(next.id)) {
          reached.add(next.id);
          queue.push(next);
        }
      }
    }
    return reached;
  }

  test.each(PRESET_IDS.map((id) => [id]))(
    '%s: every item, every connection included, can be reached from the first by arrow keys alone',
    (id) => {
      const items = itemsOf(id);
      expect(items.filter((i) => i.kind === 'connection').length).toBeGreaterThan(5);
      const reached = reachable(items, DIRECTIONS);
      expect(items.map((i) => i.id).filter((i) => !reached.has(i))).toEqual([]);
    },
  );

  test('HA: Page Down steps through every item, and arrows alone reach every one (control planes stacked)', () => {
    const items = itemsOf(HA);
    const steps = [items[0]!];
    for (let i = 1; i < items.length; i++) steps.push(cursorTarget(items, steps.at(-1)!, 'PageDown')!);
    expect(steps.map((i) => i.id)).toEqual(items.map((i) => i.id));
    expect(cursorTarget(items, steps.at(-1)!, 'PageUp')).toBe(steps.at(-2));
    const byArrows = reachable(items, DIRECTIONS);
    expect(items.filter((i) => !byArrows.has(i.id)).map((i) => i.id)).toEqual([]);
  });

  test.each(DESIGNS)(
    '%s: an arrow never leads back past where it started, and Down in a column takes the next box below',
    (_, design) => {
      const items = itemsOf(design);
      for (const from of items) {
        const b = from.box;
        const left = nearestInDirection(items, from, 'ArrowLeft');
        const right = nearestInDirection(items, from, 'ArrowRight');
        if (left !== from) expect(left.box.x + left.box.width, `${from.id} Left`).toBeLessThanOrEqual(b.x + 1);
        if (right !== from) expect(right.box.x, `${from.id} Right`).toBeGreaterThanOrEqual(b.x + b.width - 1);
        const down = nearestInDirection(items, from, 'ArrowDown');
        // In its column (overlapping it across), Down takes the nearest box below; with none, a column further right.
        const below = items.filter(
          (i) =>
            i !== from && i.box.y >= b.y + b.height - 1 && i.box.x <= b.x + b.width && i.box.x + i.box.width >= b.x,
        );
        if (below.length > 0) expect(down.box.y, `${from.id} Down`).toBe(Math.min(...below.map((i) => i.box.y)));
        else if (down !== from) expect(down.box.x, `${from.id} Down`).toBeGreaterThan(b.x + b.width);
      }
    },
  );

  test('each connection is an item that says what it is', () => {
    const items = itemsOf('course');
    const line = byId(items, 'conn:kube-apiserver@controlplane->etcd@controlplane');
    expect(line.kind).toBe('connection');
    expect(line.says).toMatch(
      /^Connection .+: kube-apiserver to etcd; client presents apiserver-etcd-client\.crt, server presents etcdserver\.crt$/,
    );
  });
});
