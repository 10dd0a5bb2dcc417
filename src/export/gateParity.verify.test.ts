// Parity between the gate and generation (issue 18): every value the gate (designProblem, which
// the inspector, links, files, stored state and the command line all pass through) accepts must
// generate, and whatever cannot generate the gate refuses with the field named. Each field of
// the hostile corpus, the names spelled like the script's own marks, and pools at the top of the
// IPv4 space go through real generation: keys, certificates, the bundle's files (make-certs.sh,
// kubeconfigs, README, manifests) and the zip, in both layouts.
import { describe, expect, test } from 'vitest';
import { topologyOf, type Design } from '../topology/design';
import { designProblem } from '../topology/designRules';
import { updateParams } from '../topology/edits';
import { expandDesign } from '../topology/pools';
import { ODD_TEXT, shellPayloads } from '../testing/hostileCorpus';
import {
  AT_THE_LIMITS,
  NUMBER_FIELDS,
  ODD_NUMBERS,
  smallDesign,
  TEXT_FIELDS,
  type FieldEdit,
} from '../testing/hostileDesigns';
import { buildBundleFiles } from './bundle';
import { bundlePlan } from './bundlePlan';
import { DEFAULT_BUNDLE_OPTIONS } from './layouts';
import { opensslScript } from './opensslScript';
import { bundleReadme } from './readme';
import { generatePki } from './generate';
import { zipBundle } from './zip';

/** Values spelled like the marks make-certs.sh once split its kubeconfigs at. */
const MARK_LIKE = [
  '@@K8S_TLS_KEY_DATA@@',
  '@@K8S_TLS_CA_DATA@@',
  '@@K8S_TLS_CERT_DATA@@',
  '@@K8S_TLS_KEY_DATA_0@@',
  '"@@K8S_TLS_CA_DATA_0@@"',
  'a@@K8S_TLS_CERT_DATA_1@@b',
];
const VALUES = [...shellPayloads('/tmp/parity-marker'), ...ODD_TEXT, ...MARK_LIKE];

/** The generation every way out of the app runs: keys and certificates, then every file of both layouts, zipped. */
async function generate(design: Design): Promise<number> {
  const topology = topologyOf(expandDesign(design));
  const pki = await generatePki(topology);
  let files = 0;
  for (const layout of ['design', 'per-host'] as const) {
    const bundle = buildBundleFiles(topology, pki, { layout, externalCa: false }, design);
    expect(zipBundle(bundle, topology.clusterName).length).toBeGreaterThan(0);
    files += bundle.length;
  }
  return files;
}

interface Verdicts {
  accepted: string[];
  refused: string[];
}

const fails = (name: string) => (error: unknown) => {
  throw new Error(
    `${name}: the gate accepts it, but it does not generate: ${error instanceof Error ? error.message : String(error)}`,
  );
};

/** The gate's verdict on one design: true when it accepts it; a refusal must name the field. */
function accepts(name: string, design: Design, verdicts: Verdicts, names?: RegExp): boolean {
  const problem = designProblem(design);
  if (problem) {
    expect(problem.field, name).not.toBe('');
    if (names) expect(`${problem.field}: ${problem.error}`, name).toMatch(names);
    verdicts.refused.push(name);
    return false;
  }
  verdicts.accepted.push(name);
  return true;
}

/** Judges a design and generates it when the gate accepts it. */
async function judge(name: string, design: Design, verdicts: Verdicts, names?: RegExp): Promise<void> {
  if (accepts(name, design, verdicts, names))
    expect(await generate(design).catch(fails(name)), name).toBeGreaterThan(0);
}

/** A field's edit applied to a design, or null when the edit cannot carry the value (no such node). */
function edited(field: FieldEdit, design: Design, value: string): Design | null {
  try {
    return field.edit(design, value);
  } catch {
    return null;
  }
}

