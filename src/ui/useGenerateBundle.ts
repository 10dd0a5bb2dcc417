import { useCallback, useRef } from 'react';
import { useContext } from 'react';
import { StoreContext } from '../store/StoreContext';
import { runGeneration, type GenerationRun } from '../worker/runGeneration';

function download(bytes: Uint8Array, fileName: string): void {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: 'application/zip' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  // Revoke later: the browser reads the blob after the click returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Generates the current design's bundle in a worker and downloads it; cancel stops the worker. */
export function useGenerateBundle(): { generate(): void; cancel(): void } {
  const store = useContext(StoreContext);
  const run = useRef<GenerationRun | null>(null);

  const generate = useCallback(() => {
    if (!store || run.current) return;
    const { topology, setGeneration } = store.getState();
    const started = runGeneration(topology, (done, total) => setGeneration({ phase: 'running', done, total }));
    run.current = started;
    setGeneration({ phase: 'running', done: 0, total: topology.cas.length + topology.credentials.length + topology.keyPairs.length });
    started.result
      .then((result) => {
        download(result.zip, result.fileName);
        setGeneration({ phase: 'done', fileName: result.fileName, fileCount: result.fileCount });
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
