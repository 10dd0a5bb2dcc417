import { describe, expect, test } from 'vitest';
import { NO_EDITS, topologyOf, type Design } from '../../topology/design';
import {
  addControlPlane,
  addCustomComponent,
  addWorker,
  connect,
  updateCredential,
  updateParams,
} from '../../topology/edits';
import type { ComponentId, CredentialId, HostId } from '../../topology/model';
import { PRESET_DEFAULTS } from '../../topology/presets';
import { PRESET_IDS } from '../../topology/presetParams';
import { layoutTopology, type Layout } from './layout';
import { canvasMetrics } from './sizes';

const m = canvasMetrics(false);
const laid = (d: Design) => layoutTopology(topologyOf(d), m);
const hostsOf = (layout: Layout, d: Design) =>
  Object.fromEntries(topologyOf(d).hosts.map((h) => [h.id, layout.boxes.get(h.id)]));

/** Every box a line could cross: frames, and components at their place on the canvas. */
function boxesOf(layout: Layout) {
  return [...[...layout.boxes].filter(([id]) => !layout.placed.has(id)), ...layout.placed].map(([id, box]) => ({
    id,
    box,
  }));
}

describe('the banded layout', () => {
  test.each(PRESET_IDS.map((id) => [id]))('%s: an edit moves no host it does not touch', (id) => {
    const design: Design = { presetId: id, params: PRESET_DEFAULTS[id], edits: NO_EDITS };
    const before = hostsOf(laid(design), design);
    const edits = [
      addWorker,
      updateParams({ leafValidityDays: 100 }),
      updateCredential(topologyOf(design).credentials[0]!.id as CredentialId, { dnsNames: ['extra.example.com'] }),
      addCustomComponent('server', 'metrics', topologyOf(design).hosts[0]!.id as HostId),
    ];
    for (const edit of edits) {
      const after = edit(design);
      const moved = Object.entries(hostsOf(laid(after), after)).filter(
        ([hostId, b]) =>
          before[hostId] &&
          hostId !== topologyOf(design).hosts[0]!.id &&
          (b!.x !== before[hostId]!.x || b!.y !== before[hostId]!.y),
      );
      expect(moved, String(edit)).toEqual([]);
    }
  });

  test('a new connection inside a host packs its channel instead of widening the host', () => {
    const design: Design = { presetId: 'course', params: PRESET_DEFAULTS.course, edits: NO_EDITS };
    const connected = connect('kube-scheduler@controlplane' as ComponentId, 'etcd@controlplane' as ComponentId)(design);
    expect(hostsOf(laid(connected), connected)).toEqual(hostsOf(laid(design), design));
  });

  test.each([
    ['course', 0],
    ['kubeadm', 0],
    ['hardway', 0],
    ['kubeadm', 2],
  ] as const)(
    "%s with %i more control planes: no line runs through a box that is not its end or its end's host",
    (id, more) => {
      let design: Design = { presetId: id, params: PRESET_DEFAULTS[id], edits: NO_EDITS };
      for (let i = 0; i < more; i++) design = addControlPlane(design);
      const layout = laid(design);
      const t = topologyOf(design);
      const hostOf = new Map(t.components.map((c) => [c.id as string, c.hostId as string | null]));
      const boxes = boxesOf(layout);
      for (const c of t.connections) {
        const ends = new Set([c.clientId, c.serverId, hostOf.get(c.clientId), hostOf.get(c.serverId)]);
        const points = layout.routes.get(c.id)!.points;
        for (let i = 0; i + 1 < points.length; i++) {
          const [p, q] = [points[i]!, points[i + 1]!];
          for (const { id: boxId, box } of boxes) {
            if (ends.has(boxId)) continue;
            // Segments are horizontal or vertical: one crosses the box's inside where its line and span both do.
            const [left, right, top, bottom] = [box.x + 1, box.x + box.width - 1, box.y + 1, box.y + box.height - 1];
            const crosses =
              p.y === q.y
                ? p.y > top && p.y < bottom && Math.max(p.x, q.x) > left && Math.min(p.x, q.x) < right
                : p.x > left && p.x < right && Math.max(p.y, q.y) > top && Math.min(p.y, q.y) < bottom;
            expect(crosses, `${c.id} crosses ${boxId}`).toBe(false);
          }
        }
      }
    },
  );
});
