import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where each hostile-input suite leaves its counts for the closing summary (src/testing/hostileSummary.ts). */
    hostileTallyDir: string;
  }
}

/** A hostile case takes longer than this only if it froze the page. */
export const FREEZE_MS = 2_000;

export interface Tally {
  cases: number;
  crashes: number;
  freezes: number;
  lostDesigns: number;
  /** What went wrong, one line a case, for the assertion's message. */
  failures: string[];
}

export const emptyTally = (): Tally => ({ cases: 0, crashes: 0, freezes: 0, lostDesigns: 0, failures: [] });

/**
 * Runs one hostile case: `check` returns whether the person's design was kept (and any message
 * was clear); a throw is a crash, a run over FREEZE_MS a freeze.
 */
export async function hostileCase(tally: Tally, name: string, check: () => boolean | Promise<boolean>): Promise<void> {
  tally.cases++;
  const started = performance.now();
  try {
    if (!(await check())) {
      tally.lostDesigns++;
      tally.failures.push(`${name}: design lost or no clear message`);
    }
  } catch (error) {
    tally.crashes++;
    tally.failures.push(`${name}: ${error instanceof Error ? error.message : String(error)}`.slice(0, 300));
  }
  const took = performance.now() - started;
  if (took > FREEZE_MS) {
    tally.freezes++;
    tally.failures.push(`${name}: took ${Math.round(took)} ms`);
  }
}

/** Leaves a suite's counts for the summary printed at the end of the unit tests. */
export function recordTally(suite: string, tally: Tally): void {
  const dir = inject('hostileTallyDir');
  if (dir) writeFileSync(join(dir, `${suite}.json`), JSON.stringify(tally));
}
