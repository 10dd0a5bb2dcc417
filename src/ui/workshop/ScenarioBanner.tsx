import { useAppStore } from '../../store/StoreContext';
import { selectFindings, selectScenarioId } from '../../store/selectors';
import { isSolved, scenarioById } from '../../topology/scenarios';
import { useScenario } from './useScenario';

/** The Break-it exercise in progress: the symptom to chase, and whether it is solved yet. */
export function ScenarioBanner() {
  const scenario = scenarioById(useAppStore(selectScenarioId));
  const findings = useAppStore(selectFindings);
  const { leave } = useScenario();
  if (!scenario) return null;
  const solved = isSolved(scenario, findings);
  return (
    <section className={`scenario-banner${solved ? ' is-solved' : ''}`} aria-label="Scenario">
      <div>
        <h2>Break it: {scenario.title}</h2>
        <p>{scenario.brief}</p>
      </div>
      <p className="scenario-status" role="status">
        {solved
          ? '✓ Solved: every connection handshakes again.'
          : '✕ Still broken: find the failing connection (red, dashed) and fix it.'}
      </p>
      <button type="button" onClick={leave}>
        Leave scenario
      </button>
    </section>
  );
}