describe('whatever the gate accepts generates', () => {
  test('every text field set to every hostile value, and to the values at its limits', async () => {
    const verdicts: Verdicts = { accepted: [], refused: [] };
    const cases = [
      ...VALUES.map((value) => ({ value, fields: TEXT_FIELDS })),
      ...TEXT_FIELDS.flatMap((field) =>
        (AT_THE_LIMITS[field.field] ?? []).map((value) => ({ value, fields: [field] })),
      ),
    ];
    for (const { value, fields } of cases) {
      const taking = fields.filter((f) => {
        const design = edited(f, smallDesign(), value);
        return (
          design !== null && accepts(`${f.field}=${JSON.stringify(value.slice(0, 40))}`, design, verdicts, f.names)
        );
      });
      // One design carries the value in every field that takes it alone, and is generated once; where
      // the fields clash together (one file name for a certificate and its key), each is generated alone.
      const together = taking.reduce<Design | null>((d, f) => d && edited(f, d, value), smallDesign());
      const name = `${JSON.stringify(value.slice(0, 40))} in ${taking.map((f) => f.field).join(', ')}`;
      if (together && designProblem(together) === null) await generate(together).catch(fails(name));
      else
        for (const f of taking)
          await generate(edited(f, smallDesign(), value)!).catch(
            fails(`${f.field}=${JSON.stringify(value.slice(0, 40))}`),
          );
    }
    // The values spelled like marks are names the kubeconfig fields take, and they generate.
    for (const field of ['kubeconfig user', 'kubeconfig cluster', 'kubeconfig context']) {
      for (const mark of MARK_LIKE) expect(verdicts.accepted).toContain(`${field}=${JSON.stringify(mark)}`);
    }
    expect(verdicts.accepted.length).toBeGreaterThan(300);
    expect(verdicts.refused.length).toBeGreaterThan(300);
  });

  test('every number field set to every odd number', async () => {
    const verdicts: Verdicts = { accepted: [], refused: [] };
    for (const { field, names, edit } of NUMBER_FIELDS) {
      // A pool's members are made one by one: pools of thousands are judged by the next test.
      for (const value of ODD_NUMBERS.filter((v) => field !== 'pool size' || v <= 100)) {
        await judge(`${field}=${value}`, edit(smallDesign(), value), verdicts, names);
      }
    }
    expect(verdicts.accepted.length).toBeGreaterThan(10);
  });

  test('a pool of 36,500 members, which the gate accepts, lays out make-certs.sh and the README', () => {
    // Keys for 73,000 certificates would take minutes; the files whose size grows with the pool are
    // the ones that outgrew a call's arguments (lines spread into push), so those are written here.
    const design = updateParams({ workers: [{ name: 'pool', ip: '10.0.0.1', count: 36_500 }] })(smallDesign());
    expect(designProblem(design)).toBeNull();
    const topology = topologyOf(expandDesign(design));
    const plan = bundlePlan(topology, DEFAULT_BUNDLE_OPTIONS);
    const script = opensslScript(topology, DEFAULT_BUNDLE_OPTIONS, plan);
    expect(script.split('\nput ').length - 1).toBe(plan.files.length);
    expect(
      bundleReadme(topology, plan, DEFAULT_BUNDLE_OPTIONS, { kept: new Set(), extra: ['make-certs.sh'] }),
    ).toContain('pool-36500');
  });

  test('a pool at the top of the IPv4 space: refused, naming the pool, when its members would run past 255.255.255.255', async () => {
    const verdicts: Verdicts = { accepted: [], refused: [] };
    const pool = (ip: string, count: number) => updateParams({ workers: [{ name: 'pool', ip, count }] })(smallDesign());
    for (const [ip, count] of [
      ['255.255.255.250', 6],
      ['255.255.255.250', 7],
      ['255.255.255.250', 100],
      ['255.255.255.255', 1],
      ['255.255.255.255', 2],
      ['0.0.0.0', 3],
    ] as const) {
      await judge(
        `${ip} x${count}`,
        pool(ip, count),
        verdicts,
        /Node pool, Nodes in this pool: .*run past 255\.255\.255\.255/,
      );
    }
    expect(verdicts.accepted).toEqual(['255.255.255.250 x6', '255.255.255.255 x1', '0.0.0.0 x3']);
    expect(verdicts.refused).toEqual(['255.255.255.250 x7', '255.255.255.250 x100', '255.255.255.255 x2']);
  });
});
