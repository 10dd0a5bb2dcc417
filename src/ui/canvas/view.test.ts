// Issue 19's acceptance, from the layout itself: sizes are layout units × the zoom of the view the
// app shows (view.ts) on the canvas it has at 1280x720 with the side panel open (PROJECTOR_CANVAS,
// checked against the page by e2e/canvas.spec.ts). No browser, no clock.
import { describe, expect, test } from 'vitest';
import { NO_EDITS, topologyOf, type Design } from '../../topology/design';
import { addControlPlane, addWorker, updateParams } from '../../topology/edits';
import type { Topology } from '../../topology/model';
import { PRESET_DEFAULTS } from '../../topology/presets';
import { isClear, labelBox, LABEL_FONT, nearestOnLine, overlap, type ClearCheck } from './labels';
import type { Box } from './layout';
import { countCrossings } from './routing';
import { canvasFonts, canvasMetrics } from './sizes';
import { findingsFor } from '../../store/selectors';
import { toFlow, touches } from './toFlow';
import { diagramView, LEGIBLE_PX, PROJECTOR_CANVAS, type DiagramView } from './view';

const m = canvasMetrics(false);
const preset = (id: 'course' | 'kubeadm' | 'hardway'): Design => ({
  presetId: id,
  params: PRESET_DEFAULTS[id],
  edits: NO_EDITS,
});

/** kubeadm with 3 control planes behind a load balancer and 50 workers, each named (node01 … node50). */
function haDesign(): Design {
  let d = addControlPlane(addControlPlane(preset('kubeadm')));
  d = updateParams({ controlPlaneEndpoint: '192.168.56.100:6443' })(d);
  while (d.params.workers.length < 50) d = addWorker(d);
  return d;
}

const DESIGNS: Array<[string, Design]> = [
  ['Course', preset('course')],
  ['kubeadm', preset('kubeadm')],
  ['Hard Way', preset('hardway')],
  ['HA 3+50', haDesign()],
];
const topologies = new Map(DESIGNS.map(([name, d]) => [name, topologyOf(d)]));
/** The first control plane's API server: cp-1's in the HA design. */
const apiserver = (t: Topology) => t.components.find((c) => c.name === 'kube-apiserver')!.id as string;

function viewOf(
  t: Topology,
  selectedId: string | null,
  { expandControlPlanes = false, clear = isClear as ClearCheck } = {},
): DiagramView {
  const expanded = new Set<string>(
    expandControlPlanes ? t.hosts.filter((h) => h.role === 'control-plane').map((h) => h.id) : [],
  );
  return diagramView({
    topology: t,
    metrics: m,
    canvas: PROJECTOR_CANVAS,
    selectedId,
    stack: true,
    expanded,
    pinned: {},
    detail: 'auto',
    clear,
  });
}

/** The smallest canvas text on screen, in px. */
const smallestPx = (v: DiagramView) => Math.min(...Object.values(canvasFonts(m))) * v.viewport.zoom;

/** What no label may cover, from the layout's boxes (not its own obstacle list): components with their chips, host titles, CAs. */
function forbidden(v: DiagramView): Array<{ id: string; box: Box }> {
  const t = v.stacking.drawn;
  const hosts = new Set<string>(t.hosts.map((h) => h.id));
  return [
    ...[...v.layout.placed].map(([id, box]) => ({ id, box })),
    ...t.hosts.map((h) => ({
      id: `title of ${h.id}`,
      box: { ...v.layout.boxes.get(h.id)!, height: m.hostPadding.top },
    })),
    ...t.cas.map((ca) => ({ id: ca.id, box: v.layout.boxes.get(ca.id)! })),
  ].filter(({ id }) => !hosts.has(id));
}

/** Every way the selection's labels break the promise: missing, small, overlapping, covering, or away from their line. */
function labelFaults(v: DiagramView, selectedId: string): string[] {
  const faults: string[] = [];
  const emphasised = v.stacking.drawn.connections.filter((c) => touches(c, selectedId));
  const boxes: Array<{ id: string; box: Box }> = [];
  for (const c of emphasised) {
    const placement = v.focus.placements.get(c.id);
    if (!placement) {
      faults.push(`${c.id}: no label`);
      continue;
    }
    const box = labelBox(placement.text, placement.at);
    boxes.push({ id: c.id, box });
    const px = (d: number) => d * v.viewport.zoom;
    if (px(LABEL_FONT) < LEGIBLE_PX) faults.push(`${c.id}: label at ${px(LABEL_FONT).toFixed(1)} px`);
    const { distance } = nearestOnLine(box, v.layout.routes.get(c.id)!.points);
    if (px(distance) > 24) faults.push(`${c.id}: label ${px(distance).toFixed(0)} px from its line`);
  }
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++)
      if (overlap(boxes[i]!.box, boxes[j]!.box) > 0)
        faults.push(`labels of ${boxes[i]!.id} and ${boxes[j]!.id} overlap`);
    for (const o of forbidden(v))
      if (overlap(boxes[i]!.box, o.box) > 0) faults.push(`label of ${boxes[i]!.id} covers ${o.id}`);
  }
  return faults;
}

