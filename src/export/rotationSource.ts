import type { Topology } from '../topology/model';
import { generatePki, type GeneratedPki } from './generate';
import type { ImportReport } from './importPki';
import { renewalPlan } from './renewal';

/**
 * The PKI a rotation starts from: the imported one, each file as it was (its CAs, leaves and
 * service-account pair kept), or, to rehearse, a bundle made now for the design.
 */
export function rotationStart(topology: Topology, report: ImportReport | null): Promise<GeneratedPki> {
  if (!report) return generatePki(topology);
  // A renewal of nothing: every imported CA and leaf written back as it is.
  const { reuseCas, keepLeaves } = renewalPlan(topology, report, new Set(), false);
  return generatePki(topology, { reuseCas, keepLeaves, keepKeyPairs: report.keyPairs });
}
