import { createContext } from 'react';

/** The stacks the person opened (by their first host), and how a host's button opens or closes one. */
export const StackControls = createContext<{ readonly expanded: ReadonlySet<string>; toggle(hostId: string): void }>({
  expanded: new Set(),
  toggle: () => {},
});
