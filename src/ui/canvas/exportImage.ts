import { getNodesBounds, getViewportForBounds, type Node } from '@xyflow/react';
import { toPng, toSvg } from 'html-to-image';

const PADDING = 0.05;
/** Slide-sized output: 1920 px wide, height following the drawing. */
const WIDTH = 1920;

/**
 * Renders the whole diagram (not just what is on screen) to a PNG or SVG data URL, the way
 * React Flow's own image-export example does: fit every node into a fixed-width frame.
 */
export async function renderDiagram(nodes: Node[], format: 'png' | 'svg', background: string): Promise<string> {
  const viewport = document.querySelector<HTMLElement>('.react-flow__viewport');
  if (!viewport) throw new Error('The diagram is not on screen yet.');
  const bounds = getNodesBounds(nodes);
  const height = Math.max(400, Math.round((WIDTH * bounds.height) / Math.max(bounds.width, 1)) + 80);
  const { x, y, zoom } = getViewportForBounds(bounds, WIDTH, height, 0.1, 2, PADDING);
  const options = {
    backgroundColor: background,
    width: WIDTH,
    height,
    style: { width: `${WIDTH}px`, height: `${height}px`, transform: `translate(${x}px, ${y}px) scale(${zoom})` },
  };
  return format === 'png' ? toPng(viewport, options) : toSvg(viewport, options);
}
