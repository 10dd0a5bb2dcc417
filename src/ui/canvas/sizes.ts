import { LABEL_FONT } from './labels';

/**
 * Every size the layout needs before React has measured anything, as a function of the type
 * scale (Large type enlarges the canvas's type; gaps stay, so the fitted view gains). The same
 * numbers reach the CSS as custom properties (canvasStyle), so chips sit where lines end.
 */
export interface CanvasMetrics {
  readonly scale: number;
  /** The width a component needs for its name, its subtitle and its longest chip. */
  componentWidth(name: string, chipLabels: readonly string[], subtitle?: string): number;
  /** Border and padding above a component's header. */
  readonly componentInset: number;
  readonly headerHeight: number;
  readonly chipHeight: number;
  readonly chipGap: number;
  readonly chipsTop: number;
  readonly chipFont: number;
  readonly nameFont: number;
  /** Host names. */
  readonly titleFont: number;
  /** The smallest canvas text: roles, host and CA subtitles. */
  readonly smallFont: number;
  readonly caWidth: number;
  readonly caHeight: number;
  readonly hostPadding: { readonly top: number; readonly side: number; readonly bottom: number };
  /** Vertical space between components stacked in a host. */
  readonly stackGap: number;
  /** Distance between the parallel lines of connections inside a host. */
  readonly track: number;
}

/** A monospace glyph is 0.6 em wide (DejaVu Sans Mono, Menlo); chip labels are monospace. */
const MONO_ADVANCE = 0.61;
/** An average sans-serif glyph, for subtitles. */
const SANS_ADVANCE = 0.56;
/** An average bold sans-serif glyph, for component names. */
const SANS_BOLD_ADVANCE = 0.65;

export function canvasMetrics(largeType: boolean): CanvasMetrics {
  const scale = largeType ? 1.3 : 1;
  const chipFont = 14.5 * scale;
  const nameFont = 15 * scale;
  const chipHeight = Math.round(chipFont + 13);
  return {
    scale,
    // Chip: border, padding, dot and gap around the label; the component adds its border and padding (24).
    componentWidth: (name, chipLabels, subtitle = '') => {
      const chip = 38 + Math.max(0, ...chipLabels.map((l) => l.length)) * chipFont * MONO_ADVANCE;
      const title = name.length * nameFont * SANS_BOLD_ADVANCE;
      // The role line ("◈ server and client · 3 certs"), in the small font and an icon's room.
      const sub = subtitle.length * 14 * scale * SANS_ADVANCE + 8;
      return Math.round(Math.min(480 * scale, Math.max(150 * scale, chip + 24, title + 24, sub + 24)));
    },
    componentInset: 10,
    headerHeight: Math.round(nameFont * 1.3 + 14 * scale * 1.35),
    chipHeight,
    chipGap: 4,
    chipsTop: 6,
    chipFont,
    nameFont,
    titleFont: 18 * scale,
    smallFont: 14 * scale,
    caWidth: Math.round(230 * scale),
    caHeight: Math.round(70 * scale),
    hostPadding: { top: Math.round(50 * scale), side: 10, bottom: 12 },
    stackGap: 10,
    track: 7,
  };
}

export function componentHeight(m: CanvasMetrics, chips: number): number {
  const chipsHeight = chips > 0 ? m.chipsTop + chips * (m.chipHeight + m.chipGap) - m.chipGap : 0;
  return m.componentInset * 2 + m.headerHeight + chipsHeight;
}

/** The y of a chip's centre, from the top of its component. */
export function chipCentre(m: CanvasMetrics, index: number): number {
  return m.componentInset + m.headerHeight + m.chipsTop + index * (m.chipHeight + m.chipGap) + m.chipHeight / 2;
}

/** Where a line without a chip (a token client, a self-signed server) meets the component: its header. */
export function headerCentre(m: CanvasMetrics): number {
  return m.componentInset + m.headerHeight / 2;
}

/**
 * Every kind of text the canvas draws and its size in layout units: what the fitted zoom must
 * keep legible. The CSS takes each from canvasStyle, so this list is what the page shows.
 */
export function canvasFonts(m: CanvasMetrics): Record<string, number> {
  return {
    'host name': m.titleFont,
    'host subtitle': m.smallFont,
    'component name': m.nameFont,
    'component role': m.smallFont,
    chip: m.chipFont,
    'CA name': m.nameFont,
    'CA file': m.smallFont,
    'connection label': LABEL_FONT,
  };
}

/** The metrics as CSS custom properties for the canvas. */
export function canvasStyle(m: CanvasMetrics): Record<string, string> {
  return {
    '--title-font': `${m.titleFont}px`,
    '--small-font': `${m.smallFont}px`,
    '--label-font': `${LABEL_FONT}px`,
    '--chip-font': `${m.chipFont}px`,
    '--name-font': `${m.nameFont}px`,
    '--chip-height': `${m.chipHeight}px`,
    '--chip-gap': `${m.chipGap}px`,
    '--chips-top': `${m.chipsTop}px`,
    '--header-height': `${m.headerHeight}px`,
    '--canvas-scale': String(m.scale),
  };
}

export type ComponentRole = 'server' | 'client' | 'server and client';

export function roleOf(serves: boolean, dials: boolean): ComponentRole {
  if (serves && dials) return 'server and client';
  return serves ? 'server' : 'client';
}

/** A component's role line: what it does, and how many certificates it holds when its chips are not drawn. */
export function roleLine(role: ComponentRole, hiddenChips: number): string {
  return `${role}${hiddenChips > 0 ? ` · ${hiddenChips} cert${hiddenChips > 1 ? 's' : ''}` : ''}`;
}
