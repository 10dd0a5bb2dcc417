import { useAppStore } from '../../store/StoreContext';
import { selectSelection, selectTopology } from '../../store/selectors';
import { CaInspector } from './CaInspector';
import { ClusterInspector } from './ClusterInspector';
import { ComponentInspector } from './ComponentInspector';
import { ConnectionInspector } from './ConnectionInspector';
import { CredentialInspector } from './CredentialInspector';
import { HostInspector } from './HostInspector';

function SelectedElement() {
  const selection = useAppStore(selectSelection);
  const topology = useAppStore(selectTopology);
  if (!selection) return <ClusterInspector />;
  const find = <T extends { id: string }>(list: readonly T[]) => list.find((x) => x.id === selection.id);
  switch (selection.kind) {
    case 'credential': {
      const credential = find(topology.credentials);
      return credential ? <CredentialInspector key={credential.id} credential={credential} /> : <ClusterInspector />;
    }
    case 'connection': {
      const connection = find(topology.connections);
      return connection ? <ConnectionInspector key={connection.id} connection={connection} /> : <ClusterInspector />;
    }
    case 'host': {
      const host = find(topology.hosts);
      return host ? <HostInspector key={host.id} host={host} /> : <ClusterInspector />;
    }
    case 'ca': {
      const ca = find(topology.cas);
      return ca ? <CaInspector key={ca.id} ca={ca} /> : <ClusterInspector />;
    }
    case 'component': {
      const component = find(topology.components);
      return component ? <ComponentInspector key={component.id} component={component} /> : <ClusterInspector />;
    }
  }
}

/** Edits whatever is selected; the cluster's settings when nothing is. */
export function Inspector() {
  return (
    <section className="inspector" aria-label="Inspector">
      <SelectedElement />
    </section>
  );
}
