import { useContext } from 'react';
import { StoreContext, useAppStore } from '../../store/StoreContext';
import { selectStackWorkers } from '../../store/selectors';
import { presetDesign } from '../../store/designSlice';
import { BreakItPicker } from './BreakItPicker';

/** Workshop mode's entry points: the guided tour and the Break-it scenarios (presenting is in the toolbar). */
export function WorkshopSection() {
  const store = useContext(StoreContext);
  const stacked = useAppStore(selectStackWorkers);
  const startTour = () => {
    const state = store?.getState();
    if (!state) return;
    // The tour talks about the Course preset's names: it plays on a copy, and closing it brings the design back.
    if (state.design.presetId !== 'course' || state.scenarioId) {
      state.enterWorkshop(presetDesign('course'));
      state.setScenario(null);
    }
    state.setTourStep(0);
  };
  return (
    <section className="workshop" aria-label="Workshop">
      <h2>Workshop</h2>
      <div className="workshop-row">
        <button type="button" onClick={startTour}>
          Guided tour
        </button>
        <BreakItPicker />
      </div>
      <div className="workshop-row">
        <button
          type="button"
          aria-pressed={stacked}
          onClick={() => store?.getState().toggleStackWorkers()}
          title="Draw four or more identical workers as one stack, their lines bundled ×N"
        >
          Stack workers
        </button>
      </div>
    </section>
  );
}
