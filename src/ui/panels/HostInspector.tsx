import { useAppStore } from '../../store/StoreContext';
import { selectParams } from '../../store/selectors';
import { removeHost, updateNode } from '../../topology/edits';
import { checkNodeIp, checkNodeName, checkPoolSize } from '../../topology/fieldRules';
import type { Host } from '../../topology/model';
import type { NodeParams } from '../../topology/presetParams';
import { useEdit } from '../useEdit';
import { TextField } from './fields/TextField';

/** A node (or a pool of workers): its name, address, pool size; removing it takes its components along. */
export function HostInspector({ host }: { host: Host }) {
  const params = useAppStore(selectParams);
  const edit = useEdit();
  const nodes = [...params.controlPlane, ...params.workers];
  const node = nodes.find((n) => n.name === host.name);
  if (!node) return null;
  const otherNames = nodes.filter((n) => n !== node).map((n) => n.name);
  const change = (next: Partial<NodeParams>) => edit(updateNode(host.name, { ...node, ...next }));
  const isWorker = host.role === 'worker';
  return (
    <>
      <h3>
        {host.role === 'control-plane'
          ? 'Control-plane node'
          : (host.poolSize ?? 1) > 1
            ? 'Worker pool'
            : 'Worker node'}
      </h3>
      <TextField
        label={isWorker && (host.poolSize ?? 1) > 1 ? 'Pool name (members are <name>-1, -2, …)' : 'Node name'}
        value={host.name}
        validate={(v) => checkNodeName(v, otherNames)}
        onCommit={(name) => change({ name })}
        hint="The kubelet registers with this name; its certificate's CN must match it."
      />
      <TextField
        label={(host.poolSize ?? 1) > 1 ? 'First node IP' : 'Node IP'}
        value={host.ip}
        validate={(v) => checkNodeIp(v) ?? (isWorker ? checkPoolSize(host.poolSize ?? 1, v) : null)}
        onCommit={(ip) => change({ ip })}
      />
      {isWorker && (
        <TextField
          label="Nodes in this pool"
          type="number"
          value={String(host.poolSize ?? 1)}
          validate={(v) => checkPoolSize(Number(v), host.ip)}
          onCommit={(v) => change({ count: Number(v) })}
          hint="A pool is drawn once and expands to one kubelet credential per node when you generate."
        />
      )}
      <button type="button" className="danger" onClick={() => edit(removeHost(host.name))}>
        Remove {host.name}
      </button>
    </>
  );
}
