import { memo } from 'react';
import type { NodeProps } from '@xyflow/react';
import type { HostFlowNode } from './toFlow';

/** A machine: a labelled group that holds its components. */
function HostNodeView({ data }: NodeProps<HostFlowNode>) {
  return (
    <div className={`host-node host-${data.role}`} role="group" aria-label={`${data.role} node ${data.name}`}>
      <div className="host-title">
        <span className="host-name">{data.name}</span>
        <span className="host-meta">{data.role === 'control-plane' ? 'control plane' : 'worker'} · {data.ip}</span>
      </div>
    </div>
  );
}

export const HostNode = memo(HostNodeView);
