import type { Edge, Node } from '@xyflow/react';
import type { Point } from './layout';
import { chipCentre, type CanvasMetrics } from './sizes';
import type { CaNodeData, ComponentNodeData, HostNodeData, TlsEdgeData } from './toFlow';

/** The page's colours, read from its CSS at export time, so light and dark export as they look. */
export interface Palette {
  readonly bg: string;
  readonly text: string;
  readonly muted: string;
  readonly border: string;
  readonly node: string;
  readonly hostCp: string;
  readonly hostWorker: string;
  readonly failing: string;
  readonly warning: string;
  readonly labelBg: string;
}

const SANS = "system-ui, 'Segoe UI', Roboto, 'Noto Sans', 'DejaVu Sans', sans-serif";
const MONO = "ui-monospace, 'DejaVu Sans Mono', Menlo, monospace";
const HEADER = 96;
const MARGIN = 24;

/** Text from a design goes into the file as text: every markup character escaped. */
function xml(text: string): string {
  return text.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!,
  );
}

/** An attribute value that may only be a colour: anything else becomes a neutral grey. */
function colour(value: string): string {
  return /^(#[0-9a-fA-F]{3,8}|rgba?\([\d\s.,%]+\)|[a-z]+)$/.test(value.trim()) ? value.trim() : '#7a8391';
}

type AnyNode = Node<Record<string, unknown>>;

/**
 * The whole diagram as plain SVG (rect, path, text: no foreignObject, so vector editors open it),
 * with a title and the CA legend above it: what the canvas shows, at every size, for slides.
 */
export function diagramSvg(
  nodes: readonly AnyNode[],
  edges: readonly Edge[],
  title: string,
  p: Palette,
  m: CanvasMetrics,
): { svg: string; width: number; height: number } {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const at = (n: AnyNode): Point => {
    const parent = n.parentId ? byId.get(n.parentId) : undefined;
    return parent ? { x: parent.position.x + n.position.x, y: parent.position.y + n.position.y } : n.position;
  };
  const extent = nodes.find((n) => n.type === 'extent') ?? { position: { x: 0, y: 0 }, width: 800, height: 600 };
  const ox = MARGIN - extent.position.x;
  const oy = HEADER + MARGIN - extent.position.y;
  const width = Math.ceil((extent.width ?? 0) + MARGIN * 2);
  const height = Math.ceil((extent.height ?? 0) + HEADER + MARGIN * 2);
  const out: string[] = [];
  const text = (x: number, y: number, content: string, size: number, fill: string, extra = '') =>
    out.push(
      `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" font-size="${size}" fill="${colour(fill)}" ${extra}>${xml(content)}</text>`,
    );

  // Title and legend.
  text(MARGIN, 36, title, 26, p.text, `font-family="${SANS}" font-weight="700"`);
  text(
    MARGIN,
    62,
    'Each line runs from the certificate the client presents to the one the server presents; colours are the CAs that sign them.',
    15,
    p.muted,
    `font-family="${SANS}"`,
  );
  let lx = MARGIN;
  for (const ca of nodes.filter((n) => n.type === 'ca')) {
    const data = ca.data as CaNodeData;
    out.push(`<rect x="${lx}" y="74" width="14" height="14" rx="3" fill="${colour(data.color)}"/>`);
    text(lx + 20, 86, data.name, 14, p.text, `font-family="${SANS}"`);
    lx += 34 + data.name.length * 8;
  }

  // Arrowheads, one per colour used.
  const colours = new Set(edges.map((e) => strokeOf(e.data as TlsEdgeData | undefined, p)));
  out.push(
    '<defs>',
    ...[...colours].map(
      (c, i) =>
        `<marker id="arrow-${i}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${c}"/></marker>`,
    ),
    '</defs>',
  );
  const markerOf = new Map([...colours].map((c, i) => [c, `arrow-${i}`]));

  // Boxes: hosts first (they hold components), then CAs and components.
  for (const n of nodes.filter((x) => x.type === 'host')) {
    const d = n.data as HostNodeData;
    const { x, y } = at(n);
    const [w, h] = [n.width ?? 0, n.height ?? 0];
    const fill = d.role === 'control-plane' ? p.hostCp : p.hostWorker;
    if (d.stack)
      for (const k of [12, 6])
        out.push(
          `<rect x="${x + ox + k}" y="${y + oy + k}" width="${w}" height="${h}" rx="12" fill="${colour(fill)}" stroke="${colour(p.border)}" stroke-width="2"/>`,
        );
    out.push(
      `<rect x="${x + ox}" y="${y + oy}" width="${w}" height="${h}" rx="12" fill="${colour(fill)}" stroke="${colour(p.border)}" stroke-width="2"/>`,
    );
    const name =
      d.poolSize > 1
        ? `${d.name} × ${d.poolSize.toLocaleString('en')}`
        : d.stack
          ? `${d.name} … ${d.stack.last}`
          : d.name;
    text(x + ox + 12, y + oy + 24, name, 18, p.text, `font-family="${SANS}" font-weight="700"`);
    text(
      x + ox + 12,
      y + oy + 42,
      d.stack ? `${d.stack.count} identical workers, drawn once` : d.meta,
      14,
      p.muted,
      `font-family="${SANS}"`,
    );
  }
  for (const n of nodes.filter((x) => x.type === 'ca')) {
    const d = n.data as CaNodeData;
    const { x, y } = at(n);
    const [w, h] = [n.width ?? 0, n.height ?? 0];
    out.push(
      `<rect x="${x + ox}" y="${y + oy}" width="${w}" height="${h}" rx="10" fill="${colour(p.node)}" stroke="${colour(d.color)}" stroke-width="3"/>`,
      `<rect x="${x + ox}" y="${y + oy}" width="14" height="${h}" rx="4" fill="${colour(d.color)}"/>`,
    );
    text(x + ox + 24, y + oy + h / 2 - 2, d.name, 17, p.text, `font-family="${SANS}" font-weight="700"`);
    text(x + ox + 24, y + oy + h / 2 + 16, `${d.file} · signs ${d.signs}`, 13, p.muted, `font-family="${MONO}"`);
  }
  for (const n of nodes.filter((x) => x.type === 'component')) {
    const d = n.data as ComponentNodeData;
    const { x, y } = at(n);
    const [w, h] = [n.width ?? 0, n.height ?? 0];
    out.push(
      `<rect x="${x + ox}" y="${y + oy}" width="${w}" height="${h}" rx="8" fill="${colour(p.node)}" stroke="${colour(p.text)}" stroke-width="2"${d.role === 'client' ? ' stroke-dasharray="6 4"' : ''}/>`,
    );
    const header = m.componentInset + m.headerHeight / 2;
    text(x + ox + 10, y + oy + header - 2, d.name, m.nameFont, p.text, `font-family="${SANS}" font-weight="700"`);
    text(x + ox + 10, y + oy + header + 14 * m.scale, d.role, 13 * m.scale, p.muted, `font-family="${SANS}"`);
    d.chips.forEach((chip, i) => {
      const cy = y + oy + chipCentre(m, i);
      const r = m.chipHeight / 2;
      out.push(
        `<rect x="${x + ox + 10}" y="${cy - r}" width="${w - 20}" height="${m.chipHeight}" rx="${r}" fill="${colour(p.node)}" stroke="${colour(chip.color)}" stroke-width="2"/>`,
        `<circle cx="${x + ox + 24}" cy="${cy}" r="5" fill="${colour(chip.color)}"/>`,
      );
      text(x + ox + 36, cy + m.chipFont * 0.35, chip.label, m.chipFont, p.text, `font-family="${MONO}"`);
    });
  }

  // Lines and their labels, where the canvas put them.
  for (const e of edges) {
    const d = e.data as TlsEdgeData | undefined;
    if (!d?.route) continue;
    const stroke = strokeOf(d, p);
    const path = d.route.points
      .map((pt, i) => `${i === 0 ? 'M' : 'L'}${(pt.x + ox).toFixed(1)},${(pt.y + oy).toFixed(1)}`)
      .join(' ');
    const dash =
      d.state === 'failing'
        ? ' stroke-dasharray="7 5"'
        : d.token
          ? ' stroke-dasharray="1 5" stroke-linecap="round"'
          : '';
    out.push(
      `<path d="${path}" fill="none" stroke="${stroke}" stroke-width="2.25"${dash} marker-end="url(#${markerOf.get(stroke)})"/>`,
    );
  }
  for (const e of edges) {
    const d = e.data as TlsEdgeData | undefined;
    if (!d || d.dimmed) continue;
    // As on screen: every label when zoomed in, else the selection's; a troubled line's badge otherwise.
    const shown = (d.emphasized ? d.labelFocus : null) ?? d.labelAll;
    const spot = shown?.at ?? (d.state !== 'ok' ? d.badge : null);
    if (!spot) continue;
    const content = shown
      ? `${d.state === 'failing' ? '✕ ' : d.state === 'warning' ? '! ' : ''}${shown.text}`
      : d.state === 'failing'
        ? '✕'
        : '!';
    if (shown?.leader)
      out.push(
        `<line x1="${(spot.x + ox).toFixed(1)}" y1="${(spot.y + oy).toFixed(1)}" x2="${(shown.leader.x + ox).toFixed(1)}" y2="${(shown.leader.y + oy).toFixed(1)}" stroke="${strokeOf(d, p)}" stroke-width="1.5"/>`,
      );
    const w = content.length * 12.5 * 0.61 + 14;
    out.push(
      `<rect x="${(spot.x + ox - w / 2).toFixed(1)}" y="${(spot.y + oy - 11).toFixed(1)}" width="${w.toFixed(1)}" height="22" rx="6" fill="${colour(p.labelBg)}" stroke="${strokeOf(d, p)}" stroke-width="1.5"/>`,
    );
    text(spot.x + ox, spot.y + oy + 4.5, content, 12.5, p.text, `font-family="${MONO}" text-anchor="middle"`);
  }

  const svg = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<rect width="100%" height="100%" fill="${colour(p.bg)}"/>`,
    ...out,
    '</svg>',
  ].join('\n');
  return { svg, width, height };
}

function strokeOf(d: TlsEdgeData | undefined, p: Palette): string {
  if (!d) return colour(p.muted);
  return colour(
    d.state === 'failing'
      ? p.failing
      : d.state === 'warning'
        ? p.warning
        : d.color.startsWith('var(')
          ? p.muted
          : d.color,
  );
}
