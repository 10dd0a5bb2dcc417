import { useCallback, useContext } from 'react';
import { StoreContext } from '../../store/StoreContext';
import { scenarioById, scenarioDesign } from '../../topology/scenarios';

/** Starts or leaves a Break-it scenario, keeping the URL a link an instructor can hand out. */
export function useScenario(): { start(id: string): void; leave(): void } {
  const store = useContext(StoreContext);
  const start = useCallback((id: string) => {
    const scenario = scenarioById(id);
    if (!store || !scenario) return;
    const state = store.getState();
    state.replaceDesign(scenarioDesign(scenario));
    state.setScenario(scenario.id);
    state.select(null);
    history.replaceState(null, '', `${window.location.pathname}?scenario=${scenario.id}`);
  }, [store]);
  const leave = useCallback(() => {
    store?.getState().setScenario(null);
    history.replaceState(null, '', window.location.pathname);
  }, [store]);
  return { start, leave };
}
