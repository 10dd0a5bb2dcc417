import { memo } from 'react';
import type { NodeProps } from '@xyflow/react';
import type { CaFlowNode } from './toFlow';

/** A certificate authority, in the colour every credential it signs carries. */
function CaNodeView({ data }: NodeProps<CaFlowNode>) {
  return (
    <div className="ca-node" style={{ borderColor: data.color }}>
      <div className="ca-band" style={{ background: data.color }} aria-hidden="true" />
      <div className="ca-body">
        <span className="ca-name">{data.name}</span>
        <span className="ca-meta">{data.file} · signs {data.signs}</span>
      </div>
    </div>
  );
}

export const CaNode = memo(CaNodeView);
