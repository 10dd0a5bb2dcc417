import { useContext } from 'react';
import { StoreContext } from '../../store/StoreContext';
import { BreakItPicker } from './BreakItPicker';

/** Workshop mode's entry points: the guided tour and the Break-it scenarios. */
export function WorkshopSection() {
  const store = useContext(StoreContext);
  const startTour = () => {
    const state = store?.getState();
    if (!state) return;
    // The tour talks about the Course preset's names.
    if (state.design.presetId !== 'course' || state.scenarioId) {
      state.choosePreset('course');
      state.setScenario(null);
    }
    state.setTourStep(0);
  };
  return (
    <section className="workshop" aria-label="Workshop">
      <h2>Workshop</h2>
      <div className="workshop-row">
        <button type="button" onClick={startTour}>Guided tour</button>
        <BreakItPicker />
      </div>
    </section>
  );
}
