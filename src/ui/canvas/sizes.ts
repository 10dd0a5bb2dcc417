
/**
 * Every size the layout needs before React has measured anything, as a function of the type
 * scale (Large type enlarges the canvas's type; gaps stay, so the fitted view gains). The same
 * numbers reach the CSS as custom properties (canvasStyle), so chips sit where lines end.
 */
export interface CanvasMetrics {
  readonly scale: number;
  /** The width a component needs for its name and its longest chip. */
  componentWidth(name: string, chipLabels: readonly string[]): number;
  /** Border and padding above a component's header. */
  readonly componentInset: number;
  readonly headerHeight: number;
  readonly chipHeight: number;
  readonly chipGap: number;
  readonly chipsTop: number;
  readonly chipFont: number;
  readonly nameFont: number;
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
/** An average bold sans-serif glyph, for component names. */
const SANS_BOLD_ADVANCE = 0.65;

export function canvasMetrics(largeType: boolean): CanvasMetrics {
  const scale = largeType ? 1.3 : 1;
  const chipFont = 14.5 * scale;
  const nameFont = 17 * scale;
  const chipHeight = Math.round(chipFont + 13);
  return {
    scale,
    // Chip: border, padding, dot and gap around the label; the component adds its border and padding (24).
    componentWidth: (name, chipLabels) => {
      const chip = 38 + Math.max(0, ...chipLabels.map((l) => l.length)) * chipFont * MONO_ADVANCE;
      const title = name.length * nameFont * SANS_BOLD_ADVANCE;
      return Math.round(Math.min(480 * scale, Math.max(150 * scale, chip + 24, title + 24)));
    },
    componentInset: 10,
    headerHeight: Math.round(nameFont * 1.3 + 13 * scale * 1.35),
    chipHeight,
    chipGap: 4,
    chipsTop: 6,
    chipFont,
    nameFont,
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

/** The metrics as CSS custom properties for the canvas. */
export function canvasStyle(m: CanvasMetrics): Record<string, string> {
  return {
    '--chip-font': `${m.chipFont}px`, '--name-font': `${m.nameFont}px`, '--chip-height': `${m.chipHeight}px`,
    '--chip-gap': `${m.chipGap}px`, '--chips-top': `${m.chipsTop}px`, '--header-height': `${m.headerHeight}px`,
    '--canvas-scale': String(m.scale),
  };
}
