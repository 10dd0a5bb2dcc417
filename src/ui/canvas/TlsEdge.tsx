import { memo } from 'react';
import { BaseEdge, EdgeLabelRenderer, getSmoothStepPath, type EdgeProps } from '@xyflow/react';
import type { TlsFlowEdge } from './toFlow';

/** One TLS connection, client to server, labelled with what each side presents. */
function TlsEdgeView(props: EdgeProps<TlsFlowEdge>) {
  const { id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, markerEnd, data } = props;
  const [path, labelX, labelY] = getSmoothStepPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, borderRadius: 12 });
  if (!data) return null;
  return (
    <>
      <BaseEdge id={id} path={path} markerEnd={markerEnd} style={{ stroke: data.color, strokeWidth: 2.25 }} />
      <EdgeLabelRenderer>
        <div
          className="edge-label nodrag nopan"
          style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
          title={`${data.label}: client presents ${data.clientPresents}, server presents ${data.serverPresents}`}
        >
          {data.clientPresents} → {data.serverPresents}
        </div>
      </EdgeLabelRenderer>
    </>
  );
}

export const TlsEdge = memo(TlsEdgeView);
