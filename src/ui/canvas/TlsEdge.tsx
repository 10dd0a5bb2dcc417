import { memo } from 'react';
import {
  BaseEdge,
  EdgeLabelRenderer,
  getSmoothStepPath,
  useStore,
  type EdgeProps,
  type ReactFlowState,
} from '@xyflow/react';
import type { Point } from './layout';
import type { TlsFlowEdge } from './toFlow';

/** At this zoom and closer every label is shown; below it (every fitted view, view.ts), the selection's. */
export const LABELS_FROM_ZOOM = 1.1;
const zoomSelector = (s: ReactFlowState) => s.transform[2];

function polyline(points: readonly Point[]): string {
  return points.map((p, i) => `${i === 0 ? 'M' : 'L'} ${p.x} ${p.y}`).join(' ');
}

/**
 * One TLS connection, client chip to server chip along its route, labelled with what each side
 * presents. Zoomed out, labels show only for the selection and its connections, so the
 * whole cluster stays readable; zoomed in, all of them.
 */
function TlsEdgeView(props: EdgeProps<TlsFlowEdge>) {
  const { id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, markerEnd, data, selected } = props;
  const zoom = useStore(zoomSelector);
  if (!data) return null;
  const everyLabel = zoom >= LABELS_FROM_ZOOM;
  // The selection's lines always show their labels (view.ts places them all); zoomed in, the others too where they fit.
  const placed = selected || data.emphasized ? data.labelFocus : everyLabel ? data.labelAll : null;
  const stroke = data.state === 'failing' ? 'var(--failing)' : data.state === 'warning' ? 'var(--warning)' : data.color;
  const [fallbackPath, fallbackX, fallbackY] = getSmoothStepPath({
    sourceX,
    sourceY,
    targetX,
    targetY,
    sourcePosition,
    targetPosition,
  });
  const path = data.route ? polyline(data.route.points) : fallbackPath;
  // A failing or warning line keeps its badge even where its label has no room.
  const label = placed?.at ?? data.badge ?? (data.route ? null : { x: fallbackX, y: fallbackY });
  // A label that stands off its line (no room on it) is joined to it by a short leader.
  const leader = placed?.leader ?? null;
  const showText = placed !== null;
  return (
    <g data-client={props.source} data-server={props.target}>
      <BaseEdge
        id={id}
        path={path}
        markerEnd={markerEnd}
        style={{
          stroke,
          strokeWidth: selected || data.emphasized ? 3.5 : 2.25,
          strokeDasharray: data.state === 'failing' ? '7 5' : data.token ? '1 5' : undefined,
          strokeLinecap: data.token ? 'round' : undefined,
        }}
      >
        <title>{data.description}</title>
      </BaseEdge>
      {leader && placed && (
        <line
          className="edge-leader"
          x1={placed.at.x}
          y1={placed.at.y}
          x2={leader.x}
          y2={leader.y}
          stroke={stroke}
          strokeWidth={1.5}
        />
      )}
      {label && (showText || data.state !== 'ok') && (
        <EdgeLabelRenderer>
          <div
            data-edge-label={id}
            className={`edge-label nodrag nopan is-${data.state}${data.dimmed ? ' is-dimmed' : ''}`}
            style={{ transform: `translate(-50%, -50%) translate(${label.x}px, ${label.y}px)`, borderColor: stroke }}
            title={data.description}
          >
            {data.state !== 'ok' && (
              <span className="edge-state" aria-hidden="true">
                {data.state === 'failing' ? '✕' : '!'}
              </span>
            )}
            {showText && placed.text}
          </div>
        </EdgeLabelRenderer>
      )}
    </g>
  );
}

export const TlsEdge = memo(TlsEdgeView);
