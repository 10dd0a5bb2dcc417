import { describe, expect, test } from 'vitest';
import { NO_EDITS, topologyOf } from '../../topology/design';
import { PRESET_DEFAULTS } from '../../topology/presets';
import { PRESET_IDS, type PresetId } from '../../topology/presetParams';
import { canvasItems, type CanvasItem } from './keyboardItems';
import { layoutTopology } from './layout';
import { nearestInDirection, type Direction } from './nearest';
import { canvasMetrics } from './sizes';
import { stackWorkers } from './stacks';

/** The keyboard's items over a preset as the canvas draws it (workers stacked, as by default). */
function itemsOf(presetId: PresetId): CanvasItem[] {
  const topology = topologyOf({ presetId, params: PRESET_DEFAULTS[presetId], edits: NO_EDITS });
  const { drawn, bundles } = stackWorkers(topology, new Set(), null);
  const m = canvasMetrics(false);
  return canvasItems(drawn, layoutTopology(drawn, m, undefined, bundles), m);
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
    for (const id of ['host:controlplane', 'kube-apiserver@controlplane', 'cred:apiserver', 'etcd@controlplane', 'cred:etcdserver']) expect(path).toContain(id);
    expect(path.indexOf('etcd@controlplane')).toBeLessThan(path.indexOf('kube-scheduler@controlplane'));
  });

  test('Course: Right from scheduler.crt stays in its row, and Down walks a host box by box', () => {
    const items = itemsOf('course');
    const from = byId(items, 'cred:scheduler');
    const right = nearestInDirection(items, from, 'ArrowRight');
    expect(right.box.x).toBeGreaterThanOrEqual(from.box.x + from.box.width);
    expect(right.box.y).toBeLessThanOrEqual(from.box.y + from.box.height);
    expect(right.box.y + right.box.height).toBeGreaterThanOrEqual(from.box.y);
    expect(walk(items, 'host:node01', 'ArrowDown', 'kubelet@node02').filter((id) => !id.startsWith('conn:')))
      .toEqual(['host:node01', 'kubelet@node01', 'cred:kubelet-node01', 'cred:kubelet-client-node01', 'host:node02', 'kubelet@node02']);
  });

  test.each(PRESET_IDS.map((id) => [id]))('%s: every item, every connection included, can be reached from the first by arrow keys', (id) => {
    const items = itemsOf(id);
    expect(items.filter((i) => i.kind === 'connection').length).toBeGreaterThan(5);
    const reached = new Set([items[0]!.id]);
    const queue = [items[0]!];
    while (queue.length > 0) {
      const at = queue.shift()!;
      for (const d of DIRECTIONS) {
        const next = nearestInDirection(items, at, d);
        if (!reached.has(next.id)) {
          reached.add(next.id);
          queue.push(next);
        }
      }
    }
    expect(items.map((i) => i.id).filter((i) => !reached.has(i))).toEqual([]);
  });

  test.each(PRESET_IDS.map((id) => [id]))('%s: an arrow never leads back past where it started, and Down in a column takes the next box below', (id) => {
    const items = itemsOf(id);
    for (const from of items) {
      const b = from.box;
      const left = nearestInDirection(items, from, 'ArrowLeft');
      const right = nearestInDirection(items, from, 'ArrowRight');
      if (left !== from) expect(left.box.x + left.box.width, `${from.id} Left`).toBeLessThanOrEqual(b.x + 1);
      if (right !== from) expect(right.box.x, `${from.id} Right`).toBeGreaterThanOrEqual(b.x + b.width - 1);
      const down = nearestInDirection(items, from, 'ArrowDown');
      // In its column (overlapping it across), Down takes the nearest box below; with none, a column further right.
      const below = items.filter((i) => i !== from && i.box.y >= b.y + b.height - 1 && i.box.x <= b.x + b.width && i.box.x + i.box.width >= b.x);
      if (below.length > 0) expect(down.box.y, `${from.id} Down`).toBe(Math.min(...below.map((i) => i.box.y)));
      else if (down !== from) expect(down.box.x, `${from.id} Down`).toBeGreaterThan(b.x + b.width);
    }
  });

  test('each connection is an item that says what it is', () => {
    const items = itemsOf('course');
    const line = byId(items, 'conn:kube-apiserver@controlplane->etcd@controlplane');
    expect(line.kind).toBe('connection');
    expect(line.says).toMatch(/^Connection .+: kube-apiserver to etcd; client presents apiserver-etcd-client\.crt, server presents etcdserver\.crt$/);
  });
});
