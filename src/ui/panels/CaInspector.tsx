import { useAppStore } from '../../store/StoreContext';
import { selectTopology } from '../../store/selectors';
import { removeElement, updateCa } from '../../topology/edits';
import { checkCommonName, checkDisplayName, checkFilePath, checkValidityDays } from '../../topology/fieldRules';
import type { CertificateAuthority } from '../../topology/model';
import { useEdit } from '../useEdit';
import { TextField } from './fields/TextField';
import { CertificateViewer } from './CertificateViewer';
import { bundlePathsOf } from '../../topology/bundlePaths';
import { commonNameOf, withCommonName } from '../../pki/profile';

/** A CA: its name, files, CN and validity, and what it signs. */
export function CaInspector({ ca }: { ca: CertificateAuthority }) {
  const topology = useAppStore(selectTopology);
  const edit = useEdit();
  const signs = topology.credentials.filter((c) => c.caId === ca.id);
  const others = bundlePathsOf(topology).filter((p) => p !== ca.certFile && p !== ca.keyFile);
  return (
    <>
      <h3><span className="legend-swatch" style={{ background: ca.color }} aria-hidden="true" /> {ca.name}</h3>
      <TextField label="CA name" value={ca.name} validate={checkDisplayName} onCommit={(name) => edit(updateCa(ca.id, { name }))} />
      <TextField label="Certificate file" value={ca.certFile} validate={(v) => checkFilePath(v, others)} onCommit={(certFile) => edit(updateCa(ca.id, { certFile }))} />
      <TextField label="Key file" value={ca.keyFile} validate={(v) => checkFilePath(v, [...others, ca.certFile])} onCommit={(keyFile) => edit(updateCa(ca.id, { keyFile }))} />
      <TextField label="Common name (CN)" value={commonNameOf(ca.subject)} validate={checkCommonName}
        onCommit={(cn) => edit(updateCa(ca.id, { subject: withCommonName(ca.subject, cn) }))} />
      <TextField label="Validity (days)" type="number" value={String(ca.validityDays)} validate={(v) => checkValidityDays(Number(v))}
        onCommit={(v) => edit(updateCa(ca.id, { validityDays: Number(v) }))} />
      <p className="field-hint">
        Signs {signs.length === 0 ? 'nothing yet: drag a credential chip onto it, or pick it under “Signed by”.' : signs.map((c) => c.label).join(', ')}
      </p>
      <CertificateViewer element={{ kind: 'ca', ca }} />
      <button type="button" className="danger" disabled={signs.length > 0} onClick={() => edit(removeElement(ca.id))}
        title={signs.length > 0 ? 'Move what it signs to another CA first.' : undefined}>
        Remove {ca.name}
      </button>
    </>
  );
}
