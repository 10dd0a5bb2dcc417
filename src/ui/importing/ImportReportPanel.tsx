import { useAppStore } from '../../store/StoreContext';
import type { AppState } from '../../store/appState';
import { selectFilledIn, selectImportReport, selectTopology } from '../../store/selectors';
import { PRESET_LABELS } from '../../topology/presetParams';
import { RenewalSection } from './RenewalSection';

const selectSetReport = (s: AppState) => s.setImportReport;
const selectReuse = (s: AppState) => s.reuseImportedCas;
const selectSetReuse = (s: AppState) => s.setReuseImportedCas;
const selectRotate = (s: AppState) => s.rotateImportedKeyPairs;
const selectSetRotate = (s: AppState) => s.setRotateImportedKeyPairs;

/** What the last import read, which roles it found, and why the rest could not be used. */
export function ImportReportPanel() {
  const report = useAppStore(selectImportReport);
  const setReport = useAppStore(selectSetReport);
  const reuse = useAppStore(selectReuse);
  const setReuse = useAppStore(selectSetReuse);
  const rotate = useAppStore(selectRotate);
  const setRotate = useAppStore(selectSetRotate);
  const topology = useAppStore(selectTopology);
  const filledInIds = useAppStore(selectFilledIn);
  if (!report) return null;
  const caKeys = Object.keys(report.caKeys).length;
  const lost = report.notKept ?? { caKeys: [], keyPairs: [] };
  // What the drawing holds that the files did not: made up from the preset, and said so.
  const filledIn = report.refused
    ? []
    : [
        ...topology.cas.map((c) => ({ id: c.id as string, label: c.name })),
        ...topology.credentials.map((c) => ({ id: c.id as string, label: c.label })),
      ].filter((x) => filledInIds.has(x.id));
  const unmatchedKeys = report.keys.filter((k) => k.matches === null);
  return (
    <section className="import-report" aria-label="Import">
      <h2>Import</h2>
      {report.refused ? (
        <p>{report.refused} Your design is unchanged.</p>
      ) : (
        <p>
          {report.layout ? `A ${report.layout} PKI: ` : ''}
          {report.recognised.length} files recognised, {report.keys.length - unmatchedKeys.length} of{' '}
          {report.keys.length} keys match their certificates. The checks above judge the imported certificates.
        </p>
      )}
      {report.rejected.length > 0 && (
        <>
          <h3>Not read</h3>
          <ul className="import-list">
            {report.rejected.map((r, i) => (
              <li key={`${i}:${r.path}`}>
                <code>{r.path}</code>: {r.reason}
              </li>
            ))}
          </ul>
        </>
      )}
      {report.unassigned.length > 0 && (
        <>
          <h3>Certificates with no role here</h3>
          <ul className="import-list">
            {report.unassigned.map((u, i) => (
              <li key={`${i}:${u.path}`}>
                <code>{u.path}</code>: {u.subject}
                {u.reason ? ` (${u.reason})` : ''}
              </li>
            ))}
          </ul>
        </>
      )}
      {filledIn.length > 0 && (
        <>
          <h3>Filled in from the {PRESET_LABELS[report.design.presetId]} preset</h3>
          <p className="field-hint">Not in the imported files; drawn so the design is whole. Their Origin says so.</p>
          <ul className="import-list">
            {filledIn.map((x) => (
              <li key={x.id}>{x.label}</li>
            ))}
          </ul>
        </>
      )}
      {(report.filledIn?.length ?? 0) > 0 && (
        <>
          <h3>Values the files do not give</h3>
          <ul className="import-list">
            {report.filledIn!.map((f) => (
              <li key={f}>{f}</li>
            ))}
          </ul>
        </>
      )}
      {(report.notDrawn?.length ?? 0) > 0 && (
        <>
          <h3>Not drawn: no imported file proves them</h3>
          <p className="field-hint">
            The preset has them; add them by hand if the cluster runs them. A bundle holds nothing for them.
          </p>
          <ul className="import-list">
            {report.notDrawn!.map((f) => (
              <li key={f}>{f}</li>
            ))}
          </ul>
        </>
      )}
      {unmatchedKeys.length > 0 && (
        <>
          <h3>Keys that match no certificate</h3>
          <ul className="import-list">
            {unmatchedKeys.map((k) => (
              <li key={k.path}>
                <code>{k.path}</code>
              </li>
            ))}
          </ul>
        </>
      )}
      {!report.refused && (
        <>
          <h3>Re-issue</h3>
          <p className="field-hint">
            Generate bundle makes fresh keys and certificates with the same names, subjects and SANs: a renewal plan.
          </p>
          {lost.caKeys.length > 0 && caKeys === 0 && (
            <p className="field-hint">
              The imported CA keys ({lost.caKeys.length}) were not kept across the reload: a private key is never stored
              in the browser. Import the files again to re-sign with them.
            </p>
          )}
          {(caKeys > 0 || (lost.caKeys.length > 0 && reuse)) && (
            <label className="check">
              <input type="checkbox" checked={reuse} onChange={(e) => setReuse(e.target.checked)} /> Keep the imported
              CAs and re-sign the leaves ({caKeys} CA key{caKeys === 1 ? '' : 's'} imported)
            </label>
          )}
          {(Object.keys(report.keyPairs).length > 0 || lost.keyPairs.length > 0) && (
            <>
              <p className="field-hint">
                {Object.keys(report.keyPairs).length > 0
                  ? 'The imported service-account key pair (sa.key, sa.pub) is written back unchanged.'
                  : 'The imported service-account key pair was not kept across the reload: a private key is never stored in the browser. Import the files again to keep it; until then Generate bundle stops rather than make a new one, unless you choose to rotate it.'}
              </p>
              <label className="check">
                <input type="checkbox" checked={rotate} onChange={(e) => setRotate(e.target.checked)} /> Rotate the
                service-account key: every ServiceAccount token the cluster has issued stops working
              </label>
            </>
          )}
        </>
      )}
      {!report.refused && Object.keys(report.caKeys).length > 0 && <RenewalSection report={report} />}
      <button type="button" onClick={() => setReport(null)}>
        Dismiss import report
      </button>
    </section>
  );
}
