import type { Topology } from '../model';
import type { PresetId, PresetParams } from '../presetParams';
import { COURSE_DEFAULTS, coursePreset } from './course';
import { HARDWAY_DEFAULTS, hardwayPreset } from './hardway';
import { KUBEADM_DEFAULTS, kubeadmPreset } from './kubeadm';

export const PRESET_DEFAULTS: Record<PresetId, PresetParams> = {
  course: COURSE_DEFAULTS,
  kubeadm: KUBEADM_DEFAULTS,
  hardway: HARDWAY_DEFAULTS,
};

const BUILDERS: Record<PresetId, (p: PresetParams) => Topology> = {
  course: coursePreset,
  kubeadm: kubeadmPreset,
  hardway: hardwayPreset,
};

/** The topology of a preset for the given parameters (its defaults when none are given). */
export function buildPreset(id: PresetId, params: PresetParams = PRESET_DEFAULTS[id]): Topology {
  return BUILDERS[id](params);
}
