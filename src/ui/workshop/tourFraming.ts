import type { Box } from '../canvas/layout';

export interface Size {
  readonly width: number;
  readonly height: number;
}

/** Where the tour's card stands in the canvas: top right or bottom right. */
export type CardPlace = 'top' | 'bottom';

export interface Framing {
  readonly viewport: { readonly x: number; readonly y: number; readonly zoom: number };
  readonly card: CardPlace;
  /** The card's box on the canvas, in screen pixels from the canvas's top left. */
  readonly cardBox: Box;
  /** The free part of the canvas the target is framed in. */
  readonly free: Box;
  /** False when even at the smallest readable zoom the target is larger than the free part. */
  readonly fits: boolean;
}

/** The card's distance from the canvas's right edge and from its top or bottom (styles.css, .tour-panel). */
export const CARD_MARGIN = { side: 16, end: 12 } as const;
/** Room kept between the card and what it points at, and along the canvas's edges. */
const GAP = 16;
/** The zoom buttons stand at the canvas's bottom left: nothing is framed under them. */
const CONTROLS_WIDTH = 48;

export function cardBox(canvas: Size, card: Size, place: CardPlace): Box {
  const x = canvas.width - CARD_MARGIN.side - card.width;
  const y = place === 'top' ? CARD_MARGIN.end : canvas.height - CARD_MARGIN.end - card.height;
  return { x, y, width: card.width, height: card.height };
}

/** The free parts of the canvas with the card at `place`: beside it (full height) and above or below it (full width). */
function freeParts(canvas: Size, card: Box, place: CardPlace): Box[] {
  const left = CONTROLS_WIDTH;
  const beside = { x: left, y: GAP, width: card.x - GAP - left, height: canvas.height - 2 * GAP };
  const across =
    place === 'top'
      ? {
          x: left,
          y: card.y + card.height + GAP,
          width: canvas.width - left - GAP,
          height: canvas.height - card.y - card.height - 2 * GAP,
        }
      : { x: left, y: GAP, width: canvas.width - left - GAP, height: card.y - 2 * GAP };
  return [beside, across].filter((b) => b.width > 0 && b.height > 0);
}

/**
 * The view for one tour step: the target (in canvas units) as large as it fits in a part of the
 * canvas the card leaves free, no smaller than `minZoom` (its text readable) and no larger than
 * `maxZoom`. Of the card's two places and the free parts beside and across each, the one that shows
 * the target largest wins; the card stays on top when that is as good.
 */
export function frameTarget(target: Box, canvas: Size, card: Size, zoom: { min: number; max: number }): Framing {
  let best: { place: CardPlace; card: Box; free: Box; zoom: number } | null = null;
  for (const place of ['top', 'bottom'] as const) {
    const box = cardBox(canvas, card, place);
    for (const free of freeParts(canvas, box, place)) {
      const fit = Math.min(free.width / target.width, free.height / target.height);
      if (!best || fit > best.zoom + 1e-9) best = { place, card: box, free, zoom: fit };
    }
  }
  if (!best) {
    // A canvas smaller than the card: nothing is free, show the target as large as readable at the centre.
    const z = Math.max(zoom.min, Math.min(zoom.max, 1));
    return {
      viewport: {
        x: canvas.width / 2 - (target.x + target.width / 2) * z,
        y: canvas.height / 2 - (target.y + target.height / 2) * z,
        zoom: z,
      },
      card: 'top',
      cardBox: cardBox(canvas, card, 'top'),
      free: { x: 0, y: 0, width: canvas.width, height: canvas.height },
      fits: false,
    };
  }
  const fits = best.zoom >= zoom.min;
  const z = Math.max(zoom.min, Math.min(zoom.max, best.zoom));
  const { free } = best;
  // Centred in the free part; a target too large for it keeps its top left corner in view.
  const x = fits || target.width * z <= free.width ? free.x + (free.width - target.width * z) / 2 : free.x;
  const y = fits || target.height * z <= free.height ? free.y + (free.height - target.height * z) / 2 : free.y;
  return {
    viewport: { x: x - target.x * z, y: y - target.y * z, zoom: z },
    card: best.place,
    cardBox: best.card,
    free,
    fits,
  };
}
