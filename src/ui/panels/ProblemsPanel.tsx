import { useAppStore } from '../../store/StoreContext';
import type { AppState } from '../../store/appState';
import { selectFindings, selectGeneratedSource } from '../../store/selectors';
import type { Finding } from '../../topology/checks/finding';
import { useEdit } from '../useEdit';
import { useActualFindings } from './useActualFindings';

const selectSelect = (s: AppState) => s.select;

function FindingItem({ finding }: { finding: Finding }) {
  const select = useAppStore(selectSelect);
  const edit = useEdit();
  const icon = finding.severity === 'error' ? '✕' : '!';
  return (
    <li className={`finding is-${finding.severity}`}>
      <button type="button" className="finding-subject" onClick={() => select(finding.target)}>
        <span className="edge-state" aria-hidden="true">
          {icon}
        </span>
        <span className="visually-hidden">{finding.severity === 'error' ? 'Fails:' : 'Warning:'} </span>
        {finding.subject}
      </button>
      <code className="finding-quote">{finding.quote}</code>
      <p className="finding-explanation">{finding.explanation}</p>
      {finding.fix && (
        <button type="button" onClick={() => edit(finding.fix!.edit)}>
          {finding.fix.label}
        </button>
      )}
    </li>
  );
}

/** The same checks on the certificates actually generated, read back from the bundle. */
function GeneratedCheck({ planIds }: { planIds: ReadonlySet<string> }) {
  const actual = useActualFindings();
  const source = useAppStore(selectGeneratedSource);
  if (!actual) return null;
  const extra = actual.findings.filter((f) => !planIds.has(f.id));
  // Say whose certificates these are: an import's are not a bundle's.
  const whose = source === 'imported' ? 'imported' : "last bundle's";
  return (
    <div className="generated-check" role="status">
      {extra.length === 0 ? (
        <p>
          ✓ The {actual.count} {whose} certificates, read back, pass the same checks.
        </p>
      ) : (
        <>
          <p>In the {whose} certificates, read back:</p>
          <ul className="finding-list">
            {extra.map((f) => (
              <FindingItem key={f.id} finding={f} />
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

/** Every problem of the design, with the error the real component would log, and its fix. */
export function ProblemsPanel() {
  const findings = useAppStore(selectFindings);
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.length - errors;
  return (
    <section className="problems" aria-label="Problems">
      <h2>
        Problems{' '}
        <span className="problem-counts">
          {findings.length === 0
            ? 'none: every connection would handshake'
            : `${errors} failing, ${warnings} warning${warnings === 1 ? '' : 's'}`}
        </span>
      </h2>
      {findings.length > 0 && (
        <ul className="finding-list">
          {findings.map((f) => (
            <FindingItem key={f.id} finding={f} />
          ))}
        </ul>
      )}
      <GeneratedCheck planIds={new Set(findings.map((f) => f.id))} />
    </section>
  );
}
