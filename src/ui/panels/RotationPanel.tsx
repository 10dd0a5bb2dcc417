import { useMemo, useState } from 'react';
import type { BundleFile } from '../../export/bundleFile';
import type { GeneratedPki } from '../../export/generate';
import type { RotatedPki } from '../../export/rotationBundles';
import { missingForRotation } from '../../export/rotationNeeds';
import { sameDesign } from '../../topology/design';
import { useAppStore } from '../../store/StoreContext';
import type { AppState } from '../../store/appState';
import { selectImportReport, selectPresetId, selectTopology } from '../../store/selectors';
import type { CaId } from '../../topology/model';
import { checkRotation, recommendedOrder, rotationRefusal, type RotationStep } from '../../topology/rotation';
import { downloadFile } from '../download';

const key = (s: RotationStep) => `${s.scope}:${s.action}`;
/** The same phases, in any order. */
const samePhases = (a: readonly RotationStep[], b: readonly RotationStep[]) =>
  a.length === b.length && a.map(key).sort().join() === b.map(key).sort().join();

const selectRotating = (s: AppState) => s.rotatingCaId;
const selectSetRotating = (s: AppState) => s.setRotatingCaId;

/** The keys a rotation starts from, and the new CA's, for the design and CA they were made for. */
interface Made {
  readonly kit: typeof import('../../export/rotationKit');
  readonly topology: unknown;
  readonly caId: string;
  readonly current: GeneratedPki;
  readonly rotated: RotatedPki;
}

/**
 * The CA rotation planner: the phases of the manual-rotation procedure for one CA, each checked
 * with the design's own handshake checks against what every side holds then, in an order the
 * person may change to see what breaks; then one download per phase and the runbook.
 */
