import { useCallback, useContext } from 'react';
import { selectTopology } from '../store/selectors';
import { StoreContext } from '../store/StoreContext';
import { downloadFile } from './download';
import type { RenewalPlan } from '../export/renewal';
import { checkPkcs12Password } from '../topology/fieldRules';
import { keyCount } from '../topology/pools';
import { runGeneration, type GenerationRun } from '../worker/runGeneration';
import { KeyPoolContext } from './keys/KeyPoolContext';

/** Generates the current design's bundle in a worker and downloads it; cancel stops the worker. */
/**
 * The page's one generation, whichever button started it (Generate bundle, a renewal), so that
 * the progress bar's Cancel stops it.
 */
const running: { run: GenerationRun | null } = { run: null };

/** A renewal's choices, instead of a whole new bundle: see renewalPlan. */
export type Renewal = Pick<RenewalPlan, 'reuseCas' | 'keepLeaves' | 'renewWithKeys'>;

export function useGenerateBundle(): { generate(renewal?: Renewal): void; cancel(): void } {
  const store = useContext(StoreContext);
  const pool = useContext(KeyPoolContext);

  const generate = useCallback(
    (renewal?: Renewal) => {
      if (!store || running.run) return;
      const { setGeneration } = store.getState();
      const topology = selectTopology(store.getState());
      const { design, importReport, reuseImportedCas, rotateImportedKeyPairs, notify, pkcs12Password } =
        store.getState();
      const badPassword = checkPkcs12Password(pkcs12Password);
      if (badPassword) {
        notify({ tone: 'error', text: `PKCS#12 password (under Bundle): ${badPassword} Nothing was generated.` });
        return;
      }
      // Keys the import held before a reload are gone (never stored): never replace them silently.
      const lost = importReport?.notKept;
      if (
        lost &&
        lost.keyPairs.length > 0 &&
        Object.keys(importReport.keyPairs).length === 0 &&
        !rotateImportedKeyPairs
      ) {
        notify({
          tone: 'error',
          text: 'The imported service-account key pair is no longer in this page (private keys are never stored in the browser). Import the files again to keep it, or choose "Rotate the service-account key" under Import. Nothing was generated.',
        });
        return;
      }
      if (lost && lost.caKeys.length > 0 && Object.keys(importReport.caKeys).length === 0 && reuseImportedCas) {
        notify({
          tone: 'error',
          text: 'The imported CA keys are no longer in this page (private keys are never stored in the browser). Import the files again to re-sign with them. Nothing was generated.',
        });
        return;
      }
      // Imported CAs sign again only when asked, and only those whose keys came with them.
      const reuseCas = renewal
        ? renewal.reuseCas
        : reuseImportedCas && importReport
          ? Object.fromEntries(
              Object.entries(importReport.caKeys).flatMap(([caId, keyPem]) => {
                const certPem = importReport.certificates[caId];
                return certPem ? [[caId, { certPem, keyPem }]] : [];
              }),
            )
          : undefined;
      // The imported service-account pair is written back unchanged unless the person chose to rotate it.
      const keepKeyPairs = importReport && !rotateImportedKeyPairs ? importReport.keyPairs : undefined;
      // Keys made in the background go first; the other renderers make more while the worker makes its own.
      const needed = keyCount(topology);
      const pooled = pool?.take(topology.keyAlgorithm, needed) ?? [];
      const startedAt = performance.now();
      const onProgress = (done: number, total: number) => {
        const seconds = (performance.now() - startedAt) / 1000;
        const perSecond = seconds > 0 ? done / seconds : 0;
        setGeneration({
          phase: 'running',
          done,
          total,
          perSecond,
          secondsLeft: perSecond > 0 ? (total - done) / perSecond : null,
        });
      };
      const started = runGeneration(
        {
          design,
          options: store.getState().bundleOptions,
          reuseCas,
          keepKeyPairs,
          pooled,
          pkcs12Password,
          ...(renewal ? { keepLeaves: renewal.keepLeaves, renewWithKeys: renewal.renewWithKeys } : {}),
        },
        onProgress,
      );
      const feed = pool?.feed(topology.keyAlgorithm, needed - pooled.length, started.send);
      running.run = started;
      setGeneration({ phase: 'running', done: 0, total: needed, perSecond: 0, secondsLeft: null });
      started.result
        .then((result) => {
          feed?.stop();
          pool?.put(result.leftover);
          downloadFile(result.zip as BlobPart, result.fileName, 'application/zip');
          setGeneration({ phase: 'done', fileName: result.fileName, fileCount: result.fileCount });
          store
            .getState()
            .setGenerated({ design, certificates: result.certificates, source: 'generated', kept: result.kept });
        })
        .catch((error: unknown) => {
          // A cancelled run's keys are gone with its worker; the pool fills again.
          feed?.stop();
          if (error instanceof DOMException && error.name === 'AbortError') setGeneration({ phase: 'cancelled' });
          else setGeneration({ phase: 'failed', message: error instanceof Error ? error.message : String(error) });
        })
        .finally(() => {
          running.run = null;
        });
    },
    [store, pool],
  );

  const cancel = useCallback(() => running.run?.cancel(), []);
  return { generate, cancel };
}
