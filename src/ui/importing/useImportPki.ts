import { useCallback, useContext } from 'react';
import { importPki, type ImportReport } from '../../export/importPki';
import { StoreContext } from '../../store/StoreContext';

/**
 * Reads dropped or picked files (zips, PEM, keys, kubeconfigs) in the browser and opens what
 * they hold as the design, with their own certificates kept for the checks, the viewer and the
 * timeline. Nothing is uploaded; keys are only compared, never kept.
 */
export function useImportPki(): (files: readonly File[]) => Promise<ImportReport | null> {
  const store = useContext(StoreContext);
  return useCallback(async (files: readonly File[]) => {
    if (!store || files.length === 0) return null;
    const state = store.getState();
    try {
      const inputs = await Promise.all(files.map(async (f) => ({ name: f.webkitRelativePath || f.name, bytes: new Uint8Array(await f.arrayBuffer()) })));
      const report = await importPki(inputs);
      if (report.recognised.length === 0) {
        state.setImportReport(report);
        state.notify({ tone: 'error', text: 'Nothing in these files is a certificate of a Kubernetes cluster: your design is unchanged.' });
        return report;
      }
      state.replaceDesign(report.design);
      state.setGenerated({ design: report.design, certificates: report.certificates });
      state.setImportReport(report);
      state.setScenario(null);
      state.select(null);
      state.notify({ tone: 'info', text: `Imported ${report.recognised.length} files; ${report.rejected.length} could not be read (see Import).` });
      return report;
    } catch (error) {
      state.notify({ tone: 'error', text: `Import failed: ${error instanceof Error ? error.message : String(error)}. Your design is unchanged.` });
      return null;
    }
  }, [store]);
}
