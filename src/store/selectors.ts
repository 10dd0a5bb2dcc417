import { topologyOf, type Design } from '../topology/design';
import type { Finding } from '../topology/checks/finding';
import { designFindings } from '../topology/checks/validateTopology';
import type { Topology } from '../topology/model';
import { elementCertificate } from '../topology/pools';
import type { AppState } from './appState';

// The topology is derived from the design; one build per design object, shared by every reader.
const built = new WeakMap<Design, Topology>();

export function topologyFor(design: Design): Topology {
  let topology = built.get(design);
  if (!topology) {
    topology = topologyOf(design);
    built.set(design, topology);
  }
  return topology;
}

export const selectDesign = (s: AppState) => s.design;
export const selectTopology = (s: AppState) => topologyFor(s.design);
export const selectPresetId = (s: AppState) => s.design.presetId;
export const selectParams = (s: AppState) => s.design.params;
export const selectPositions = (s: AppState) => s.design.edits.positions;
export const selectHasPlacements = (s: AppState) => Object.keys(s.design.edits.positions ?? {}).length > 0;
export const selectCanUndo = (s: AppState) => s.past.length > 0;
export const selectCanRedo = (s: AppState) => s.future.length > 0;
export const selectSelection = (s: AppState) => s.selection;
export const selectTheme = (s: AppState) => s.theme;
export const selectShowSignedBy = (s: AppState) => s.showSignedBy;
export const selectStackWorkers = (s: AppState) => s.stackWorkers;
export const selectGeneration = (s: AppState) => s.generation;
export const selectNotice = (s: AppState) => s.notice;
export const selectShowPanel = (s: AppState) => s.showPanel;

// Findings are derived from the design, once per design object.
const checked = new WeakMap<Design, Finding[]>();

export function findingsFor(design: Design): Finding[] {
  let findings = checked.get(design);
  if (!findings) {
    findings = designFindings(design, topologyFor(design));
    checked.set(design, findings);
  }
  return findings;
}

export const selectFindings = (s: AppState) => findingsFor(s.design);
export const selectScenarioId = (s: AppState) => s.scenarioId;
export const selectTourStep = (s: AppState) => s.tourStep;
/** The generated certificates, while the design is still the one they were made for. */
export const selectCertificates = (s: AppState) => (s.generated?.design === s.design ? s.generated.certificates : null);
export const selectLargeType = (s: AppState) => s.largeType;
export const selectBundleOptions = (s: AppState) => s.bundleOptions;
export const selectShowTimeline = (s: AppState) => s.showTimeline;
export const selectImportReport = (s: AppState) => s.importReport;
/** Whether the certificates the checks read back were imported or made by the last bundle. */
export const selectGeneratedSource = (s: AppState) => s.generated?.source ?? null;

const NOTHING_FILLED_IN: ReadonlySet<string> = new Set();
const filledInCache = new WeakMap<object, ReadonlySet<string>>();
/**
 * CAs and credentials the drawing holds but the last import did not (filled in from the preset),
 * while the design is still the imported one; a pool's element counts as read when its first member is.
 */
export const selectFilledIn = (s: AppState): ReadonlySet<string> => {
  const g = s.generated;
  if (!g || g.source !== 'imported' || g.design !== s.design) return NOTHING_FILLED_IN;
  let ids = filledInCache.get(g);
  if (!ids) {
    const topology = topologyFor(s.design);
    ids = new Set(
      [...topology.cas, ...topology.credentials]
        .map((x) => x.id as string)
        .filter((id) => !elementCertificate(g.certificates, id)),
    );
    filledInCache.set(g, ids);
  }
  return ids;
};
