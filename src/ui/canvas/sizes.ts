import type { Component, Topology } from '../../topology/model';

/** Fixed node sizes: the layout needs them before React has measured anything. */
export const COMPONENT_WIDTH = 250;
const COMPONENT_HEADER = 58;
const CHIP_ROW = 30;
export const CA_WIDTH = 230;
export const CA_HEIGHT = 78;
export const HOST_PADDING = { top: 52, side: 18, bottom: 18 };

export function componentHeight(topology: Topology, component: Component): number {
  const chips = topology.credentials.filter((c) => c.ownerId === component.id).length;
  return COMPONENT_HEADER + chips * CHIP_ROW + (chips > 0 ? 8 : 0);
}