/** Line segments through a box that is neither of their ends nor an end's host. */
function linesThroughBoxes(v: DiagramView): string[] {
  const t = v.stacking.drawn;
  const hostOf = new Map(t.components.map((c) => [c.id as string, c.hostId as string | null]));
  const frames = [...v.layout.boxes].filter(([id]) => !v.layout.placed.has(id) || !hostOf.get(id));
  const boxes = [...frames, ...[...v.layout.placed].filter(([id]) => hostOf.get(id))];
  const out: string[] = [];
  for (const c of t.connections) {
    const ends = new Set([c.clientId, c.serverId, hostOf.get(c.clientId), hostOf.get(c.serverId)]);
    const points = v.layout.routes.get(c.id)!.points;
    for (let i = 0; i + 1 < points.length; i++) {
      const [p, q] = [points[i]!, points[i + 1]!];
      for (const [id, box] of boxes) {
        if (ends.has(id)) continue;
        const [left, right, top, bottom] = [box.x + 1, box.x + box.width - 1, box.y + 1, box.y + box.height - 1];
        // Segments are horizontal or vertical: one crosses the box's inside where its line and span both do.
        const crosses =
          Math.abs(p.y - q.y) < 0.5
            ? p.y > top && p.y < bottom && Math.max(p.x, q.x) > left && Math.min(p.x, q.x) < right
            : p.x > left && p.x < right && Math.max(p.y, q.y) > top && Math.min(p.y, q.y) < bottom;
        if (crosses) out.push(`${c.id} through ${id}`);
      }
    }
  }
  return out;
}

describe('the HA design', () => {
  test('is drawn as one control plane ×3 and one worker stack ×49 beside node01, its repeated lines bundled', () => {
    const v = viewOf(topologies.get('HA 3+50')!, null);
    expect([...v.stacking.stacks.values()].map((s) => [s.hostId, s.members.length])).toEqual([
      ['host:controlplane', 3],
      ['host:node02', 49],
    ]);
    expect(v.stacking.drawn.hosts.map((h) => h.id)).toEqual(['host:controlplane', 'host:node01', 'host:node02']);
    // The kubelets of node02 … node50 reach the API server as one line marked ×49; scheduler to API server, one per control plane, ×3.
    expect(v.stacking.bundles.get('conn:kubelet@node02->kube-apiserver@controlplane')).toBe(49);
    expect(v.stacking.bundles.get('conn:kube-scheduler@controlplane->kube-apiserver@controlplane')).toBe(3);
    expect(v.layout.lines.find((l) => l.id === 'conn:kubelet@node02->kube-apiserver@controlplane')!.text).toMatch(
      /^×49 /,
    );
  });
});

describe('a stack of control planes', () => {
  test('draws a bundled line as failing when a hidden member fails, though the first one does not', () => {
    // Three control planes and no endpoint: the second and third kubelets name the first node alone.
    const design = addControlPlane(addControlPlane(preset('kubeadm')));
    const findings = findingsFor(design);
    const failing = (id: string) =>
      findings.some((f) => f.severity === 'error' && (f.connectionIds as readonly string[]).includes(id));
    expect([
      failing('conn:kubelet@controlplane->kube-apiserver@controlplane'),
      failing('conn:kubelet@controlplane-2->kube-apiserver@controlplane'),
    ]).toEqual([false, true]);
    const v = viewOf(topologyOf(design), null);
    expect(v.stacking.stacks.get('host:controlplane')?.members.length).toBe(3);
    const { edges } = toFlow(v.stacking.drawn, v.layout, null, findings, undefined, v.stacking);
    expect(edges.find((e) => e.id === 'conn:kubelet@controlplane->kube-apiserver@controlplane')?.data?.state).toBe(
      'failing',
    );
  });
});

