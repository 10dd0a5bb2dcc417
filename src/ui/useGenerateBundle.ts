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
    const { design, importReport, reuseImportedCas, rotateImportedKeyPairs } = store.getState();
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
        store.getState().setGenerated({ design, certificates: result.certificates });
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
