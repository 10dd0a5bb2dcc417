import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import { resetWork, type Work } from '../topology/workMeter';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where each hostile-input suite leaves its counts for the closing summary (src/testing/hostileSummary.ts). */
    hostileTallyDir: string;
  }
}

export interface Tally {
  cases: number;
  crashes: number;
  freezes: number;
  lostDesigns: number;
  /** What went wrong, one line a case, for the assertion's message. */
  failures: string[];
}

export const emptyTally = (): Tally => ({ cases: 0, crashes: 0, freezes: 0, lostDesigns: 0, failures: [] });

/** The work (src/topology/workMeter.ts) that one case may cost at most: the cost of the largest input the app accepts. */
export type WorkBudget = Readonly<Work>;

/** The counts of `used` beyond `budget`, as "bytesInflated 200000000 > 8000000", or [] within it. */
export function overBudget(used: Readonly<Work>, budget: WorkBudget): string[] {
  return (Object.keys(budget) as Array<keyof Work>)
    .filter((k) => used[k] > budget[k])
    .map((k) => `${k} ${used[k]} > ${budget[k]}`);
}

/**
 * Runs one hostile case: `check` returns whether the person's design was kept (and any message
 * was clear); a throw is a crash, work past `budget` a freeze (counted, not timed, so the verdict
 * is the same on an idle machine and a busy one).
 */
export async function hostileCase(
  tally: Tally,
  name: string,
  budget: WorkBudget,
  check: () => boolean | Promise<boolean>,
): Promise<void> {
  tally.cases++;
  const used = resetWork();
  try {
    if (!(await check())) {
      tally.lostDesigns++;
      tally.failures.push(`${name}: design lost or no clear message`);
    }
  } catch (error) {
    tally.crashes++;
    tally.failures.push(`${name}: ${error instanceof Error ? error.message : String(error)}`.slice(0, 300));
  }
  const over = overBudget(used, budget);
  if (over.length > 0) {
    tally.freezes++;
    tally.failures.push(`${name}: work past the budget (${over.join(', ')})`);
  }
}

/** Leaves a suite's counts for the summary printed at the end of the unit tests. */
export function recordTally(suite: string, tally: Tally): void {
  const dir = inject('hostileTallyDir');
  if (dir) writeFileSync(join(dir, `${suite}.json`), JSON.stringify(tally));
}
