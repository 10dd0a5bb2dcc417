import { useContext } from 'react';
import { StoreContext, useAppStore } from '../../store/StoreContext';
import { selectTopology } from '../../store/selectors';
import { connect, removeElement } from '../../topology/edits';
import type { ComponentId } from '../../topology/model';
import type { Component } from '../../topology/model';
import { SelectField } from './fields/SelectField';
import { useEdit } from '../useEdit';
import { componentName } from './componentName';

/** A component: what it presents and whom it talks to; each entry opens in the inspector. */
export function ComponentInspector({ component }: { component: Component }) {
  const topology = useAppStore(selectTopology);
  const store = useContext(StoreContext);
  const edit = useEdit();
  const credentials = topology.credentials.filter((c) => c.ownerId === component.id);
  const connections = topology.connections.filter((c) => c.clientId === component.id || c.serverId === component.id);
  const name = (id: string) => componentName(topology, id);
  return (
    <>
      <h3>{componentName(topology, component.id)}</h3>
      <h4>Credentials</h4>
      <ul className="link-list">
        {credentials.length === 0 && <li className="field-hint">None: it authenticates another way.</li>}
        {credentials.map((c) => (
          <li key={c.id}>
            <button
              type="button"
              className="link"
              onClick={() => store?.getState().select({ kind: 'credential', id: c.id })}
            >
              {c.label}
            </button>
          </li>
        ))}
      </ul>
      <h4>TLS connections</h4>
      <ul className="link-list">
        {connections.map((c) => (
          <li key={c.id}>
            <button
              type="button"
              className="link"
              onClick={() => store?.getState().select({ kind: 'connection', id: c.id })}
            >
              {name(c.clientId)} → {name(c.serverId)}
            </button>
          </li>
        ))}
      </ul>
      <SelectField
        label="Connect as a client to"
        value=""
        options={[
          { value: '', label: 'Choose a server…' },
          ...topology.components
            .filter(
              (c) =>
                c.id !== component.id && !connections.some((x) => x.clientId === component.id && x.serverId === c.id),
            )
            .map((c) => ({ value: c.id, label: name(c.id) })),
        ]}
        onChange={(serverId) => serverId && edit(connect(component.id, serverId as ComponentId))}
      />
      <p className="field-hint">Or drag from its right edge to another component.</p>
      <button type="button" className="danger" onClick={() => edit(removeElement(component.id))}>
        Remove {component.name}
      </button>
    </>
  );
}
