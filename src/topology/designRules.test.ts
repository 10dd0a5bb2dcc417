import { describe, expect, test } from 'vitest';
import { NO_EDITS, type Design } from './design';
import { designProblem, DESIGN_LIMITS } from './designRules';
import {
  addCa,
  addControlPlane,
  addCustomComponent,
  addWorker,
  connect,
  placeOnCanvas,
  tidyUp,
  updateNode,
} from './edits';
import type { ComponentId } from './model';
import { PRESET_DEFAULTS } from './presets';
import { PRESET_IDS } from './presetParams';
import { SCENARIOS, scenarioDesign } from './scenarios';

const preset = (id: (typeof PRESET_IDS)[number]): Design => ({
  presetId: id,
  params: PRESET_DEFAULTS[id],
  edits: NO_EDITS,
});

describe('the gate accepts everything the app itself makes', () => {
  test.each(PRESET_IDS.map((id) => [id]))('the %s preset, as shipped and grown', (id) => {
    let design = preset(id);
    expect(designProblem(design)).toBeNull();
    for (const edit of [addWorker, addWorker, addCa, ...(id === 'hardway' ? [] : [addControlPlane, addControlPlane])]) {
      design = edit(design);
      expect(designProblem(design)).toBeNull();
    }
    design = addCustomComponent('server', 'metrics-server', null)(design);
    design = connect(
      (id === 'hardway' ? 'kube-apiserver@server' : 'kube-apiserver@controlplane') as ComponentId,
      'metrics-server' as ComponentId,
    )(design);
    expect(designProblem(design)).toBeNull();
  });

  test.each(SCENARIOS.map((s) => [s.id, s] as const))(
    "the Break-it scenario %s, in kubeadm's and the Course's names",
    (_, scenario) => {
      expect(designProblem(scenarioDesign(scenario))).toBeNull();
      expect(designProblem(scenarioDesign(scenario, 'course'))).toBeNull();
    },
  );
});

describe('the gate names the field it refuses', () => {
  test('a component on a host that is not in the design (it used to crash the layout)', () => {
    const design = preset('kubeadm');
    const ghost = {
      ...design,
      edits: {
        ...NO_EDITS,
        components: [
          {
            id: 'ghost' as ComponentId,
            kind: 'custom-server' as const,
            name: 'ghost',
            hostId: 'host:nowhere' as never,
          },
        ],
      },
    };
    expect(designProblem(ghost)).toEqual({
      field: 'Component ghost, runs on',
      error: 'it runs on host:nowhere, which is not a node of this design.',
    });
  });

  test('more nodes than can be drawn, before anything else is read', () => {
    const workers = Array.from({ length: DESIGN_LIMITS.drawnNodes + 1 }, (_, i) => ({
      name: `n${i}`,
      ip: 'not an ip',
    }));
    expect(designProblem({ ...preset('course'), params: { ...PRESET_DEFAULTS.course, workers } })).toMatchObject({
      field: 'Nodes',
      error: /make identical workers a pool/,
    });
  });

  test('two nodes of one name', () => {
    const workers = [
      { name: 'node01', ip: '10.0.0.1' },
      { name: 'node01', ip: '10.0.0.2' },
    ];
    expect(designProblem({ ...preset('course'), params: { ...PRESET_DEFAULTS.course, workers } })).toEqual({
      field: 'Node node01, Node name',
      error: 'Another node is already called node01.',
    });
  });
});

describe('places a person gave boxes on the canvas', () => {
  test('follow a renamed node, pass the gate, and Tidy up forgets them', () => {
    const placed = placeOnCanvas('host:node01', { x: 900.4, y: -20.6 })(preset('course'));
    expect(placed.edits.positions).toEqual({ 'host:node01': { x: 900, y: -21 } });
    const renamed = updateNode('node01', { name: 'worker-a', ip: '192.168.56.21' })(placed);
    expect(renamed.edits.positions).toEqual({ 'host:worker-a': { x: 900, y: -21 } });
    expect(designProblem(renamed)).toBeNull();
    expect(tidyUp(renamed).edits.positions).toBeUndefined();
  });

  test('far outside any drawing is refused', () => {
    expect(designProblem(placeOnCanvas('host:node01', { x: 5e6, y: 0 })(preset('course')))).toMatchObject({
      field: 'Positions',
    });
  });
});
