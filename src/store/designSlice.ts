import type { KeyAlgorithm } from '../pki/keyAlgorithm';
import type { Topology } from '../topology/model';
import { buildPreset, PRESET_DEFAULTS } from '../topology/presets';
import type { PresetId, PresetParams } from '../topology/presetParams';
import type { SliceCreator } from './appState';

export interface DesignSlice {
  presetId: PresetId;
  params: PresetParams;
  topology: Topology;
  choosePreset(id: PresetId): void;
  setKeyAlgorithm(algorithm: KeyAlgorithm): void;
}

export function designFor(presetId: PresetId, params: PresetParams = PRESET_DEFAULTS[presetId]) {
  return { presetId, params, topology: buildPreset(presetId, params) };
}

export const createDesignSlice = (initial: PresetId): SliceCreator<DesignSlice> => (set) => ({
  ...designFor(initial),
  choosePreset: (id) => set(designFor(id)),
  setKeyAlgorithm: (keyAlgorithm) => set((s) => designFor(s.presetId, { ...s.params, keyAlgorithm })),
});
