import { useAppStore } from '../../store/StoreContext';
import type { AppState } from '../../store/appState';
import { selectImportReport } from '../../store/selectors';

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
  if (!report) return null;
  const caKeys = Object.keys(report.caKeys).length;
  const unmatchedKeys = report.keys.filter((k) => k.matches === null);
  return (
    <section className="import-report" aria-label="Import">
      <h2>Import</h2>
      {report.refused ? (
        <p>{report.refused} Your design is unchanged.</p>
      ) : (
        <p>
          {report.recognised.length} files recognised, {report.keys.length - unmatchedKeys.length} of {report.keys.length} keys match
          their certificates. The checks above judge the imported certificates.
        </p>
      )}
      {report.rejected.length > 0 && (
        <>
          <h3>Not read</h3>
          <ul className="import-list">
            {report.rejected.map((r, i) => <li key={`${i}:${r.path}`}><code>{r.path}</code>: {r.reason}</li>)}
          </ul>
        </>
      )}
      {report.unassigned.length > 0 && (
        <>
          <h3>Certificates with no role here</h3>
          <ul className="import-list">
            {report.unassigned.map((u, i) => <li key={`${i}:${u.path}`}><code>{u.path}</code>: {u.subject}</li>)}
          </ul>
        </>
      )}
      {unmatchedKeys.length > 0 && (
        <>
          <h3>Keys that match no certificate</h3>
          <ul className="import-list">{unmatchedKeys.map((k) => <li key={k.path}><code>{k.path}</code></li>)}</ul>
        </>
      )}
      {!report.refused && (
        <>
          <h3>Re-issue</h3>
          <p className="field-hint">
            Generate bundle makes fresh keys and certificates with the same names, subjects and SANs: a renewal plan.
          </p>
          {caKeys > 0 && (
            <label className="check">
              <input type="checkbox" checked={reuse} onChange={(e) => setReuse(e.target.checked)} />
              {' '}Keep the imported CAs and re-sign the leaves ({caKeys} CA key{caKeys === 1 ? '' : 's'} imported)
            </label>
          )}
          {Object.keys(report.keyPairs).length > 0 && (
            <>
              <p className="field-hint">The imported service-account key pair (sa.key, sa.pub) is written back unchanged.</p>
              <label className="check">
                <input type="checkbox" checked={rotate} onChange={(e) => setRotate(e.target.checked)} />
                {' '}Rotate the service-account key: every ServiceAccount token the cluster has issued stops working
              </label>
            </>
          )}
        </>
      )}
      <button type="button" onClick={() => setReport(null)}>Dismiss import report</button>
    </section>
  );
}
