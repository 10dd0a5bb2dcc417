/**
 * How far past the fitted view Large type zooms. Large type raises the canvas's type by its scale
 * (sizes.ts), and the layout grows with the type by at most that scale (gaps stay), so the fitted
 * zoom falls by at most the scale too: past the fit by this factor, every text on the canvas is on
 * screen at least this much larger than without Large type, with the side panel open or not. The
 * drawing may then not all fit: the minimap shows where the view is, and the view can be panned.
 */
export const LARGE_TYPE_ZOOM = 1.25;
