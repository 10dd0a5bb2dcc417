import { useCallback, useContext, useEffect, useRef, useState } from 'react';
import { useReactFlow, useStore, type ReactFlowState } from '@xyflow/react';
import { StoreContext, useAppStore } from '../../store/StoreContext';
import { selectLargeType, selectTopology, selectTourStep } from '../../store/selectors';
import type { Selection } from '../../store/selectionSlice';
import type { Box } from '../canvas/layout';
import { largeTypeView } from '../canvas/largeType';
import { frameTarget, type CardPlace } from './tourFraming';
import { TOUR_STEPS } from './tourSteps';

/** The smallest text a step's target is shown at, in screen pixels (issue 19: >= 14, with room for rounding). */
const READABLE_PX = 14.5;
/** Room around the target, in canvas units. */
const PAD = 8;
/** How far past readable the view zooms in: a little larger, not so large that what is around it leaves the view. */
const ROOM = 1.2;
const sizeSelector = (s: ReactFlowState) => `${s.width}x${s.height}`;

/** The drawn elements that make up what a step talks about: its box, or its line and label. */
function targetElements(
  flow: Element,
  target: Selection,
  ownerOf: (id: string) => string | undefined,
  withEnds: boolean,
): Element[] {
  const node = (id: string) => flow.querySelector(`.react-flow__node[data-id="${CSS.escape(id)}"]`);
  if (target.kind !== 'connection')
    return [node(target.kind === 'credential' ? (ownerOf(target.id) ?? target.id) : target.id)].filter(
      (e) => e !== null,
    );
  const ends = withEnds
    ? target.id
        .replace(/^conn:/, '')
        .split('->')
        .map(node)
    : [];
  return [
    flow.querySelector(`.react-flow__edge[data-id="${CSS.escape(target.id)}"] path.react-flow__edge-path`),
    flow.querySelector(`[data-edge-label="${CSS.escape(target.id)}"]`),
    ...ends,
  ].filter((e) => e !== null);
}

/** The smallest font size (canvas units) of any text inside the elements. */
function smallestFont(elements: readonly Element[]): number {
  let smallest = Infinity;
  for (const element of elements) {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let text = walker.nextNode(); text; text = walker.nextNode()) {
      if (!text.textContent?.trim() || !text.parentElement) continue;
      smallest = Math.min(smallest, parseFloat(getComputedStyle(text.parentElement).fontSize));
    }
  }
  return smallest;
}

/** The elements' bounds in canvas units, from where they are drawn now. */
function canvasBounds(
  elements: readonly Element[],
  origin: DOMRect,
  viewport: { x: number; y: number; zoom: number },
): Box {
  const rects = elements.map((e) => e.getBoundingClientRect());
  const toCanvas = (sx: number, sy: number) => ({
    x: (sx - origin.x - viewport.x) / viewport.zoom,
    y: (sy - origin.y - viewport.y) / viewport.zoom,
  });
  const a = toCanvas(Math.min(...rects.map((r) => r.left)), Math.min(...rects.map((r) => r.top)));
  const b = toCanvas(Math.max(...rects.map((r) => r.right)), Math.max(...rects.map((r) => r.bottom)));
  return { x: a.x - PAD, y: a.y - PAD, width: b.x - a.x + 2 * PAD, height: b.y - a.y + 2 * PAD };
}

