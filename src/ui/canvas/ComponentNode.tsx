import { memo } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import type { ComponentFlowNode } from './toFlow';

const ROLE_ICON = { server: '▣', client: '◆', 'server and client': '◈' } as const;

/** A process or user: its role, and a chip per credential it presents, in its CA's colour. */
function ComponentNodeView({ data, selected }: NodeProps<ComponentFlowNode>) {
  const roleClass = data.role === 'client' ? 'is-client' : 'is-server';
  return (
    <div className={`component-node ${roleClass}${selected ? ' is-selected' : ''}`}>
      <Handle type="target" position={Position.Left} isConnectable={false} />
      <div className="component-header">
        <span className="component-name">{data.name}</span>
        <span className="component-role"><span aria-hidden="true">{ROLE_ICON[data.role]}</span> {data.role}</span>
      </div>
      {data.chips.length > 0 && (
        <ul className="chips" aria-label={`credentials of ${data.name}`}>
          {data.chips.map((chip) => (
            <li key={chip.id} className="chip" style={{ borderColor: chip.color }} title={`signed by ${chip.caName}`}>
              <span className="chip-dot" style={{ background: chip.color }} aria-hidden="true" />
              {chip.label}
            </li>
          ))}
        </ul>
      )}
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </div>
  );
}

export const ComponentNode = memo(ComponentNodeView);
