import { useId } from 'react';
import { useAppStore } from '../../store/StoreContext';
import { selectScenarioId } from '../../store/selectors';
import { SCENARIOS } from '../../topology/scenarios';
import { useScenario } from './useScenario';

/** Picks a Break-it scenario: the kubeadm cluster with one fault injected. */
export function BreakItPicker() {
  const id = useId();
  const current = useAppStore(selectScenarioId);
  const { start } = useScenario();
  return (
    <div className="field compact">
      <label htmlFor={id}>Break it</label>
      <select id={id} value={current ?? ''} onChange={(e) => e.target.value && start(e.target.value)}>
        <option value="">Choose a fault…</option>
        {SCENARIOS.map((s) => (
          <option key={s.id} value={s.id}>
            {s.title}
          </option>
        ))}
      </select>
    </div>
  );
}
