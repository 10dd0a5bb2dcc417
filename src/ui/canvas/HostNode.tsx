import { memo, useContext } from 'react';
import type { NodeProps } from '@xyflow/react';
import { StackControls } from './stackControls';
import type { HostFlowNode } from './toFlow';

/** A machine, a pool of identical workers, or a stack of identical hosts drawn once (×N): a labelled group that holds its components. */
function HostNodeView({ id, data, selected }: NodeProps<HostFlowNode>) {
  const stacks = useContext(StackControls);
  const isPool = data.poolSize > 1;
  return (
    <div
      className={`host-node host-${data.role}${isPool ? ' is-pool' : ''}${data.stack ? ' is-stack' : ''}${selected ? ' is-selected' : ''}`}
    >
      <div className="host-title">
        <span className="host-name">{data.name}</span>
        <span className="host-meta">{data.meta}</span>
        {(data.stack || data.restack) && (
          <button
            type="button"
            className="stack-toggle nodrag nopan"
            tabIndex={-1}
            aria-label={
              data.stack
                ? `Draw all ${data.stack.count} of ${data.name} separately`
                : `Stack ${data.name} and its identical hosts again`
            }
            onClick={(event) => {
              event.stopPropagation();
              stacks.toggle(id);
            }}
          >
            {data.stack ? `Draw all ${data.stack.count}` : 'Stack again'}
          </button>
        )}
      </div>
    </div>
  );
}

export const HostNode = memo(HostNodeView);
