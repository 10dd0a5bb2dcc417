/**
 * How far past the fitted view Large type zooms. Large type raises the canvas's type by its scale
 * (sizes.ts), and the layout grows with the type by at most that scale (gaps stay), so the fitted
 * zoom falls by at most the scale too: past the fit by this factor, every text on the canvas is on
 * screen at least this much larger than without Large type, with the side panel open or not. The
 * drawing may then not all fit: the minimap shows where the view is, and the view can be panned.
 */
const LARGE_TYPE_ZOOM = 1.25;

/** The fitted view zoomed for Large type about the canvas's top left corner: the drawing starts where it did and runs on right and down. */
export function largeTypeView(fitted: { x: number; y: number; zoom: number }): { x: number; y: number; zoom: number } {
  return { x: fitted.x * LARGE_TYPE_ZOOM, y: fitted.y * LARGE_TYPE_ZOOM, zoom: fitted.zoom * LARGE_TYPE_ZOOM };
}
