import { memo } from 'react';
import { BaseEdge, EdgeLabelRenderer, getSmoothStepPath, useStore, type EdgeProps, type ReactFlowState } from '@xyflow/react';
import type { Point } from './layout';
import type { TlsFlowEdge } from './toFlow';

/** At this zoom and closer every label is legible, so all are shown. */
const LABELS_FROM_ZOOM = 0.85;
const zoomSelector = (s: ReactFlowState) => s.transform[2];

function polyline(points: readonly Point[]): string {
  return points.map((p, i) => `${i === 0 ? 'M' : 'L'} ${p.x} ${p.y}`).join(' ');
}

/**
 * One TLS connection, client to server, along ELK's route, labelled with what each side
 * presents. Zoomed out, labels show only for the selection and its connections, so the
 * whole cluster stays readable; zoomed in, all of them.
 */
function TlsEdgeView(props: EdgeProps<TlsFlowEdge>) {
  const { id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, markerEnd, data, selected } = props;
  const zoom = useStore(zoomSelector);
  if (!data) return null;
  const showLabel = zoom >= LABELS_FROM_ZOOM || selected || data.emphasized;
  const [fallbackPath, fallbackX, fallbackY] = getSmoothStepPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition });
  const path = data.route ? polyline(data.route.points) : fallbackPath;
  const label = data.route?.label ?? { x: fallbackX, y: fallbackY };
  return (
    <>
      <BaseEdge id={id} path={path} markerEnd={markerEnd} style={{ stroke: data.color, strokeWidth: selected || data.emphasized ? 3.5 : 2.25 }}>
        <title>{data.description}</title>
      </BaseEdge>
      {showLabel && <EdgeLabelRenderer>
        <div
          className="edge-label nodrag nopan"
          style={{ transform: `translate(-50%, -50%) translate(${label.x}px, ${label.y}px)`, borderColor: data.color }}
          title={data.description}
        >
          {data.text}
        </div>
      </EdgeLabelRenderer>}
    </>
  );
}

export const TlsEdge = memo(TlsEdgeView);
