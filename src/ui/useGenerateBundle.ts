import { useCallback, useContext, useRef } from 'react';
import { selectTopology } from '../store/selectors';
import { StoreContext } from '../store/StoreContext';
import { downloadFile } from './download';
import { keyCount } from '../topology/pools';
import { runGeneration, type GenerationRun } from '../worker/runGeneration';

/** Generates the current design's bundle in a worker and downloads it; cancel stops the worker. */
export function useGenerateBundle(): { generate(): void; cancel(): void } {
  const store = useContext(StoreContext);
  const run = useRef<GenerationRun | null>(null);

  const generate = useCallback(() => {
    if (!store || run.current) return;
    const { setGeneration } = store.getState();
    const topology = selectTopology(store.getState());
    const { design, importReport, reuseImportedCas, rotateImportedKeyPairs, notify } = store.getState();
    // Keys the import held before a reload are gone (never stored): never replace them silently.
    const lost = importReport?.notKept;
    if (lost && lost.keyPairs.length > 0 && Object.keys(importReport.keyPairs).length === 0 && !rotateImportedKeyPairs) {
      notify({ tone: 'error', text: 'The imported service-account key pair is no longer in this page (private keys are never stored in the browser). Import the files again to keep it, or choose "Rotate the service-account key" under Import. Nothing was generated.' });
      return;
    }
    if (lost && lost.caKeys.length > 0 && Object.keys(importReport.caKeys).length === 0 && reuseImportedCas) {
      notify({ tone: 'error', text: 'The imported CA keys are no longer in this page (private keys are never stored in the browser). Import the files again to re-sign with them. Nothing was generated.' });
      return;
    }
    // Imported CAs sign again only when asked, and only those whose keys came with them.
    const reuseCas = reuseImportedCas && importReport
      ? Object.fromEntries(Object.entries(importReport.caKeys).flatMap(([caId, keyPem]) => {
          const certPem = importReport.certificates[caId];
          return certPem ? [[caId, { certPem, keyPem }]] : [];
        }))
      : undefined;
    // The imported service-account pair is written back unchanged unless the person chose to rotate it.
    const keepKeyPairs = importReport && !rotateImportedKeyPairs ? importReport.keyPairs : undefined;
    const started = runGeneration(design, store.getState().bundleOptions, (done, total) => setGeneration({ phase: 'running', done, total }), reuseCas, keepKeyPairs);
    run.current = started;
    setGeneration({ phase: 'running', done: 0, total: keyCount(topology) });
    started.result
      .then((result) => {
        downloadFile(result.zip as BlobPart, result.fileName, 'application/zip');
        setGeneration({ phase: 'done', fileName: result.fileName, fileCount: result.fileCount });
        store.getState().setGenerated({ design, certificates: result.certificates, source: 'generated', kept: result.kept });
      })
      .catch((error: unknown) => {
        if (error instanceof DOMException && error.name === 'AbortError') setGeneration({ phase: 'cancelled' });
        else setGeneration({ phase: 'failed', message: error instanceof Error ? error.message : String(error) });
      })
      .finally(() => {
        run.current = null;
      });
  }, [store]);

  const cancel = useCallback(() => run.current?.cancel(), []);
  return { generate, cancel };
}
