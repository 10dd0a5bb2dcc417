import { useAppStore } from '../../store/StoreContext';
import { selectTopology } from '../../store/selectors';
import { updateConnection } from '../../topology/edits';
import { checkAddress, checkPort } from '../../topology/fieldRules';
import type { CaId, TlsConnection } from '../../topology/model';
import { useEdit } from '../useEdit';
import { componentName } from './componentName';
import { SelectField } from './fields/SelectField';
import { TextField } from './fields/TextField';

const NONE = 'none';

/** One TLS connection: who dials whom, at which address, and which CA each side trusts. */
export function ConnectionInspector({ connection }: { connection: TlsConnection }) {
  const topology = useAppStore(selectTopology);
  const edit = useEdit();
  const name = (id: string) => componentName(topology, id);
  const credential = (id: string | null) => topology.credentials.find((c) => c.id === id)?.label;
  const caOptions = (none: string) => [
    { value: NONE, label: none },
    ...topology.cas.map((ca) => ({ value: ca.id, label: ca.name })),
  ];
  const trust = (value: string) => (value === NONE ? null : (value as CaId));
  return (
    <>
      <h3>
        {name(connection.clientId)} → {name(connection.serverId)}
      </h3>
      <p className="inspector-purpose">
        The client presents {credential(connection.clientCredentialId) ?? 'a token, no certificate'}; the server
        presents {credential(connection.serverCredentialId) ?? 'a self-signed certificate it makes at start'}.
      </p>
      <TextField
        label="Address the client dials"
        value={connection.address}
        validate={checkAddress}
        onCommit={(address) => edit(updateConnection(connection.id, { address }))}
        hint="The server certificate's SANs must cover it."
      />
      <TextField
        label="Port"
        type="number"
        value={String(connection.port)}
        validate={(v) => checkPort(Number(v))}
        onCommit={(v) => edit(updateConnection(connection.id, { port: Number(v) }))}
      />
      <SelectField
        label="Client trusts (to verify the server)"
        value={connection.clientTrustsCaId ?? NONE}
        options={caOptions('Does not verify the server')}
        onChange={(v) => edit(updateConnection(connection.id, { clientTrustsCaId: trust(v) }))}
      />
      <SelectField
        label="Server trusts (to verify client certificates)"
        value={connection.serverTrustsCaId ?? NONE}
        options={caOptions('Asks for no client certificate')}
        onChange={(v) => edit(updateConnection(connection.id, { serverTrustsCaId: trust(v) }))}
      />
    </>
  );
}
