import { memo, useContext } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { StoreContext } from '../../store/StoreContext';
import { CREDENTIAL_MIME } from './credentialDrag';
import { roleLine } from './sizes';
import type { ComponentFlowNode } from './toFlow';

const ROLE_ICON = { server: '▣', client: '◆', 'server and client': '◈' } as const;

/**
 * A process or user: its role, and a chip per credential it presents, in its CA's colour.
 * Chips select the credential and can be dragged onto a CA to have that CA sign it; dragging
 * from the right-hand handle to another component adds a TLS connection.
 */
function ComponentNodeView({ data, selected }: NodeProps<ComponentFlowNode>) {
  const store = useContext(StoreContext);
  const roleClass = data.role === 'client' ? 'is-client' : 'is-server';
  return (
    <div
      className={`component-node ${roleClass}${selected ? ' is-selected' : ''}`}
      data-host={data.hostId ?? undefined}
    >
      <Handle type="target" position={Position.Left} />
      <Handle type="target" id="signed" position={Position.Top} isConnectable={false} className="signed-handle" />
      <div className="component-header">
        <span className="component-name">{data.name}</span>
        <span className="component-role">
          {/* Names only: the chips are counted, and come back on selection or with Show every certificate. */}
          <span aria-hidden="true">{ROLE_ICON[data.role]}</span> {roleLine(data.role, data.hiddenChips)}
        </span>
      </div>
      {data.chips.length > 0 && (
        <ul className="chips" aria-label={`credentials of ${data.name}`}>
          {data.chips.map((chip) => (
            <li key={chip.id} className="chip-row">
              <Handle
                type="target"
                id={`in:${chip.id}`}
                position={Position.Left}
                isConnectable={false}
                className="chip-handle"
              />
              <button
                type="button"
                className={`chip nodrag nopan${chip.selected ? ' is-selected' : ''}${chip.focused ? ' is-kbd-focus' : ''}${chip.filledIn ? ' is-filled-in' : ''}`}
                // The diagram is one tab stop; arrow keys reach chips (keyboardItems.ts).
                tabIndex={-1}
                style={{ borderColor: chip.color }}
                title={`${chip.label}, signed by ${chip.caName}.${chip.filledIn ? ' Filled in from the preset: the imported files hold no certificate for it.' : ''} Drag onto a CA to have it sign this instead.`}
                draggable
                onDragStart={(event) => {
                  event.dataTransfer.setData(CREDENTIAL_MIME, chip.id);
                  event.dataTransfer.effectAllowed = 'move';
                }}
                onClick={(event) => {
                  event.stopPropagation();
                  store?.getState().select({ kind: 'credential', id: chip.id });
                }}
              >
                <span className="chip-dot" style={{ background: chip.color }} aria-hidden="true" />
                <span className="chip-label">{chip.label}</span>
              </button>
              <Handle
                type="source"
                id={`out:${chip.id}`}
                position={Position.Right}
                isConnectable={false}
                className="chip-handle"
              />
            </li>
          ))}
        </ul>
      )}
      <Handle type="source" position={Position.Right} />
    </div>
  );
}

export const ComponentNode = memo(ComponentNodeView);
