import { useContext, useEffect, useRef } from 'react';
import { getViewportForBounds, useReactFlow } from '@xyflow/react';
import { StoreContext, useAppStore } from '../../store/StoreContext';
import { selectTourStep } from '../../store/selectors';
import { TOUR_STEPS } from './tourSteps';

/** The guided tour: one step at a time over the live canvas, selecting what it talks about. */
export function TourPanel() {
  const store = useContext(StoreContext);
  const step = useAppStore(selectTourStep);
  const current = step === null ? undefined : TOUR_STEPS[step];
  // The instance's getNodesBounds knows where a component inside a host really is.
  const { getNodes, getNodesBounds, setViewport } = useReactFlow();
  const panel = useRef<HTMLElement>(null);
  useEffect(() => {
    if (!current || !store) return;
    store.getState().select(current.select);
    const target = current.select;
    const section = panel.current;
    const canvas = section?.parentElement;
    if (!target || !section || !canvas) return;
    // Bring what the step talks about into the part of the canvas the tour does not cover: left of it.
    const ids = new Set(target.kind === 'connection' ? target.id.replace(/^conn:/, '').split('->') : [target.id]);
    const chipOwner = getNodes().find((n) => n.type === 'component' && (n.data as { chips?: Array<{ id: string }> }).chips?.some((c) => c.id === target.id));
    if (chipOwner) ids.add(chipOwner.id);
    const nodes = getNodes().filter((n) => ids.has(n.id));
    if (nodes.length === 0) return;
    const free = { width: canvas.clientWidth - section.offsetWidth - 32, height: canvas.clientHeight };
    const viewport = getViewportForBounds(getNodesBounds(nodes), Math.max(free.width, 200), free.height, 0.1, 0.9, 0.25);
    void setViewport(viewport, { duration: 400 });
  }, [current, store, getNodes, getNodesBounds, setViewport]);
  if (step === null || !current || !store) return null;
  const go = (next: number | null) => {
    store.getState().setTourStep(next);
    if (next === null) store.getState().leaveWorkshop();
  };
  const last = step === TOUR_STEPS.length - 1;
  return (
    <section className="tour-panel" aria-label="Guided tour" ref={panel}>
      <p className="tour-count">Step {step + 1} of {TOUR_STEPS.length}</p>
      <h2>{current.title}</h2>
      <p>{current.text}</p>
      <div className="tour-buttons">
        <button type="button" onClick={() => go(step - 1)} disabled={step === 0}>Back</button>
        {last
          ? <button type="button" className="primary" onClick={() => go(null)}>Finish tour</button>
          : <button type="button" className="primary" onClick={() => go(step + 1)}>Next</button>}
        <button type="button" onClick={() => go(null)}>Close tour</button>
      </div>
    </section>
  );
}
