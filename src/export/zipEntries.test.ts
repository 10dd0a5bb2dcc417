// Zip-slip, the second line of defence: whatever a design says, every entry of every bundle is a
// plain relative path under the bundle's folder, and README.txt keeps one entry a line.
import { unzipSync } from 'fflate';
import { describe, expect, test } from 'vitest';
import { topologyOf, type Design } from '../topology/design';
import { parseDesign } from '../topology/designSchema';
import { checkRelativePath } from '../topology/fieldRules';
import type { Topology } from '../topology/model';
import { expandDesign } from '../topology/pools';
import { PRESET_DEFAULTS } from '../topology/presets';
import { PRESET_IDS } from '../topology/presetParams';
import { NO_EDITS } from '../topology/design';
import { shellPayloads } from '../testing/hostileCorpus';
import { smallDesign, TEXT_FIELDS } from '../testing/hostileDesigns';
import { buildBundleFiles } from './bundle';
import { generatePki } from './generate';
import { bundlePlan } from './bundlePlan';
import { DEFAULT_BUNDLE_OPTIONS, type BundleOptions } from './layouts';
import { bundleReadme } from './readme';
import { zipBundle } from './zip';

const LAYOUTS: BundleOptions[] = [
  { layout: 'design', externalCa: false },
  { layout: 'design', externalCa: true },
  { layout: 'per-host', externalCa: false },
  { layout: 'per-host', externalCa: true },
];

/** The bundle the app would download for a design, as zip entry names. */
async function entries(design: Design, options: BundleOptions): Promise<string[]> {
  const topology = topologyOf(expandDesign(design));
  const files = buildBundleFiles(topology, await generatePki(topology), options, design);
  return Object.keys(unzipSync(zipBundle(files, topology.clusterName)));
}

function expectChecked(names: readonly string[], root: string): void {
  expect(names.length).toBeGreaterThan(5);
  for (const name of names) {
    expect(name.startsWith(`${root}/`), name).toBe(true);
    expect(checkRelativePath(name), name).toBeNull();
  }
}

/** Every payload the field rules accept, carried in every field that accepts it: one design a payload. */
function acceptedHostileDesigns(): Design[] {
  const designs: Design[] = [];
  for (const payload of shellPayloads('/tmp/marker')) {
    let design = smallDesign();
    let carried = 0;
    for (const { edit } of TEXT_FIELDS) {
      try {
        const next = edit(design, payload);
        if (parseDesign(JSON.parse(JSON.stringify(next))).ok) {
          design = next;
          carried++;
        }
      } catch {
        // the field cannot hold it: leave it out
      }
    }
    if (carried > 0) designs.push(design);
  }
  return designs;
}

describe('every zip entry is a checked relative path', () => {
  test.each(PRESET_IDS.flatMap((id) => LAYOUTS.map((o) => [id, o.layout, o.externalCa, o] as const)))(
    '%s, layout %s, external CA %s',
    async (id, _, __, options) => {
      // Two control planes and a pool of three: the folders and names a real cluster has.
      const params = {
        ...PRESET_DEFAULTS[id],
        keyAlgorithm: 'ECDSA-P256' as const,
        workers: [...PRESET_DEFAULTS[id].workers, { name: 'pool', ip: '192.168.56.40', count: 3 }],
      };
      const design: Design = { presetId: id, params, edits: NO_EDITS };
      expectChecked(await entries(design, options), params.clusterName);
    },
  );

  test('for every accepted hostile value, in both layouts', async () => {
    const designs = acceptedHostileDesigns();
    expect(designs.length).toBeGreaterThan(30);
    for (const design of designs) {
      for (const options of [LAYOUTS[0]!, LAYOUTS[2]!])
        expectChecked(await entries(design, options), design.params.clusterName);
    }
  });

  test.each([
    '../evil.crt',
    '/etc/evil.crt',
    'a/../../evil.crt',
    'C:\\evil.crt',
    'a\\..\\evil',
    'ok/\u0000.crt',
    'a//b.crt',
    '-rf',
  ])('a bundle file at %j is refused before anything is zipped', (path) => {
    expect(() =>
      zipBundle(
        [
          { path: 'ca.crt', content: 'x', mode: 0o644 },
          { path, content: 'x', mode: 0o644 },
        ],
        'kubernetes',
      ),
    ).toThrow(/not written/);
  });
});

describe('README.txt under control characters', () => {
  test('a newline in any name is shown, never a new line of its own', () => {
    const clean = topologyOf(smallDesign());
    const hostile: Topology = {
      ...clean,
      cas: clean.cas.map((ca) => ({ ...ca, name: 'CA\nFAKE SECTION\r\n' })),
      credentials: clean.credentials.map((c) => ({
        ...c,
        purpose: `${c.purpose}\n\nFOLDERS AND FILES\n  /etc/shadow`,
        usedBy: ['x\u2028y'],
      })),
    };
    const readme = (t: Topology) =>
      bundleReadme(t, bundlePlan(t, DEFAULT_BUNDLE_OPTIONS), DEFAULT_BUNDLE_OPTIONS, { kept: new Set(), extra: [] });
    const lines = (t: Topology) => readme(t).split('\n');
    expect(lines(hostile)).toHaveLength(
      lines({ ...clean, credentials: clean.credentials.map((c) => ({ ...c, usedBy: ['xy'] })) }).length,
    );
    expect(lines(hostile).filter((l) => l === 'FOLDERS AND FILES')).toHaveLength(1);
    expect(readme(hostile)).toContain('CA\\u000AFAKE SECTION\\u000D\\u000A');
    expect(readme(hostile)).not.toMatch(/[\u2028\r]/);
  });
});
