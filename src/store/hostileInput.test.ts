// The hostile-input suite: every way a design enters the app (an inspector field, a share link,
// a design file, the browser's stored state) fed values an attacker would choose. For each case:
// no uncaught error, no freeze, a clear message, and the person's design kept. The counts go to
// the summary line `npm test` prints (src/testing/hostileSummary.ts). A refusal names the field.
import { deflateSync } from 'fflate';
import { afterAll, describe, expect, test } from 'vitest';
import { designFromFragment, designToFragment, LINK_LIMITS } from '../export/shareLink';
import { addCa, addWorker, updateParams } from '../topology/edits';
import { sameDesign, type Design } from '../topology/design';
import { MAX_DESIGN_FILE_BYTES, parseDesign, parseDesignFile, serializeDesign } from '../topology/designSchema';
import { ODD_TEXT, shellPayloads } from '../testing/hostileCorpus';
import {
  AT_THE_LIMITS,
  fieldDesigns,
  NUMBER_FIELDS,
  ODD_NUMBERS,
  smallDesign,
  TEXT_FIELDS,
} from '../testing/hostileDesigns';
import { emptyTally, hostileCase, recordTally, type Tally, type WorkBudget } from '../testing/hostileTally';
import { DESIGN_LIMITS, designProblem } from '../topology/designRules';
import { resetWork } from '../topology/workMeter';
import { createAppStore } from './createAppStore';
import { memoryStorage as memory, type SyncStorage } from './setAside';

const STORAGE_KEY = 'k8s-tls-designer';
const PAYLOADS = [...shellPayloads('/tmp/hostile-marker'), ...ODD_TEXT];

/** The person's own design, saved before the hostile input arrives. */
const mine = (): Design => addWorker(addCa(smallDesign()));
const start = (storage: SyncStorage, design = mine(), designFromUrl = false) =>
  createAppStore({ design, theme: 'light', storage, designFromUrl });
const same = sameDesign;

/** A session with `mine` saved in its storage, as a returning visitor has. */
function returningVisitor() {
  const storage = memory();
  start(storage)
    .getState()
    .apply(updateParams({ leafValidityDays: 300 }));
  const saved = start(storage).getState().design;
  return { storage, saved };
}

