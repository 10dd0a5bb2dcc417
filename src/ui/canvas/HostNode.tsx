import { memo } from 'react';
import type { NodeProps } from '@xyflow/react';
import type { HostFlowNode } from './toFlow';

/** A machine, or a pool of identical workers: a labelled group that holds its components. */
function HostNodeView({ data, selected }: NodeProps<HostFlowNode>) {
  const isPool = data.poolSize > 1;
  return (
    <div className={`host-node host-${data.role}${isPool ? ' is-pool' : ''}${data.stack ? ' is-stack' : ''}${selected ? ' is-selected' : ''}`}>
      <div className="host-title">
        <span className="host-name">
          {isPool ? `${data.name} × ${data.poolSize.toLocaleString('en')}` : data.stack ? `${data.name} … ${data.stack.last}` : data.name}
        </span>
        <span className="host-meta">{data.stack ? `${data.stack.count} identical workers, drawn once` : data.meta}</span>
      </div>
    </div>
  );
}

export const HostNode = memo(HostNodeView);
