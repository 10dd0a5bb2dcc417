// The gate names the field it refuses: one refused value at a time in each field of the small
// design, and designProblem must name that field (not another, not none). A gate that skipped a
// field, or reported it under another name, would let a crafted file or link carry the value in,
// or send the person to the wrong field.
import { describe, expect, test } from 'vitest';
import { NUMBER_FIELDS, ODD_NUMBERS, smallDesign, TEXT_FIELDS } from '../testing/hostileDesigns';
import { designProblem } from './designRules';
import type { Design } from './design';

/** A value each text field refuses: a control character, and nothing at all (which only the optional endpoint takes). */
const REFUSED_TEXT = ['bell\u0007here', ''];
const OPTIONAL = new Set(['control-plane endpoint']);

function refusalOf(edit: () => Design): ReturnType<typeof designProblem> | 'not made' {
  let design: Design;
  try {
    design = edit();
  } catch {
    return 'not made'; // the edit itself refuses the value: no design can carry it
  }
  return designProblem(design);
}

describe('designProblem names the field of a refused value', () => {
  test('the small design itself passes', () => {
    expect(designProblem(smallDesign())).toBeNull();
  });

  test.each(
    TEXT_FIELDS.flatMap((f) => REFUSED_TEXT.map((value) => [f.field, JSON.stringify(value), f, value] as const)),
  )('%s = %s', (_, __, field, value) => {
    const problem = refusalOf(() => field.edit(smallDesign(), value));
    if (problem === 'not made') return;
    if (value === '' && OPTIONAL.has(field.field)) return expect(problem).toBeNull();
    expect(problem, 'refused').not.toBeNull();
    expect(problem!.field).toMatch(field.names);
    expect(problem!.error.trim()).not.toBe('');
  });

  const refusedNumbers = NUMBER_FIELDS.flatMap((f) =>
    ODD_NUMBERS.map((value) => ({ f, value, problem: refusalOf(() => f.edit(smallDesign(), value)) })),
  ).filter((c) => c.problem !== 'not made' && c.problem !== null);

  test('every number field refuses some odd number', () => {
    expect(new Set(refusedNumbers.map((c) => c.f.field))).toEqual(new Set(NUMBER_FIELDS.map((f) => f.field)));
  });

  test.each(refusedNumbers.map((c) => [c.f.field, c.value, c] as const))('%s = %d', (_, __, c) => {
    const problem = c.problem as NonNullable<ReturnType<typeof designProblem>>;
    expect(problem.field).toMatch(c.f.names);
    expect(problem.error.trim()).not.toBe('');
  });
});
