import { memo } from 'react';
import { BaseEdge, EdgeLabelRenderer, getSmoothStepPath, type EdgeProps } from '@xyflow/react';
import type { Point } from './layout';
import type { TlsFlowEdge } from './toFlow';

function polyline(points: readonly Point[]): string {
  return points.map((p, i) => `${i === 0 ? 'M' : 'L'} ${p.x} ${p.y}`).join(' ');
}

/** One TLS connection, client to server, along ELK's route, labelled with what each side presents. */
function TlsEdgeView(props: EdgeProps<TlsFlowEdge>) {
  const { id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, markerEnd, data } = props;
  if (!data) return null;
  const [fallbackPath, fallbackX, fallbackY] = getSmoothStepPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition });
  const path = data.route ? polyline(data.route.points) : fallbackPath;
  const label = data.route?.label ?? { x: fallbackX, y: fallbackY };
  return (
    <>
      <BaseEdge id={id} path={path} markerEnd={markerEnd} style={{ stroke: data.color, strokeWidth: 2.25 }} />
      <EdgeLabelRenderer>
        <div
          className="edge-label nodrag nopan"
          style={{ transform: `translate(-50%, -50%) translate(${label.x}px, ${label.y}px)`, borderColor: data.color }}
          title={data.description}
        >
          {data.text}
        </div>
      </EdgeLabelRenderer>
    </>
  );
}

export const TlsEdge = memo(TlsEdgeView);
