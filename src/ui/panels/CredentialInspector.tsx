import { KEY_ALGORITHMS, isKeyAlgorithm } from '../../pki/keyAlgorithm';
import { useAppStore } from '../../store/StoreContext';
import { selectTopology } from '../../store/selectors';
import { moveCredentialToCa, updateCredential } from '../../topology/edits';
import {
  checkCommonName,
  checkDnsSan,
  checkFilePath,
  checkIpSan,
  checkOrganization,
  checkValidFromDays,
  checkValidityDays,
} from '../../topology/fieldRules';
import type { CaId, Credential } from '../../topology/model';
import { useEdit } from '../useEdit';
import { ListField } from './fields/ListField';
import { SelectField } from './fields/SelectField';
import { TextField } from './fields/TextField';
import { commonNameOf, organizationsOf, withCommonName, withOrganizations } from '../../pki/profile';
import { CertificateViewer } from './CertificateViewer';
import { bundlePathsOf } from '../../topology/bundlePaths';

/** Everything about one key pair and certificate: files, subject, SANs, validity, key, signer. */
export function CredentialInspector({ credential }: { credential: Credential }) {
  const topology = useAppStore(selectTopology);
  const edit = useEdit();
  const patch = (p: Parameters<typeof updateCredential>[1]) => edit(updateCredential(credential.id, p));
  const others = bundlePathsOf(topology).filter((p) => p !== credential.files?.cert && p !== credential.files?.key);
  const files = credential.files;
  return (
    <>
      <h3>{credential.label}</h3>
      <p className="inspector-purpose">{credential.purpose}</p>
      <SelectField
        label="Signed by"
        value={credential.caId}
        options={topology.cas.map((ca) => ({ value: ca.id, label: `${ca.name} (${ca.certFile})` }))}
        onChange={(caId) => edit(moveCredentialToCa(credential.id, caId as CaId))}
      />
      {files && (
        <>
          <TextField
            label="Certificate file"
            value={files.cert}
            validate={(v) => checkFilePath(v, others)}
            onCommit={(cert) => patch({ files: { ...files, cert } })}
          />
          <TextField
            label="Key file"
            value={files.key}
            validate={(v) => checkFilePath(v, [...others, files.cert])}
            onCommit={(key) => patch({ files: { ...files, key } })}
          />
        </>
      )}
      <TextField
        label="Common name (CN)"
        value={commonNameOf(credential.subject)}
        validate={checkCommonName}
        onCommit={(cn) => patch({ subject: withCommonName(credential.subject, cn) })}
        hint="Kubernetes reads the user name from the CN."
      />
      <ListField
        label="Organizations (O, groups)"
        singular="organization"
        values={organizationsOf(credential.subject)}
        validate={checkOrganization}
        onChange={(os) => patch({ subject: withOrganizations(credential.subject, os) })}
      />
      <ListField
        label="DNS SANs"
        singular="DNS SAN"
        values={credential.dnsNames}
        validate={checkDnsSan}
        onChange={(dnsNames) => patch({ dnsNames })}
      />
      <ListField
        label="IP SANs"
        singular="IP SAN"
        values={credential.ipAddresses}
        validate={checkIpSan}
        onChange={(ipAddresses) => patch({ ipAddresses })}
      />
      <TextField
        label="Validity (days)"
        type="number"
        value={String(credential.validityDays)}
        validate={(v) => checkValidityDays(Number(v))}
        onCommit={(v) => patch({ validityDays: Number(v) })}
      />
      <TextField
        label="Valid from (days after generation)"
        type="number"
        value={String(credential.validFromDays ?? 0)}
        validate={(v) => checkValidFromDays(Number(v))}
        onCommit={(v) => patch({ validFromDays: Number(v) })}
        hint="0 issues it now; a negative number backdates it, e.g. to show an expired certificate."
      />
      <SelectField
        label="Key algorithm"
        value={credential.keyAlgorithm ?? 'design'}
        options={[
          { value: 'design', label: `As the design (${topology.keyAlgorithm})` },
          ...KEY_ALGORITHMS.map((a) => ({ value: a, label: a })),
        ]}
        onChange={(v) => patch({ keyAlgorithm: isKeyAlgorithm(v) ? v : undefined })}
      />
      <fieldset className="checks">
        <legend>Extended key usage</legend>
        <label>
          <input
            type="checkbox"
            checked={credential.serverAuth}
            onChange={(e) => patch({ serverAuth: e.target.checked })}
          />{' '}
          serverAuth
        </label>
        <label>
          <input
            type="checkbox"
            checked={credential.clientAuth}
            onChange={(e) => patch({ clientAuth: e.target.checked })}
          />{' '}
          clientAuth
        </label>
      </fieldset>
      {credential.usedBy.map((u) => (
        <p key={u} className="field-hint">
          Used by {u}
        </p>
      ))}
      <CertificateViewer element={{ kind: 'credential', credential }} />
    </>
  );
}