export function RotationPanel() {
  const caId = useAppStore(selectRotating);
  const close = useAppStore(selectSetRotating);
  const topology = useAppStore(selectTopology);
  const presetId = useAppStore(selectPresetId);
  const report = useAppStore(selectImportReport);
  const ca = topology.cas.find((c) => c.id === caId);
  // The person's order, for the CA and phases it was made for; else the recommended one.
  const [custom, setCustom] = useState<{ readonly caId: string; readonly steps: readonly RotationStep[] } | null>(null);
  const [made, setMade] = useState<Made | null>(null);
  const [making, setMaking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const recommended = useMemo(() => (caId ? recommendedOrder(topology, caId) : []), [topology, caId]);
  const steps = custom && custom.caId === caId && samePhases(custom.steps, recommended) ? custom.steps : recommended;
  const checked = useMemo(
    () => (caId ? checkRotation(topology, caId, steps, presetId) : []),
    [topology, caId, steps, presetId],
  );
  if (!caId || !ca) return null;
  const refusal = rotationRefusal(topology, caId);
  const imported = report && !report.refused ? report : null;
  const missing = imported ? missingForRotation(topology, imported, caId) : [];
  // Kept while the design says the same (a box dragged, an undo and redo): a new making is a different new CA.
  const ready = made && made.caId === caId && sameDesign(made.topology, topology) ? made : null;
  const kit = ready?.kit;
  const bundles = ready ? ready.kit.rotationBundles(topology, caId as CaId, steps, ready.current, ready.rotated) : null;
  const move = (i: number, by: -1 | 1) => {
    const next = [...steps];
    [next[i], next[i + by]] = [next[i + by]!, next[i]!];
    setCustom({ caId, steps: next });
  };
  const make = async () => {
    setMaking(true);
    setError(null);
    try {
      const kit = await import('../../export/rotationKit');
      const current = await kit.rotationStart(topology, imported);
      setMade({ kit, topology, caId, current, rotated: await kit.rotatePki(topology, current, caId as CaId) });
    } catch (e) {
      setError(`The phase bundles were not made: ${(e as Error).message}`);
    } finally {
      setMaking(false);
    }
  };
  const name = `${topology.clusterName}-rotate-${ca.id.replace(/^ca:/, '')}`;
  const zip = (files: readonly BundleFile[], suffix: string) =>
    kit &&
    downloadFile(kit.zipBundle(files, `${name}-${suffix}`) as BlobPart, `${name}-${suffix}.zip`, 'application/zip');
  return (
    <section className="rotation" aria-label="CA rotation">
      <h2>Rotate {ca.name}</h2>
      {refusal ? (
        <p>{refusal}</p>
      ) : (
        <>
          <p className="field-hint">
            The phases of “Manual rotation of CA certificates”, each checked with what every side holds once it is done.
            Move a phase to see what an outage would look like.
          </p>
          <ol className="rotation-phases">
            {checked.map((phase, i) => (
              <li
                key={key(phase.step)}
                className={phase.failing.length > 0 ? 'is-failing' : 'is-ok'}
                aria-label={`Phase ${i + 1}: ${phase.title}`}
              >
                <div className="rotation-phase-head">
                  <span>{phase.title}</span>
                  <span className="rotation-moves">
                    <button
                      type="button"
                      aria-label={`Move phase ${i + 1} earlier`}
                      disabled={i === 0}
                      onClick={() => move(i, -1)}
                    >
                      ↑
                    </button>
                    <button
                      type="button"
                      aria-label={`Move phase ${i + 1} later`}
                      disabled={i === checked.length - 1}
                      onClick={() => move(i, 1)}
                    >
                      ↓
                    </button>
                  </span>
                </div>
                <p className="rotation-result" role="status">
                  {phase.failing.length === 0
                    ? `✓ All ${phase.total} connections handshake.`
                    : `✗ ${phase.total - phase.working} of ${phase.total} connections fail:`}
                </p>
                {phase.failing.length > 0 && (
                  <ul className="rotation-failing">
                    {phase.failing.slice(0, 6).map((f) => (
                      <li key={f.id}>
                        <strong>{f.subject}</strong>: <q>{f.quote}</q>
                      </li>
                    ))}
                    {phase.failing.length > 6 && <li>and {phase.failing.length - 6} more</li>}
                  </ul>
                )}
                {bundles && (
                  <button
                    type="button"
                    onClick={() =>
                      kit &&
                      zip(
                        kit.phaseZipFiles(topology, caId, bundles.phases[i]!, phase, checked.length, presetId),
                        `phase-${i + 1}`,
                      )
                    }
                  >
                    Download phase {i + 1}
                  </button>
                )}
              </li>
            ))}
          </ol>
          <p>
            <button type="button" disabled={steps === recommended} onClick={() => setCustom(null)}>
              Recommended order
            </button>
          </p>
          {missing.length > 0 ? (
            <p className="field-error" role="alert">
              The rotation writes back the imported files it changes, and these keys did not come with the import:{' '}
              {missing.join(', ')}.
            </p>
          ) : !bundles ? (
            <>
              <p className="field-hint">
                {imported
                  ? 'The phases start from the imported PKI: every file a phase does not change stays as the cluster has it.'
                  : 'To rehearse, the phases start from a bundle made now for this design (download it as “phase 0”).'}{' '}
                The new CA and every certificate it re-issues are made here, in memory; the leaves keep their keys.
              </p>
              <button type="button" disabled={making} onClick={make}>
                {making ? 'Making phase bundles…' : 'Make phase bundles'}
              </button>
            </>
          ) : (
            <>
              <p className="rotation-downloads">
                {!imported && (
                  <button type="button" onClick={() => zip(bundles.start, 'phase-0')}>
                    Download phase 0 (the hosts before the rotation)
                  </button>
                )}
                <button
                  type="button"
                  onClick={() =>
                    kit &&
                    downloadFile(
                      kit.rotationRunbook(topology, caId, bundles, checked, presetId),
                      `${name}-runbook.txt`,
                      'text/plain',
                    )
                  }
                >
                  Download runbook
                </button>
                <button
                  type="button"
                  onClick={() =>
                    kit &&
                    zip(
                      [
                        ...(imported ? [] : bundles.start.map((f) => ({ ...f, path: `phase-0/${f.path}` }))),
                        ...bundles.phases.flatMap((p, i) =>
                          kit
                            .phaseZipFiles(topology, caId, p, checked[i], checked.length, presetId)
                            .map((f) => ({ ...f, path: `phase-${p.number}/${f.path}` })),
                        ),
                        {
                          path: 'RUNBOOK.txt',
                          content: kit.rotationRunbook(topology, caId, bundles, checked, presetId),
                          mode: 0o644,
                        },
                      ],
                      'all-phases',
                    )
                  }
                >
                  Download all phases
                </button>
              </p>
              <p className="field-hint">
                Every phase here comes from one new CA. Making the phase bundles again (after an edit) makes a different
                one: take all the phases of a rotation from one making.
              </p>
            </>
          )}
          {error && (
            <p className="field-error" role="alert">
              {error}
            </p>
          )}
        </>
      )}
      <button type="button" onClick={() => close(null)}>
        Close rotation planner
      </button>
    </section>
  );
}
