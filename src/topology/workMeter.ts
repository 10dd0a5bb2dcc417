/**
 * Work done on untrusted input (a share link, a design file, stored state, an import), counted
 * where it is done. The hostile-input tests bound it per case against the work of the largest
 * input the app accepts: a freeze shows as work past that budget, the same on every machine,
 * where a clock would say more about the machine's load than about the code.
 */
export interface Work {
  /** Bytes that came out of an inflater (a link's deflated design, a zip's entries). */
  bytesInflated: number;
  /** Characters handed to a parser (JSON, YAML). */
  charsParsed: number;
  /** Values a gate judged, certificates decoded, keys compared, YAML marks parsed. */
  itemsVisited: number;
}

export const work: Work = { bytesInflated: 0, charsParsed: 0, itemsVisited: 0 };

/** Starts a count afresh and returns the counter. */
export function resetWork(): Work {
  work.bytesInflated = 0;
  work.charsParsed = 0;
  work.itemsVisited = 0;
  return work;
}