/** Designs that hold one refused value each, made around the gate as a crafted link or file would be. */
function hostileDesigns(): Array<{ name: string; design: Design; names: RegExp }> {
  const out: Array<{ name: string; design: Design; names: RegExp }> = [];
  for (const { field, names, value, design } of fieldDesigns(PAYLOADS)) {
    if (!parseDesign(JSON.parse(JSON.stringify(design))).ok)
      out.push({ name: `${field}=${JSON.stringify(value.slice(0, 40))}`, design, names });
  }
  for (const { field, names, edit } of NUMBER_FIELDS) {
    for (const value of ODD_NUMBERS) {
      const design = edit(smallDesign(), value);
      if (!parseDesign(JSON.parse(JSON.stringify(design))).ok) out.push({ name: `${field}=${value}`, design, names });
    }
  }
  // Sizes that used to freeze or kill the tab: thousands of nodes drawn one by one, a quarter of a million SANs.
  const workers = Array.from({ length: 8_000 }, (_, i) => ({
    name: `w${i}`,
    ip: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${(i & 255) + 1}`.replace(/\.256$/, '.1'),
  }));
  out.push({ name: '8,000 unpooled workers', design: updateParams({ workers })(smallDesign()), names: /Nodes/ });
  out.push({
    name: '250,000 extra SANs',
    design: updateParams({ extraSans: Array.from({ length: 250_000 }, (_, i) => `s${i}.example`) })(smallDesign()),
    names: /Extra apiserver SANs/,
  });
  out.push({
    name: 'a component on a host that does not exist',
    design: {
      ...smallDesign(),
      edits: {
        ...smallDesign().edits,
        components: [{ id: 'ghost', kind: 'custom-server', name: 'ghost', hostId: 'host:nowhere' }],
      },
    } as unknown as Design,
    names: /runs on/,
  });
  return out;
}

/** Link fragments that are not designs at all, or are too big to be one. */
function garbageFragments(): Array<{ name: string; fragment: string }> {
  const valid = designToFragment(mine());
  const b64 = (bytes: Uint8Array) => `#design=${Buffer.from(bytes).toString('base64url')}`;
  const deflated = (text: string) => b64(deflateSync(new TextEncoder().encode(text), { level: 9 }));
  return [
    ...Array.from({ length: 30 }, (_, i) => ({ name: `cut at ${i * 7}`, fragment: valid.slice(0, 8 + i * 7) })),
    { name: 'deflate bomb (200 MB of zeros)', fragment: b64(deflateSync(new Uint8Array(200_000_000), { level: 9 })) },
    { name: 'a 3 MB fragment', fragment: `#design=${'A'.repeat(3_000_000)}` },
    { name: 'not base64', fragment: '#design=%%%***' },
    { name: 'random bytes', fragment: b64(crypto.getRandomValues(new Uint8Array(4096))) },
    { name: 'JSON nested 100,000 deep', fragment: deflated(`${'['.repeat(100_000)}${']'.repeat(100_000)}`) },
    { name: 'JSON null', fragment: deflated('null') },
    {
      name: 'prototype keys',
      fragment: deflated(
        JSON.stringify(mine()).replace(
          '"credentials":{}',
          '"credentials":{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}',
        ),
      ),
    },
    { name: 'not UTF-8', fragment: b64(deflateSync(Uint8Array.from([0xff, 0xfe, 0xc3, 0x28, 0xa0, 0xa1]))) },
    {
      name: '100,000 workers listed',
      fragment: deflated(
        JSON.stringify(
          updateParams({ workers: Array.from({ length: 100_000 }, (_, i) => ({ name: `n${i}`, ip: '10.0.0.1' })) })(
            smallDesign(),
          ),
        ),
      ),
    },
  ];
}

/** Design file texts that are not designs. */
const GARBAGE_FILES: Array<{ name: string; text: string }> = [
  { name: 'empty', text: '' },
  { name: 'binary', text: '\u0000\u0001\u0002PK\u0003\u0004' },
  { name: 'JSON array', text: '[1,2,3]' },
  { name: 'a kubeconfig', text: 'apiVersion: v1\nkind: Config\n' },
  { name: 'a future version', text: JSON.stringify({ kind: 'k8s-tls-designer/design', version: 99, design: mine() }) },
  { name: 'right kind, no design', text: JSON.stringify({ kind: 'k8s-tls-designer/design', version: 1 }) },
  {
    name: 'deeply nested',
    text: `{"kind":"k8s-tls-designer/design","version":1,"design":${'['.repeat(50_000)}${']'.repeat(50_000)}}`,
  },
  { name: '10 MB of spaces', text: `${' '.repeat(10_000_000)}{}` },
];

/** The largest design the editor accepts: every node drawn one by one, long names, the apiserver's SANs (its own and the extra ones) near the limit. */
function largestDesign(): Design {
  const workers = Array.from({ length: DESIGN_LIMITS.drawnNodes - 1 }, (_, i) => ({
    name: `worker-${i}-${'n'.repeat(30)}`,
    ip: `10.0.1.${i + 1}`,
  }));
  const extraSans = Array.from(
    { length: DESIGN_LIMITS.sansPerCertificate - 10 },
    (_, i) => `san-${i}.${'s'.repeat(60)}.example`,
  );
  const design = updateParams({ workers, extraSans })(mine());
  const problem = designProblem(design);
  if (problem) throw new Error(`the largest design is refused: ${problem.field}: ${problem.error}`);
  return design;
}

/**
 * What one case may cost (src/topology/workMeter.ts): everything the field test does to the
 * largest design the editor accepts (apply, save, link, reload), and a link or stored text up to
 * the size limits. A hostile value that costs more is a freeze, whatever the machine's speed.
 */
function storeBudget(): WorkBudget {
  const storage = memory();
  const used = resetWork();
  const largest = largestDesign();
  const store = start(storage, smallDesign());
  const refused = store.getState().apply(() => largest);
  if (refused) throw new Error(`the store refuses the largest design: ${refused}`);
  const design = store.getState().design;
  parseDesignFile(serializeDesign(design));
  designFromFragment(designToFragment(design));
  start(storage, smallDesign());
  // The link is inflated 4 KiB of input at a time, and deflate expands at most ~1032:1: the
  // last step may pass the limit by that much before the inflater is stopped.
  return {
    bytesInflated: LINK_LIMITS.designBytes + 4096 * 1032,
    charsParsed: used.charsParsed + MAX_DESIGN_FILE_BYTES,
    itemsVisited: used.itemsVisited,
  };
}

describe('hostile input', () => {
  const budget = storeBudget();
  const tallies: Record<string, Tally> = {
    fields: emptyTally(),
    links: emptyTally(),
    files: emptyTally(),
    storage: emptyTally(),
  };
  const hostile = hostileDesigns();
  afterAll(() => Object.entries(tallies).forEach(([name, tally]) => recordTally(name, tally)));

  test('inspector fields: a refused value leaves the design as it was; an accepted one survives storage, a file and a link unchanged', async () => {
    const tally = tallies.fields!;
    const cases = [
      ...TEXT_FIELDS.flatMap(({ field, edit }) =>
        [...PAYLOADS, ...(AT_THE_LIMITS[field] ?? [])].map((v) => ({
          name: `${field}=${JSON.stringify(v.slice(0, 40))}`,
          edit: (d: Design) => edit(d, v),
          limit: AT_THE_LIMITS[field]?.includes(v) ?? false,
        })),
      ),
      ...NUMBER_FIELDS.flatMap(({ field, edit }) =>
        ODD_NUMBERS.map((v) => ({ name: `${field}=${v}`, edit: (d: Design) => edit(d, v), limit: false })),
      ),
    ];
    let accepted = 0;
    for (const c of cases) {
      await hostileCase(tally, c.name, budget, () => {
        const storage = memory();
        const store = start(storage);
        const before = store.getState().design;
        const refused = store.getState().apply(c.edit);
        if (c.limit && refused) throw new Error(`a value at the field's limit was refused: ${refused}`);
        if (refused !== null) return refused.trim().length > 0 && store.getState().design === before;
        accepted++;
        const design = store.getState().design;
        const file = parseDesignFile(serializeDesign(design));
        const link = designFromFragment(designToFragment(design));
        return (
          file.ok &&
          same(file.design, design) &&
          !!link?.ok &&
          same(link.design, design) &&
          same(start(storage, smallDesign()).getState().design, design)
        );
      });
    }
    expect(tally.failures).toEqual([]);
    expect(accepted).toBeGreaterThan(100);
  });

  test('share links: refused with a reason, and the saved design is what the page opens', async () => {
    const tally = tallies.links!;
    const cases = [
      ...hostile.map((h) => ({ name: h.name, fragment: designToFragment(h.design), names: h.names })),
      ...garbageFragments().map((g) => ({ ...g, names: /./ })),
    ];
    for (const c of cases) {
      await hostileCase(tally, c.name, budget, () => {
        const { storage, saved } = returningVisitor();
        const link = designFromFragment(c.fragment);
        if (({} as { polluted?: unknown }).polluted !== undefined)
          throw new Error('the link polluted Object.prototype');
        if (!link || link.ok || !c.names.test(link.error)) return false;
        // As main.tsx does: a refused link opens nothing, so the saved design is shown.
        const store = start(storage, smallDesign(), false);
        return same(store.getState().design, saved);
      });
    }
    expect(tally.failures).toEqual([]);
  });

  test('design files: refused with a reason; the design open in the editor is untouched', async () => {
    const tally = tallies.files!;
    const cases = [
      ...hostile.map((h) => ({ name: h.name, text: serializeDesign(h.design), names: h.names })),
      ...GARBAGE_FILES.map((g) => ({ ...g, names: /./ })),
    ];
    for (const c of cases) {
      await hostileCase(tally, c.name, budget, () => {
        const result = parseDesignFile(c.text);
        return !result.ok && c.names.test(result.error);
      });
    }
    expect(tally.failures).toEqual([]);
  });

  test('stored state: the app starts, says so, and sets the stored design aside whole', async () => {
    const tally = tallies.storage!;
    const cases = [
      ...hostile.map((h) => ({
        name: h.name,
        stored: JSON.stringify({ state: { design: h.design }, version: 2 }),
        design: h.design as unknown,
        names: h.names,
      })),
      { name: 'not JSON', stored: '{"state":', design: undefined, names: /damaged/ },
      {
        name: 'another version',
        stored: JSON.stringify({ state: { design: mine() }, version: 7 }),
        design: mine(),
        names: /another version/,
      },
    ];
    for (const c of cases) {
      await hostileCase(tally, c.name, budget, () => {
        const storage = memory();
        storage.raw.set(STORAGE_KEY, c.stored);
        const store = start(storage, smallDesign());
        const aside = store.getState().setAside[0];
        const notice = store.getState().notice;
        if (!aside || notice?.tone !== 'error' || !c.names.test(notice.text)) return false;
        // Nothing of it is lost: the set-aside text holds the stored design exactly.
        return c.design === undefined ? aside.text === c.stored : same(JSON.parse(aside.text).design, c.design);
      });
    }
    expect(tally.failures).toEqual([]);
  });
});
