import { useCallback, useContext } from 'react';
import type { ImportReport } from '../../export/importPki';
import { inputsProblem } from '../../export/importLimits';
import { StoreContext } from '../../store/StoreContext';

/** A refusal as a notice: the reason, and that nothing changed. */
const unchanged = (reason: string) => `${reason.replace(/\.$/, '')}: your design is unchanged.`;

/**
 * Reads dropped or picked files (zips, PEM, keys, kubeconfigs) in the browser and opens what
 * they hold as the design, with their own certificates kept for the checks, the viewer and the
 * timeline. Nothing is uploaded; keys are only compared, never kept. An import that is refused
 * (too much to read, nothing recognised, a design the field rules refuse) leaves the design open.
 */
export function useImportPki(): (files: readonly File[] | Promise<readonly File[]>) => Promise<ImportReport | null> {
  const store = useContext(StoreContext);
  return useCallback(
    async (pending: readonly File[] | Promise<readonly File[]>) => {
      if (!store) return null;
      const state = store.getState();
      try {
        // A dropped folder is still being walked: a file it cannot open fails here, not as an unhandled rejection.
        const files = await pending;
        if (files.length === 0) return null;
        // Judged on the sizes the browser reports, before a byte is read: a folder of 100,000 files or a disk image stops here.
        const tooMuch = inputsProblem(files.map((f) => ({ name: f.webkitRelativePath || f.name, size: f.size })));
        if (tooMuch) {
          state.notify({ tone: 'error', text: unchanged(`Import refused: ${tooMuch}`) });
          return null;
        }
        const inputs = await Promise.all(
          files.map(async (f) => ({
            name: f.webkitRelativePath || f.name,
            bytes: new Uint8Array(await f.arrayBuffer()),
          })),
        );
        // The import's readers (X.509, YAML, zip) load with the first import, not with the page.
        const { importPki } = await import('../../export/importPki');
        const report = await importPki(inputs);
        if (report.refused) {
          state.setImportReport(report);
          state.notify({ tone: 'error', text: unchanged(report.refused) });
          return report;
        }
        state.replaceDesign(report.design);
        state.setGenerated({ design: report.design, certificates: report.certificates, source: 'imported' });
        state.setImportReport(report);
        state.setScenario(null);
        state.select(null);
        state.notify({
          tone: 'info',
          text: `Imported ${report.recognised.length} files; ${report.rejected.length} could not be read (see Import).`,
        });
        return report;
      } catch (error) {
        state.notify({
          tone: 'error',
          text: `Import failed: ${error instanceof Error ? error.message : String(error)}. Your design is unchanged.`,
        });
        return null;
      }
    },
    [store],
  );
}
