import { describe, expect, test } from 'vitest';
import { validateTopology } from './checks/validateTopology';
import { topologyOf } from './design';
import { isSolved, SCENARIOS, scenarioDesign } from './scenarios';

describe.each(SCENARIOS.flatMap((s) => (['kubeadm', 'course'] as const).map((preset) => [s.id, preset, s] as const)))(
  'scenario %s on %s',
  (_, preset, scenario) => {
    test('its fault fails a connection with the expected check, and one-click fixes solve it', () => {
      let design = scenarioDesign(scenario, preset);
      expect(design.presetId).toBe(preset);
      let findings = validateTopology(topologyOf(design));
      const fault = findings.find((f) => f.check === scenario.check);
      expect(fault?.severity).toBe('error');
      expect(fault?.connectionIds.length).toBeGreaterThan(0);
      expect(isSolved(scenario, findings)).toBe(false);
      // A learner who applies the offered fixes, one at a time, ends with a solved scenario.
      for (let guard = 0; guard < 5 && !isSolved(scenario, findings); guard++) {
        const next = findings.find((f) => f.severity === 'error' && f.fix);
        if (!next?.fix) break;
        design = next.fix.edit(design);
        findings = validateTopology(topologyOf(design));
      }
      expect(isSolved(scenario, findings)).toBe(true);
    });
  },
);

test('scenario ids are unique and URL-safe', () => {
  const ids = SCENARIOS.map((s) => s.id);
  expect(new Set(ids).size).toBe(ids.length);
  for (const id of ids) expect(id).toMatch(/^[a-z0-9-]+$/);
});