/** The guided tour: one step at a time over the live canvas, selecting what it talks about. */
export function TourPanel() {
  const store = useContext(StoreContext);
  const step = useAppStore(selectTourStep);
  const largeType = useAppStore(selectLargeType);
  const topology = useAppStore(selectTopology);
  const current = step === null ? undefined : TOUR_STEPS[step];
  const target = current?.select ?? null;
  const { getViewport, setViewport, fitView } = useReactFlow();
  const size = useStore(sizeSelector);
  const panel = useRef<HTMLElement>(null);
  const [place, setPlace] = useState<CardPlace>('top');
  // Framed only once the target is drawn selected: its emphasis and label are then on the canvas to measure.
  const drawn = useStore(
    useCallback(
      (s: ReactFlowState) => {
        if (!target || target.kind === 'credential') return true;
        return target.kind === 'connection'
          ? s.edgeLookup.get(target.id)?.selected === true
          : s.nodeLookup.get(target.id)?.selected === true;
      },
      [target],
    ),
  );

  useEffect(() => {
    if (current && store) store.getState().select(current.select);
  }, [current, store]);

  useEffect(() => {
    if (!current || !drawn) return;
    let cancelled = false;
    let frame = 0;
    // Framed again once the view has moved: zoomed in, labels can take other places (TlsEdge shows every label from a zoom on).
    const frameStep = (pass: number) => {
      const section = panel.current;
      const flow = section?.parentElement?.querySelector('.react-flow');
      if (cancelled || !section || !flow) return;
      if (!target) {
        setPlace('top');
        // The whole drawing, as the canvas fits it (TopologyCanvas), Large type zooming past the fit.
        void fitView({ padding: 0.02 }).then(() => largeType && setViewport(largeTypeView(getViewport())));
        return;
      }
      const ownerOf = (id: string) => topology.credentials.find((c) => c.id === id)?.ownerId;
      const origin = flow.getBoundingClientRect();
      const card = section.getBoundingClientRect();
      const now = getViewport();
      const frameOf = (withEnds: boolean, room: number) => {
        const elements = targetElements(flow, target, ownerOf, withEnds);
        if (elements.length === 0) return null;
        const smallest = smallestFont(elements);
        const min = Number.isFinite(smallest) ? READABLE_PX / smallest : 1;
        return frameTarget(canvasBounds(elements, origin, now), origin, card, { min, max: min * room });
      };
      // A line is shown with the boxes at its ends when they fit at a readable size; else its line and label,
      // no larger than readable so that as much of its ends as can be stays in view.
      const withEnds = target.kind === 'connection' ? frameOf(true, ROOM) : null;
      const framing = withEnds?.fits ? withEnds : frameOf(false, target.kind === 'connection' ? 1 : ROOM);
      if (!framing) return;
      setPlace(framing.card);
      const { x, y, zoom } = framing.viewport;
      if (pass > 0 && Math.abs(zoom - now.zoom) < 0.01 && Math.hypot(x - now.x, y - now.y) < 4) return;
      void setViewport(framing.viewport, { duration: pass === 0 ? 300 : 0 }).then(() => {
        if (pass < 2) frame = requestAnimationFrame(() => frameStep(pass + 1));
      });
    };
    frame = requestAnimationFrame(() => frameStep(0));
    return () => {
      cancelled = true;
      cancelAnimationFrame(frame);
    };
  }, [current, target, drawn, size, largeType, topology, getViewport, setViewport, fitView]);

  if (step === null || !current || !store) return null;
  const go = (next: number | null) => {
    store.getState().setTourStep(next);
    if (next === null) store.getState().leaveWorkshop();
  };
  const last = step === TOUR_STEPS.length - 1;
  return (
    <section className={`tour-panel is-${place}`} aria-label="Guided tour" ref={panel}>
      <p className="tour-count">
        Step {step + 1} of {TOUR_STEPS.length}
      </p>
      <h2>{current.title}</h2>
      <p>{current.text}</p>
      <div className="tour-buttons">
        <button type="button" onClick={() => go(step - 1)} disabled={step === 0}>
          Back
        </button>
        {last ? (
          <button type="button" className="primary" onClick={() => go(null)}>
            Finish tour
          </button>
        ) : (
          <button type="button" className="primary" onClick={() => go(step + 1)}>
            Next
          </button>
        )}
        <button type="button" onClick={() => go(null)}>
          Close tour
        </button>
      </div>
    </section>
  );
}
