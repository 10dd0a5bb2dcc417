import { useContext, useEffect } from 'react';
import { useReactFlow } from '@xyflow/react';
import { StoreContext, useAppStore } from '../../store/StoreContext';
import { selectTourStep } from '../../store/selectors';
import { TOUR_STEPS } from './tourSteps';

/** The guided tour: one step at a time over the live canvas, selecting what it talks about. */
export function TourPanel() {
  const store = useContext(StoreContext);
  const step = useAppStore(selectTourStep);
  const current = step === null ? undefined : TOUR_STEPS[step];
  const { fitView } = useReactFlow();
  useEffect(() => {
    if (!current || !store) return;
    store.getState().select(current.select);
    // Bring what the step talks about to the middle of the canvas, clear of the panel.
    const target = current.select;
    if (!target) return;
    const ids = target.kind === 'connection' ? target.id.replace(/^conn:/, '').split('->') : [target.id];
    void fitView({ nodes: ids.map((id) => ({ id })), padding: 0.9, maxZoom: 0.8, duration: 400 });
  }, [current, store, fitView]);
  if (step === null || !current || !store) return null;
  const go = (next: number | null) => store.getState().setTourStep(next);
  const last = step === TOUR_STEPS.length - 1;
  return (
    <section className="tour-panel" aria-label="Guided tour">
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
