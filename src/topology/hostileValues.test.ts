// The hostile corpus as data (src/testing/hostile-values.json): each value an attacker would put
// in a shared design, with the verdict the gate must give it in each field, written from the
// threat rather than generated from the rules under test. Loosening a rule (allowing `..` in a
// path, a bidi override in a name) turns a "refused" case into an accepted one and fails here;
// the corpus's size is asserted, so it cannot shrink unnoticed.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { smallDesign, TEXT_FIELDS } from '../testing/hostileDesigns';
import { sameDesign, type Design } from './design';
import { designProblem } from './designRules';
import { designFileText, parseDesignFile } from './designSchema';

type Verdict = 'refused' | 'accepted';
type Value = string | { readonly repeat: string; readonly times: number; readonly then?: string };

// Read as JSON by JSON.parse itself: the bundler's JSON import chokes on the lone surrogates the corpus holds.
const corpus = JSON.parse(readFileSync(new URL('../testing/hostile-values.json', import.meta.url), 'utf8')) as {
  version: number;
  groups: Record<string, string[]>;
  cases: Array<{ threat: string; value: Value; verdicts: Record<string, Verdict> }>;
};

const valueOf = (v: Value): string => (typeof v === 'string' ? v : v.repeat.repeat(v.times) + (v.then ?? ''));
const fields = new Map(TEXT_FIELDS.map((f) => [f.field, f]));

/** What the gate does with one value in one field: refused (naming the field), or accepted and carried literally. */
function verdictOf(field: string, value: string): { verdict: Verdict; why: string } {
  const { edit, names } = fields.get(field)!;
  let design: Design;
  try {
    design = edit(smallDesign(), value);
  } catch (error) {
    return { verdict: 'refused', why: `the edit refuses it: ${(error as Error).message}` };
  }
  const problem = designProblem(design);
  if (problem) {
    const message = `${problem.field}: ${problem.error}`;
    // A refusal that does not name the field is no refusal a person can act on.
    return names.test(message)
      ? { verdict: 'refused', why: message }
      : { verdict: 'accepted', why: `refused without naming ${field}: ${message}` };
  }
  const reopened = parseDesignFile(designFileText(design));
  if (!reopened.ok || !sameDesign(reopened.design, design))
    return { verdict: 'refused', why: 'accepted, but a saved file does not carry it back' };
  if (!JSON.stringify(reopened.design).includes(JSON.stringify(value).slice(1, -1)))
    return { verdict: 'refused', why: 'accepted, but not literally' };
  return { verdict: 'accepted', why: 'carried literally' };
}

describe('the hostile corpus, version 1', () => {
  const { groups, cases } = corpus;

  test('holds 136 values judged in 1,641 fields, every group naming fields the design has', () => {
    expect(corpus.version).toBe(1);
    expect(cases).toHaveLength(136);
    expect(cases.reduce((n, c) => n + Object.keys(c.verdicts).reduce((m, g) => m + groups[g]!.length, 0), 0)).toBe(
      1_641,
    );
    for (const names of Object.values(groups)) for (const field of names) expect(fields.has(field), field).toBe(true);
    // Both verdicts occur in every group: a group only ever refused or accepted would prove little.
    for (const group of Object.keys(groups)) {
      const seen = new Set(cases.flatMap((c) => (c.verdicts[group] ? [c.verdicts[group]] : [])));
      expect([...seen].sort(), group).toEqual(['accepted', 'refused']);
    }
  });

  test('every value gets its verdict in every field of its groups', () => {
    const wrong: string[] = [];
    for (const c of cases) {
      const value = valueOf(c.value);
      for (const [group, expected] of Object.entries(c.verdicts)) {
        for (const field of groups[group]!) {
          const { verdict, why } = verdictOf(field, value);
          if (verdict !== expected)
            wrong.push(
              `${c.threat}: ${field} = ${JSON.stringify(value.slice(0, 60))} should be ${expected}, is ${verdict} (${why.slice(0, 200)})`,
            );
        }
      }
    }
    expect(wrong).toEqual([]);
  });
});
