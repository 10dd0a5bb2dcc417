import { useMemo } from 'react';
import { changesSince } from '../../export/changes';
import { useAppStore } from '../../store/StoreContext';
import type { AppState } from '../../store/appState';
import { selectBundleOptions } from '../../store/selectors';

const selectDesign = (s: AppState) => s.design;
const selectGenerated = (s: AppState) => s.generated;
/** Past this many, the list says how many more: the hosts line is what an operator acts on. */
const SHOWN = 12;

/**
 * After a bundle was generated or a PKI imported, what the edits since then mean for the cluster:
 * which certificates must be issued again and why, which go away, and which hosts must receive
 * new files. Shown before anything is generated, while the person still edits.
 */
export function ChangesPanel() {
  const design = useAppStore(selectDesign);
  const generated = useAppStore(selectGenerated);
  const { externalCa } = useAppStore(selectBundleOptions);
  const changes = useMemo(
    () => (generated && generated.design !== design ? changesSince(generated.design, design, externalCa) : null),
    [generated, design, externalCa],
  );
  if (!generated || !changes) return null;
  const since = generated.source === 'imported' ? 'the import' : 'the last bundle';
  const nothing = changes.reissue.length === 0 && changes.removed.length === 0;
  return (
    <section className="changes" aria-label={`Changes since ${since}`}>
      <h2>Since {since}</h2>
      {nothing ? (
        <p>
          No certificate changes: the files {since === 'the import' ? 'imported' : 'generated'} still fit this design.
        </p>
      ) : (
        <>
          {changes.reissue.length > 0 && (
            <>
              <p>
                {changes.reissue.length} certificate{changes.reissue.length === 1 ? '' : 's'} to issue again:
              </p>
              <ul className="changes-list">
                {changes.reissue.slice(0, SHOWN).map((r) => (
                  <li key={r.id}>
                    <strong>{r.label}</strong>: {r.reasons.join(', ')}
                  </li>
                ))}
                {changes.reissue.length > SHOWN && <li>and {changes.reissue.length - SHOWN} more</li>}
              </ul>
            </>
          )}
          {changes.removed.length > 0 && (
            <p>
              No longer in the design (take their files off the hosts): {changes.removed.map((r) => r.label).join(', ')}
              .
            </p>
          )}
          <p>
            {changes.hosts.length > 0
              ? `Hosts that must receive new files: ${changes.hosts.join(', ')}.`
              : 'No host needs new files.'}
          </p>
        </>
      )}
    </section>
  );
}
