import { memo, useContext, useState } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { StoreContext } from '../../store/StoreContext';
import { moveCredentialToCa } from '../../topology/edits';
import type { CaId, CredentialId } from '../../topology/model';
import { CREDENTIAL_MIME } from './credentialDrag';
import type { CaFlowNode } from './toFlow';

/** A certificate authority, in the colour every credential it signs carries; a drop target for chips. */
function CaNodeView({ id, data, selected }: NodeProps<CaFlowNode>) {
  const store = useContext(StoreContext);
  const [over, setOver] = useState(false);
  return (
    <div
      className={`ca-node${over ? ' is-drop-target' : ''}${selected ? ' is-selected' : ''}`}
      style={{ borderColor: data.color }}
      onDragOver={(event) => {
        if (!event.dataTransfer.types.includes(CREDENTIAL_MIME)) return;
        event.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(event) => {
        setOver(false);
        const credentialId = event.dataTransfer.getData(CREDENTIAL_MIME);
        if (!credentialId || !store) return;
        event.preventDefault();
        const state = store.getState();
        const refused = state.apply(moveCredentialToCa(credentialId as CredentialId, id as CaId));
        state.notify(refused ? { tone: 'error', text: refused } : null);
        if (!refused) state.select({ kind: 'credential', id: credentialId });
      }}
    >
      <div className="ca-band" style={{ background: data.color }} aria-hidden="true" />
      <div className="ca-body">
        <span className="ca-name">{data.name}</span>
        <span className="ca-meta">
          {data.under ? `under ${data.under}` : data.file} · signs {data.signs}
        </span>
      </div>
      <Handle type="source" position={Position.Bottom} isConnectable={false} className="signed-handle" />
    </div>
  );
}

export const CaNode = memo(CaNodeView);
