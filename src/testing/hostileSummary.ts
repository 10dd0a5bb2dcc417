// Vitest global setup: gives each hostile-input suite a folder for its counts and, when every
// test file has run, prints one line that adds them up, so `npm test` shows the suite's result.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import type { Tally } from './hostileTally';

export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'hostile-tally-'));
  project.provide('hostileTallyDir', dir);
  return () => {
    const suites = readdirSync(dir).map((f) => ({
      name: f.replace(/\.json$/, ''),
      tally: JSON.parse(readFileSync(join(dir, f), 'utf8')) as Tally,
    }));
    rmSync(dir, { recursive: true, force: true });
    if (suites.length === 0) return;
    const sum = (key: 'cases' | 'crashes' | 'freezes' | 'lostDesigns') => suites.reduce((n, s) => n + s.tally[key], 0);
    const parts = suites.map((s) => `${s.name} ${s.tally.cases}`).join(', ');
    console.log(
      `\nHostile-input suite: ${sum('cases')} cases (${parts}); ${sum('crashes')} crashes, ${sum('freezes')} freezes, ${sum('lostDesigns')} lost designs\n`,
    );
  };
}
