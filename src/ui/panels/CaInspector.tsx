import { useAppStore } from '../../store/StoreContext';
import { selectTopology } from '../../store/selectors';
import { removeElement, updateCa } from '../../topology/edits';
import { checkCommonName, checkDisplayName, checkFilePath, checkValidityDays } from '../../topology/fieldRules';
import { casById, checkPathLength, parentCaError } from '../../topology/caChain';
import type { CaId, CertificateAuthority } from '../../topology/model';
import { SelectField } from './fields/SelectField';
import { useEdit } from '../useEdit';
import { TextField } from './fields/TextField';
import { CertificateViewer } from './CertificateViewer';
import { bundlePathsOf } from '../../topology/bundlePaths';
import { commonNameOf, withCommonName } from '../../pki/profile';

/** A CA: its name, files, CN and validity, and what it signs. */
export function CaInspector({ ca }: { ca: CertificateAuthority }) {
  const topology = useAppStore(selectTopology);
  const edit = useEdit();
  const setRotating = useAppStore((s) => s.setRotatingCaId);
  const signs = topology.credentials.filter((c) => c.caId === ca.id);
  const caById = casById(topology.cas);
  const children = topology.cas.filter((c) => c.parentCaId === ca.id);
  const parents = topology.cas.filter((c) => c.id !== ca.id && parentCaError(ca.id, c.id, caById) === null);
  const others = bundlePathsOf(topology).filter((p) => p !== ca.certFile && p !== ca.keyFile);
  return (
    <>
      <h3>
        <span className="legend-swatch" style={{ background: ca.color }} aria-hidden="true" /> {ca.name}
      </h3>
      <TextField
        label="CA name"
        value={ca.name}
        validate={checkDisplayName}
        onCommit={(name) => edit(updateCa(ca.id, { name }))}
      />
      <TextField
        label="Certificate file"
        value={ca.certFile}
        validate={(v) => checkFilePath(v, others)}
        onCommit={(certFile) => edit(updateCa(ca.id, { certFile }))}
      />
      <TextField
        label="Key file"
        value={ca.keyFile}
        validate={(v) => checkFilePath(v, [...others, ca.certFile])}
        onCommit={(keyFile) => edit(updateCa(ca.id, { keyFile }))}
      />
      <TextField
        label="Common name (CN)"
        value={commonNameOf(ca.subject)}
        validate={checkCommonName}
        onCommit={(cn) => edit(updateCa(ca.id, { subject: withCommonName(ca.subject, cn) }))}
      />
      <TextField
        label="Validity (days)"
        type="number"
        value={String(ca.validityDays)}
        validate={(v) => checkValidityDays(Number(v))}
        onCommit={(v) => edit(updateCa(ca.id, { validityDays: Number(v) }))}
      />
      <SelectField
        label="CA signed by"
        value={ca.parentCaId ?? ''}
        options={[
          { value: '', label: 'Itself (a self-signed root)' },
          ...parents.map((p) => ({ value: p.id, label: `${p.name} (${p.certFile})` })),
        ]}
        onChange={(parent) => edit(updateCa(ca.id, { parentCaId: parent === '' ? null : (parent as CaId) }))}
      />
      <TextField
        label="Path length (pathlen)"
        value={ca.pathLength === undefined ? '' : String(ca.pathLength)}
        validate={(v) => (v.trim() === '' ? null : checkPathLength(Number(v)))}
        onCommit={(v) => edit(updateCa(ca.id, { pathLength: v.trim() === '' ? null : Number(v) }))}
        hint="How many CAs may stand below it in a chain; empty for no limit, as kubeadm's CAs have."
      />
      {children.length > 0 && (
        <p className="field-hint">
          Signs the CA{children.length === 1 ? '' : 's'} {children.map((c) => c.name).join(', ')}.
        </p>
      )}
      <p className="field-hint">
        Signs{' '}
        {signs.length === 0
          ? 'nothing yet: drag a credential chip onto it, or pick it under “Signed by”.'
          : signs.map((c) => c.label).join(', ')}
      </p>
      <CertificateViewer element={{ kind: 'ca', ca }} />
      <button
        type="button"
        onClick={() => {
          setRotating(ca.id);
          document.querySelector('.side-panel')?.scrollTo({ top: 0, behavior: 'smooth' });
        }}
      >
        Plan a rotation of {ca.name}
      </button>
      <button
        type="button"
        className="danger"
        disabled={signs.length + children.length > 0}
        onClick={() => edit(removeElement(ca.id))}
        title={signs.length + children.length > 0 ? 'Move what it signs to another CA first.' : undefined}
      >
        Remove {ca.name}
      </button>
    </>
  );
}