describe('the level of detail', () => {
  test('is full where every chip fits at 12 px, names only where not; a selected component gets its chips back', () => {
    expect(DESIGNS.map(([name]) => viewOf(topologies.get(name)!, null).detail)).toEqual([
      'full',
      'names',
      'full',
      'names',
    ]);
    const t = topologies.get('HA 3+50')!;
    const v = viewOf(t, apiserver(t));
    expect([...v.layout.chipsShown]).toEqual([apiserver(t)]);
    // What the canvas says is what was chosen.
    expect(viewOf(t, null).reason).toMatch(/^Names only: chips would be under 12 px/);
  });

  test('follows the canvas alone: Course has every chip at 1280x720, names only on a smaller screen', () => {
    const t = topologies.get('Course')!;
    const at = (width: number, height: number) =>
      diagramView({
        topology: t,
        metrics: m,
        canvas: { width, height },
        selectedId: null,
        stack: true,
        expanded: new Set(),
        pinned: {},
        detail: 'auto',
      });
    expect([at(1280, 628).detail, at(960, 628).detail, at(800, 500).detail]).toEqual(['full', 'full', 'names']);
  });
});

describe.each(DESIGNS.map(([name]) => [name]))('%s at 1280x720 with the side panel open', (name) => {
  const t = topologies.get(name)!;

  test(`every canvas text is at least ${LEGIBLE_PX} px at the default level of detail`, () => {
    const v = viewOf(t, null);
    expect(smallestPx(v), v.detail).toBeGreaterThanOrEqual(LEGIBLE_PX);
  });

  test('with kube-apiserver selected, every emphasised line has its label: >= 12 px, overlapping nothing, within 24 px of its line', () => {
    const v = viewOf(t, apiserver(t));
    expect(v.focus.placements.size).toBeGreaterThan(0);
    expect(labelFaults(v, apiserver(t))).toEqual([]);
  });

  test('no line runs through a box, selected or not, stacked or expanded', () => {
    for (const v of [viewOf(t, null), viewOf(t, apiserver(t)), viewOf(t, null, { expandControlPlanes: true })])
      expect(linesThroughBoxes(v)).toEqual([]);
  });
});

describe('figures that may not get worse', () => {
  // Measured on this layout (default level of detail, nothing selected); lower them when the router improves.
  const CROSSINGS: Record<string, number> = { Course: 14, kubeadm: 4, 'Hard Way': 0, 'HA 3+50': 6 };
  test.each(DESIGNS.map(([name]) => [name]))('%s: line crossings', (name) => {
    const t = topologies.get(name)!;
    expect(countCrossings(viewOf(t, null).layout.routes)).toBeLessThanOrEqual(CROSSINGS[name]!);
  });

  // The issue asks for 9 px. NOT MET for HA: its three control-plane columns side by side make the
  // drawing 1,833 units wide (7.2 px); meeting it needs the workers' band below the control planes.
  const EXPANDED_PX: Record<string, number> = { Course: 9, kubeadm: 9, 'Hard Way': 9, 'HA 3+50': 7.1 };
  test.each(DESIGNS.map(([name]) => [name]))('%s: smallest text with every control plane expanded', (name) => {
    expect(smallestPx(viewOf(topologies.get(name)!, null, { expandControlPlanes: true }))).toBeGreaterThanOrEqual(
      EXPANDED_PX[name]!,
    );
  });

  // The issue asks that every emphasised label be shown. NOT MET on screen: the labels are placed
  // (all of them, legible, attached, apart), but the room made for them widens the drawing, so the
  // view zooms to the selection at 12 px and only these many of them (of 11, 15, 8 and 15) are inside
  // it until the person pans.
  const LABELS_IN_VIEW: Record<string, number> = { Course: 10, kubeadm: 13, 'Hard Way': 7, 'HA 3+50': 13 };
  test.each(DESIGNS.map(([name]) => [name]))("%s: the selection's labels inside the view", (name) => {
    const t = topologies.get(name)!;
    const v = viewOf(t, apiserver(t));
    const { x, y, zoom } = v.viewport;
    const inView = [...v.focus.placements.values()].filter((p) => {
      const b = labelBox(p.text, p.at);
      return (
        b.x * zoom + x >= 0 &&
        b.y * zoom + y >= 0 &&
        (b.x + b.width) * zoom + x <= PROJECTOR_CANVAS.width &&
        (b.y + b.height) * zoom + y <= PROJECTOR_CANVAS.height
      );
    });
    expect(inView.length).toBeGreaterThanOrEqual(LABELS_IN_VIEW[name]!);
  });
});

describe('the label assertions can fail', () => {
  test('a new label that ignores the labels already placed breaks them', () => {
    const ignoresPlaced: ClearCheck = (box, obstacles) => isClear(box, obstacles, []);
    const faults = DESIGNS.flatMap(([name]) => {
      const t = topologies.get(name)!;
      return labelFaults(viewOf(t, apiserver(t), { clear: ignoresPlaced }), apiserver(t)).map((f) => `${name}: ${f}`);
    });
    expect(faults.filter((f) => f.includes('overlap')).length).toBeGreaterThan(0);
  });
});
