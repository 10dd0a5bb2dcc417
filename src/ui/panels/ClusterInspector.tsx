import { useId, useState } from 'react';
import { useAppStore } from '../../store/StoreContext';
import { selectParams, selectPresetId, selectTopology } from '../../store/selectors';
import { addCustomComponent, updateParams } from '../../topology/edits';
import {
  checkAddress,
  checkClusterName,
  checkDisplayName,
  checkDnsDomain,
  checkEndpoint,
  checkServiceCidr,
  checkValidityDays,
} from '../../topology/fieldRules';
import type { HostId } from '../../topology/model';
import { firstServiceIp } from '../../topology/network';
import { useEdit } from '../useEdit';
import { ListField } from './fields/ListField';
import { TextField } from './fields/TextField';

/** With nothing selected: the cluster-wide choices every preset is a function of. */
export function ClusterInspector() {
  const params = useAppStore(selectParams);
  const presetId = useAppStore(selectPresetId);
  const edit = useEdit();
  const set = (patch: Parameters<typeof updateParams>[0]) => edit(updateParams(patch));
  return (
    <>
      <h3>Cluster</h3>
      <p className="field-hint">
        Select a node, component, credential chip, connection or CA on the canvas to edit it.
      </p>
      <TextField
        label="Cluster name"
        value={params.clusterName}
        validate={checkClusterName}
        onCommit={(clusterName) => set({ clusterName })}
      />
      <TextField
        label="Service CIDR"
        value={params.serviceCidr}
        validate={checkServiceCidr}
        onCommit={(serviceCidr) => set({ serviceCidr })}
        hint={`The apiserver certificate covers its first IP, ${firstServiceIp(params.serviceCidr)}.`}
      />
      <TextField
        label="DNS domain"
        value={params.dnsDomain}
        validate={checkDnsDomain}
        onCommit={(dnsDomain) => set({ dnsDomain })}
      />
      <TextField
        label="Control-plane endpoint"
        value={params.controlPlaneEndpoint}
        validate={checkEndpoint}
        onCommit={(controlPlaneEndpoint) => set({ controlPlaneEndpoint })}
        hint="Load balancer host[:port]; empty for none."
      />
      <ListField
        label="Extra apiserver SANs"
        singular="extra SAN"
        values={params.extraSans}
        validate={checkAddress}
        onChange={(extraSans) => set({ extraSans })}
      />
      <TextField
        label="CA validity (days)"
        type="number"
        value={String(params.caValidityDays)}
        validate={(v) => checkValidityDays(Number(v))}
        onCommit={(v) => set({ caValidityDays: Number(v) })}
      />
      <TextField
        label="Leaf validity (days)"
        type="number"
        value={String(params.leafValidityDays)}
        validate={(v) => checkValidityDays(Number(v))}
        onCommit={(v) => set({ leafValidityDays: Number(v) })}
      />
      {presetId === 'course' && (
        <fieldset className="checks">
          <legend>Course options</legend>
          <label>
            <input
              type="checkbox"
              checked={params.separateEtcdCa}
              onChange={(e) => set({ separateEtcdCa: e.target.checked })}
            />{' '}
            Separate etcd CA
          </label>
          <label>
            <input
              type="checkbox"
              checked={params.apiserverReusesServingPair}
              onChange={(e) => set({ apiserverReusesServingPair: e.target.checked })}
            />{' '}
            apiserver reuses its serving pair as a client
          </label>
        </fieldset>
      )}
      <AddComponentForm />
    </>
  );
}

/** A generic server or client (metrics-server, an ingress controller) with its own certificate. */
function AddComponentForm() {
  const topology = useAppStore(selectTopology);
  const edit = useEdit();
  const id = useId();
  const [name, setName] = useState('');
  const [role, setRole] = useState<'server' | 'client'>('server');
  const [hostId, setHostId] = useState('');
  const [error, setError] = useState<string | null>(null);
  const add = () => {
    const problem = checkDisplayName(name.trim());
    if (problem) return setError(problem);
    setError(null);
    if (edit(addCustomComponent(role, name.trim(), (hostId || null) as HostId | null))) setName('');
  };
  return (
    <fieldset className="add-component">
      <legend>Add component</legend>
      <div className="form-field">
        <label htmlFor={`${id}-name`}>Component name</label>
        <input
          id={`${id}-name`}
          value={name}
          placeholder="metrics-server"
          onChange={(e) => setName(e.target.value)}
          aria-invalid={error ? true : undefined}
          onKeyDown={(e) => e.key === 'Enter' && add()}
        />
      </div>
      <div className="form-field">
        <label htmlFor={`${id}-role`}>Role</label>
        <select
          id={`${id}-role`}
          value={role}
          onChange={(e) => setRole(e.target.value === 'client' ? 'client' : 'server')}
        >
          <option value="server">Server</option>
          <option value="client">Client</option>
        </select>
      </div>
      <div className="form-field">
        <label htmlFor={`${id}-host`}>Runs on</label>
        <select id={`${id}-host`} value={hostId} onChange={(e) => setHostId(e.target.value)}>
          <option value="">Outside the cluster</option>
          {topology.hosts.map((h) => (
            <option key={h.id} value={h.id}>
              {h.name}
            </option>
          ))}
        </select>
      </div>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <button type="button" onClick={add}>
        Add component
      </button>
    </fieldset>
  );
}
