import { useCallback, useContext } from 'react';
import { StoreContext } from '../../store/StoreContext';
import { scenarioById, scenarioDesign, scenarioPresetFor } from '../../topology/scenarios';

/** Starts or leaves a Break-it scenario, keeping the URL a link an instructor can hand out. */
export function useScenario(): { start(id: string): void; leave(): void } {
  const store = useContext(StoreContext);
  const start = useCallback(
    (id: string) => {
      const scenario = scenarioById(id);
      if (!store || !scenario) return;
      const state = store.getState();
      // Played on a copy in the naming of the person's own design (the Course stays the Course).
      const preset = scenarioPresetFor((state.workshopReturn ?? state.design).presetId);
      state.enterWorkshop(scenarioDesign(scenario, preset));
      state.setScenario(scenario.id);
      state.select(null);
      history.replaceState(
        null,
        '',
        `${window.location.pathname}?scenario=${scenario.id}${preset === 'course' ? '&preset=course' : ''}`,
      );
    },
    [store],
  );
  const leave = useCallback(() => {
    const state = store?.getState();
    state?.setScenario(null);
    state?.leaveWorkshop();
    history.replaceState(null, '', window.location.pathname);
  }, [store]);
  return { start, leave };
}
