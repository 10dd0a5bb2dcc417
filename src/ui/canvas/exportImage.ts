import type { Edge, Node } from '@xyflow/react';
import { diagramSvg, type Palette } from './diagramSvg';
import type { CanvasMetrics } from './sizes';

/** PNG at twice the drawing's size (sharp on a slide), but never past what a canvas can hold. */
const PNG_SCALE = 2;
const MAX_PIXELS = 8192;

/** The page's colours as its CSS has them now (light or dark). */
export function currentPalette(): Palette {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string) => css.getPropertyValue(name).trim();
  return {
    bg: v('--bg'),
    text: v('--text'),
    muted: v('--muted'),
    border: v('--border'),
    node: v('--node'),
    hostCp: v('--host-cp'),
    hostWorker: v('--host-worker'),
    failing: v('--failing'),
    warning: v('--warning'),
    labelBg: v('--label-bg'),
  };
}

/**
 * The whole diagram (not just what is on screen) as an SVG or PNG data URL, with its title and
 * CA legend. The SVG is written element by element (diagramSvg); the PNG is that SVG drawn on a
 * canvas, so both show the same picture.
 */
export async function renderDiagram(
  nodes: Node[],
  edges: Edge[],
  format: 'png' | 'svg',
  title: string,
  metrics: CanvasMetrics,
): Promise<string> {
  const { svg, width, height } = diagramSvg(
    nodes as Node<Record<string, unknown>>[],
    edges,
    title,
    currentPalette(),
    metrics,
  );
  const url = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  if (format === 'svg') return url;
  const image = new Image();
  image.src = url;
  await image.decode();
  const scale = Math.min(PNG_SCALE, MAX_PIXELS / Math.max(width, height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round(height * scale);
  const context = canvas.getContext('2d');
  if (!context) throw new Error('This browser cannot draw the PNG.');
  context.scale(scale, scale);
  context.drawImage(image, 0, 0);
  return canvas.toDataURL('image/png');
}
