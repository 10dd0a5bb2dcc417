// A generated corpus of hostile imports: cut and garbage PEM and DER, random bytes, zips that
// climb out, lie about their sizes, expand a thousandfold or hold zips, YAML alias bombs,
// kubeconfigs and certificates holding values the design may not, each alone and mixed into a
// valid kubeadm tree. Every case must resolve (no crash), within the hang guard (no freeze), and
// either give a reason or open a design that passes designProblem (no lost design).
import { deflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { x509 } from '../pki/x509';
import type { NameAttribute } from '../pki/profile';
import { topologyOf } from '../topology/design';
import { designProblem } from '../topology/designRules';
import { UNSAFE_CHARACTER, visible } from '../topology/fieldRules';
import { importPki, type ImportInput, type ImportReport } from './importPki';
import {
  certificateWithRawSan,
  kubeadmTree,
  kubeconfigText,
  leafWith,
  opensslMaterial,
  XSS_CN,
  type CertificateSpec,
  type KubeadmTree,
  type KubeconfigSpec,
  type OpensslMaterial,
} from './testing/importMaterial';
import { emptyTally, overBudget, recordTally, type WorkBudget } from '../testing/hostileTally';
import { IMPORT_LIMITS } from './importLimits';
import { resetWork } from '../topology/workMeter';
import { deflatedEntry, rawZip, storedEntry, type RawZipEntry } from './testing/rawZip';

const MiB = 1024 * 1024;

/**
 * What one import may cost (src/topology/workMeter.ts), from the import's own limits: every byte
 * it reads inflated and parsed, every certificate and key it decodes, every YAML mark it parses.
 * The zip is pushed 16 KiB at a time and deflate expands at most ~1032:1, so the step that
 * passes a limit may inflate ~16 MiB more before the inflater stops. A case that costs more is a
 * freeze, counted the same on a busy machine as on an idle one.
 */
const IMPORT_BUDGET: WorkBudget = {
  bytesInflated: IMPORT_LIMITS.totalBytes + 16 * 1024 * 1032,
  charsParsed: IMPORT_LIMITS.totalBytes,
  itemsVisited: IMPORT_LIMITS.certificates + IMPORT_LIMITS.keys + IMPORT_LIMITS.yamlMarks,
};

const encode = (text: string) => new TextEncoder().encode(text);
const file = (name: string, content: string | Uint8Array): ImportInput => ({
  name,
  bytes: typeof content === 'string' ? encode(content) : content,
});

/** Seeded bytes, so a failing case fails again. */
function randomBytes(length: number, seed: number): Uint8Array<ArrayBuffer> {
  let s = seed >>> 0;
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    out[i] = (t ^ (t >>> 14)) & 0xff;
  }
  return out;
}

interface Material {
  readonly tree: KubeadmTree;
  readonly openssl: OpensslMaterial;
  /** 200 MiB of zeros, raw-deflated (about 200 KiB). */
  readonly bomb: Uint8Array;
}
let m: Material;

/** The valid tree with some files replaced or added (by path under etc/kubernetes/). */
function treeWith(changes: Record<string, string | Uint8Array>): ImportInput[] {
  const replaced = m.tree.files.map((f) => {
    const path = f.name.replace(/^etc\/kubernetes\//, '');
    return path in changes ? file(f.name, changes[path]!) : f;
  });
  const added = Object.entries(changes).filter(
    ([path]) => !m.tree.files.some((f) => f.name === `etc/kubernetes/${path}`),
  );
  return [...replaced, ...added.map(([path, content]) => file(`etc/kubernetes/${path}`, content))];
}

/** The valid tree as a zip written byte by byte, with extra entries. */
function treeZipWith(extra: readonly RawZipEntry[]): Uint8Array {
  return rawZip([...m.tree.files.map((f) => deflatedEntry(f.name.replace(/^etc\//, ''), f.bytes)), ...extra]);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const derOf = (pem: string) => new Uint8Array(x509.PemConverter.decodeFirst(pem));

type Verdict =
  /** The import as a whole is refused, with this reason. */
  | { readonly refused: RegExp }
  /** This file is listed as rejected with this reason; `opens`: the rest still opens a design. */
  | { readonly rejected: string | RegExp; readonly reason: RegExp; readonly opens?: boolean }
  /** A design opens, and passes the check. */
  | { readonly opens: (report: ImportReport) => void }
  /** Only the common checks: no crash, no freeze, a reason or a valid design. */
  | { readonly any: true };

interface Case {
  readonly name: string;
  readonly inputs: () => ImportInput[] | Promise<ImportInput[]>;
  readonly verdict: Verdict;
}

const cases: Case[] = [];
const add = (name: string, inputs: Case['inputs'], verdict: Verdict) => cases.push({ name, inputs, verdict });
const opensValid = (report: ImportReport) => expect(report.recognised.length).toBeGreaterThanOrEqual(15);

// ---------------------------------------------------------------------------------------------
// PEM cut short or damaged

const CUTS = Array.from({ length: 20 }, (_, i) => (i + 1) / 21);
for (const [i, at] of CUTS.entries()) {
  const cut = () => {
    const t = m.tree.text('pki/ca.crt');
    return t.slice(0, Math.floor(t.length * at));
  };
  add(`ca.crt cut at ${Math.round(at * 100)}%`, () => [file('ca.crt', cut())], {
    rejected: 'ca.crt',
    reason: /cut short|not a certificate|does not decode/,
  });
  add(`ca.crt cut at ${Math.round(at * 100)}% in the tree`, () => treeWith({ 'pki/ca.crt': cut() }), {
    rejected: 'pki/ca.crt',
    reason: /cut short|not a certificate|does not decode/,
    opens: true,
  });
  if (i % 2 === 0) {
    const cutKey = () => {
      const t = m.tree.text('pki/apiserver.key');
      return t.slice(0, Math.floor(t.length * at));
    };
    add(
      `apiserver.key cut at ${Math.round(at * 100)}% in the tree`,
      () => treeWith({ 'pki/apiserver.key': cutKey() }),
      { rejected: 'pki/apiserver.key', reason: /cut short|not a certificate|does not decode/, opens: true },
    );
    const cutConf = () => {
      const t = m.tree.text('admin.conf');
      return t.slice(0, Math.floor(t.length * at));
    };
    add(`admin.conf cut at ${Math.round(at * 100)}% in the tree`, () => treeWith({ 'admin.conf': cutConf() }), {
      opens: (r) => expect([...r.rejected, ...r.recognised].some((x) => x.path === 'admin.conf')).toBe(true),
    });
  }
}
for (const drop of [1, 5, 17, 40, 64, 100, 200, 300]) {
  const damaged = () => {
    const t = m.tree.text('pki/front-proxy-client.crt');
    const body = t.indexOf('\n') + 1;
    return t.slice(0, body + 10) + t.slice(body + 10 + drop);
  };
  add(`a certificate body missing ${drop} characters`, () => treeWith({ 'pki/front-proxy-client.crt': damaged() }), {
    rejected: 'pki/front-proxy-client.crt',
    reason: /does not decode/,
    opens: true,
  });
}
for (const drop of [3, 30, 60]) {
  const damaged = () => {
    const t = m.tree.text('pki/etcd/peer.key');
    const body = t.indexOf('\n') + 1;
    return t.slice(0, body + 8) + t.slice(body + 8 + drop);
  };
  add(`a key body missing ${drop} characters`, () => treeWith({ 'pki/etcd/peer.key': damaged() }), {
    rejected: 'pki/etcd/peer.key',
    reason: /does not decode/,
    opens: true,
  });
}

const pemOf = (type: string, body: Uint8Array) =>
  `-----BEGIN ${type}-----\n${Buffer.from(body).toString('base64').replace(/.{64}/g, '$&\n')}\n-----END ${type}-----\n`;
for (const size of [0, 1, 16, 300, 5000, 600_000]) {
  add(
    `a CERTIFICATE block of ${size} random bytes`,
    () => [file('random.crt', pemOf('CERTIFICATE', randomBytes(size, size)))],
    { rejected: 'random.crt', reason: /does not decode/ },
  );
}
add(
  'a CERTIFICATE block of non-base64 text',
  () => [file('bad.crt', '-----BEGIN CERTIFICATE-----\n!!!!$(touch x)!!!!\n-----END CERTIFICATE-----\n')],
  { rejected: 'bad.crt', reason: /does not decode/ },
);
add(
  'a CERTIFICATE block holding a key',
  () => [
    file('key.crt', m.tree.text('pki/ca.key').replace(/-----(BEGIN|END) [A-Z ]+-----/g, '-----$1 CERTIFICATE-----')),
  ],
  { rejected: 'key.crt', reason: /does not decode/ },
);
add(
  'a PRIVATE KEY block of random bytes',
  () => treeWith({ 'pki/ca.key': pemOf('PRIVATE KEY', randomBytes(120, 7)) }),
  { rejected: 'pki/ca.key', reason: /private key that does not decode/, opens: true },
);
add('an EC PRIVATE KEY block of random bytes', () => [file('ec.key', pemOf('EC PRIVATE KEY', randomBytes(121, 8)))], {
  rejected: 'ec.key',
  reason: /private key that does not decode/,
});
add(
  'an RSA PRIVATE KEY block of random bytes',
  () => [file('rsa.key', pemOf('RSA PRIVATE KEY', randomBytes(600, 9)))],
  { rejected: 'rsa.key', reason: /private key that does not decode/ },
);
add(
  'a PUBLIC KEY block of random bytes as sa.pub',
  () => treeWith({ 'pki/sa.pub': pemOf('PUBLIC KEY', randomBytes(91, 10)) }),
  { rejected: 'pki/sa.pub', reason: /PUBLIC KEY block that does not decode/, opens: true },
);
add('101 certificates in one file', () => [file('bundle.pem', m.tree.text('pki/ca.crt').repeat(101))], {
  rejected: 'bundle.pem',
  reason: /more than 100 PEM blocks/,
});
add('30,000 empty PEM blocks', () => [file('empty.pem', '-----BEGIN X-----\n-----END X-----\n'.repeat(30_000))], {
  rejected: 'empty.pem',
  reason: /more than 100 PEM blocks/,
});
add('37,000 BEGIN lines (1 MiB)', () => [file('begins.pem', '-----BEGIN CERTIFICATE-----\n'.repeat(37_000))], {
  rejected: 'begins.pem',
  reason: /cut short/,
});
add(
  '15 files of 1 MiB, each of BEGIN lines and END lines that match none',
  () =>
    Array.from({ length: 15 }, (_, i) =>
      file(
        `decoy${i}.pem`,
        Array.from({ length: 100 }, (_, t) => `-----BEGIN T${t}-----\n${'-----END T-----'.repeat(690)}`).join(''),
      ),
    ),
  { rejected: 'decoy0.pem', reason: /cut short/ },
);
add(
  '100 BEGIN lines of different types, none ended',
  () => [
    file('types.pem', Array.from({ length: 100 }, (_, i) => `-----BEGIN T${i}-----\n${'A'.repeat(9000)}\n`).join('')),
  ],
  { rejected: 'types.pem', reason: /cut short/ },
);
add(
  'a BEGIN and END of different types',
  () => [file('mixed.pem', '-----BEGIN CERTIFICATE-----\nAAAA\n-----END PRIVATE KEY-----\n')],
  { rejected: 'mixed.pem', reason: /cut short/ },
);
add('a file of 1 MiB and one byte', () => [file('big.pem', new Uint8Array(MiB + 1).fill(0x41))], {
  rejected: 'big.pem',
  reason: /larger than any certificate/,
});

// ---------------------------------------------------------------------------------------------
// DER, random bytes, other encodings

for (const at of [1, 2, 3, 4, 10, 50, 100, 200, 300, 400, 0.5, 0.8, 0.95, 0.99]) {
  const cut = () => {
    const der = derOf(m.tree.text('pki/ca.crt'));
    return der.slice(0, at < 1 ? Math.floor(der.length * at) : at);
  };
  add(`DER certificate cut at ${at}`, () => [file('ca.der', cut())], {
    rejected: 'ca.der',
    reason: /binary file|not a certificate/,
  });
}
add('a whole DER certificate', () => [file('ca.der', derOf(m.tree.text('pki/ca.crt')))], {
  rejected: 'ca.der',
  reason: /binary file.*DER/,
});
add('a DER certificate as pki/ca.crt in the tree', () => treeWith({ 'pki/ca.crt': derOf(m.tree.text('pki/ca.crt')) }), {
  rejected: 'pki/ca.crt',
  reason: /binary file/,
  opens: true,
});
for (const seed of [1, 2, 3, 4]) {
  add(
    `garbage DER ${seed}`,
    () => [file('g.der', new Uint8Array([0x30, 0x82, 0xff, 0xff, ...randomBytes(2000, seed)]))],
    { rejected: 'g.der', reason: /binary file|not a certificate/ },
  );
}
add(
  'DER nested 100,000 SEQUENCEs deep',
  () => [
    file(
      'deep.der',
      new Uint8Array(200_000).map((_, i) => (i % 2 === 0 ? 0x30 : 0x80)),
    ),
  ],
  { rejected: 'deep.der', reason: /binary file/ },
);
for (const size of [0, 1, 2, 3, 4, 7, 64, 1000, 65_536, MiB]) {
  add(
    `${size} random bytes`,
    () => [file('random.bin', randomBytes(size, size + 1))],
    size === 0 ? { refused: /Nothing/ } : { rejected: 'random.bin', reason: /./ },
  );
}
add('zip magic and random bytes', () => [file('fake', new Uint8Array([0x50, 0x4b, 3, 4, ...randomBytes(500, 11)]))], {
  rejected: 'fake',
  reason: /not a readable zip/,
});
add(
  'end-of-zip magic and random bytes',
  () => [file('fake2', new Uint8Array([0x50, 0x4b, 5, 6, ...randomBytes(500, 12)]))],
  { rejected: 'fake2', reason: /not a readable zip|more than 2,000 entries/ },
);
add('random bytes named .zip', () => [file('x.zip', randomBytes(4096, 13))], {
  rejected: 'x.zip',
  reason: /not a readable zip/,
});
add(
  'Latin-1 text',
  () => [
    file(
      'notes.txt',
      new Uint8Array([0x5a, 0x65, 0x72, 0x74, 0x69, 0x66, 0x69, 0x6b, 0x61, 0x74, 0x20, 0x66, 0xfc, 0x72]),
    ),
  ],
  { rejected: 'notes.txt', reason: /binary file/ },
);
add(
  'a PEM behind a Latin-1 comment line',
  () => [file('ca.crt', new Uint8Array([0x66, 0xfc, 0x72, 0x0a, ...encode(m.tree.text('pki/ca.crt'))]))],
  {
    opens: (r) => expect(r.recognised.map((x) => x.elementId)).toEqual(['ca:ca']),
  },
);
add(
  'a PEM in UTF-16',
  () => [file('ca16.crt', new Uint8Array(Buffer.from(`\ufeff${m.tree.text('pki/ca.crt')}`, 'utf16le')))],
  { rejected: 'ca16.crt', reason: /binary file/ },
);
add(
  'a kubeconfig in UTF-16',
  () => treeWith({ 'admin.conf': new Uint8Array(Buffer.from(m.tree.text('admin.conf'), 'utf16le')) }),
  { rejected: 'admin.conf', reason: /binary file/, opens: true },
);
add(
  'a PEM body with bytes that are not UTF-8',
  () => {
    const t = encode(m.tree.text('pki/ca.crt'));
    t[40] = 0xff;
    t[41] = 0xfe;
    return [file('ca.crt', t)];
  },
  { rejected: 'ca.crt', reason: /does not decode/ },
);

// ---------------------------------------------------------------------------------------------
// Names that climb out, start at the root, hide a Windows path or hold control characters

const BAD_NAMES: Array<[string, RegExp]> = [
  ['../ca.crt', /climbs out/],
  ['a/../../ca.crt', /climbs out/],
  ['..', /climbs out/],
  ['pki/../../../etc/passwd', /climbs out/],
  ['/etc/kubernetes/pki/ca.crt', /absolute/],
  ['/ca.crt', /absolute/],
  ['C:/kubernetes/pki/ca.crt', /absolute/],
  ['c:ca.crt', /absolute/],
  ['pki\\ca.crt', /backslash/],
  ['..\\..\\evil.crt', /backslash/],
  ['pki/ca\n.crt', /U\+000A/],
  ['pki/ca\r.crt', /U\+000D/],
  ['ca\u0000.crt', /U\+0000/],
  ['ca\u202e.crt', /U\+202E/],
  ['ca\u2028.crt', /U\+2028/],
  ['\u001b[31mred.crt', /U\+001B/],
  [`${'x/'.repeat(300)}ca.crt`, /characters/],
];
for (const [name, reason] of BAD_NAMES) {
  // The report shows a name on one line, control characters as their codes.
  const path = new RegExp(escapeRegExp(visible(name).slice(0, 150)));
  add(
    `zip entry ${JSON.stringify(name.slice(0, 40))}`,
    () => [file('evil.zip', rawZip([deflatedEntry(name, encode(m.tree.text('pki/ca.crt')))]))],
    { rejected: path, reason },
  );
  add(
    `zip entry ${JSON.stringify(name.slice(0, 40))} in a valid tree`,
    () => [file('evil.zip', treeZipWith([deflatedEntry(name, encode(m.tree.text('pki/ca.crt')))]))],
    { rejected: path, reason, opens: true },
  );
  add(`input named ${JSON.stringify(name.slice(0, 40))}`, () => [file(name, m.tree.text('pki/ca.crt'))], {
    rejected: path,
    reason,
  });
}

// ---------------------------------------------------------------------------------------------
// Zips too big, too many, too compressed, lying, nested

add(
  '2,001 zip entries',
  () => [file('many.zip', rawZip(Array.from({ length: 2001 }, (_, i) => storedEntry(`f${i}.txt`, encode('x')))))],
  { rejected: 'many.zip', reason: /more than 2,000 entries/ },
);
add(
  '2,000 zip entries',
  () => [file('many.zip', rawZip(Array.from({ length: 2000 }, (_, i) => storedEntry(`f${i}.txt`, encode('x')))))],
  { refused: /Nothing/ },
);
add(
  'a directory claiming 65,535 entries',
  () => [file('claims.zip', rawZip([storedEntry('a.txt', encode('a'))], { claimedEntries: 65_535 }))],
  { rejected: 'claims.zip', reason: /more than 2,000 entries/ },
);
add(
  'a ZIP64 directory claiming 4,294,967,295 entries',
  () => [file('zip64.zip', rawZip([storedEntry('a.txt', encode('a'))], { zip64Entries: 2 ** 32 - 1 }))],
  { rejected: 'zip64.zip', reason: /not a readable zip|more than 2,000 entries/ },
);
add('2,001 input files', () => Array.from({ length: 2001 }, (_, i) => file(`f${i}.crt`, 'x')), {
  refused: /more files than an import reads \(at most 2,000/,
});
add('100,000 input files', () => Array.from({ length: 100_000 }, (_, i) => file(`f${i}.crt`, new Uint8Array(0))), {
  refused: /more files than an import reads/,
});
add('65 MiB of input', () => [file('huge.bin', new Uint8Array(65 * MiB))], { refused: /65\.0 MiB/ });
add(
  'an entry of 2 MiB of zeros (ratio 1000:1)',
  () => [file('ratio.zip', rawZip([deflatedEntry('pki/ca.crt', new Uint8Array(2 * MiB))]))],
  { rejected: /ratio\.zip\/pki\/ca\.crt/, reason: /zip bomb/ },
);
add(
  'an entry of 1.5 MiB of random bytes',
  () => [file('large.zip', rawZip([deflatedEntry('big.crt', randomBytes(1.5 * MiB, 5))]))],
  { rejected: /large\.zip\/big\.crt/, reason: /larger than any certificate/ },
);
add(
  '70 entries of 1 MiB of zeros',
  () => [file('sum.zip', rawZip(Array.from({ length: 70 }, (_, i) => deflatedEntry(`z${i}`, new Uint8Array(MiB)))))],
  { rejected: 'sum.zip', reason: /expand to 70\.0 MiB/ },
);
add(
  '30 zips of 100 entries',
  () =>
    Array.from({ length: 30 }, (_, z) =>
      file(`z${z}.zip`, rawZip(Array.from({ length: 100 }, (_, i) => storedEntry(`f${i}.txt`, encode('x'))))),
    ),
  { rejected: 'z29.zip', reason: /more than the import reads \(at most 2,000 files in all\)/ },
);
add(
  '4 zips expanding to 15 MiB each',
  () =>
    Array.from({ length: 4 }, (_, z) =>
      file(`z${z}.zip`, rawZip(Array.from({ length: 15 }, (_, i) => deflatedEntry(`f${i}.bin`, new Uint8Array(MiB))))),
    ),
  { rejected: 'z3.zip', reason: /expand to 15\.0 MiB, more than the import reads/ },
);
add(
  'an entry of 900 KiB of zeros',
  () => [file('zeros.zip', rawZip([deflatedEntry('zeros.crt', new Uint8Array(900 * 1024))]))],
  { rejected: 'zeros.crt', reason: /binary file/ },
);
const lie = (declared: number, central?: number): RawZipEntry => ({
  name: 'pki/ca.crt',
  data: m.bomb,
  method: 8,
  originalSize: declared,
  centralOriginalSize: central,
});
add('200 MiB of deflate declared as 100 bytes', () => [file('lie.zip', rawZip([lie(100)]))], {
  rejected: 'lie.zip',
  reason: /inflates to more than|sizes lie/,
});
add('200 MiB of deflate declared as 1 MiB', () => [file('lie.zip', rawZip([lie(MiB)]))], {
  rejected: 'lie.zip',
  reason: /inflates to more than/,
});
add(
  '200 MiB of deflate declared as 1 MiB in a valid tree',
  () => [file('lie.zip', treeZipWith([{ ...lie(MiB), name: 'kubernetes/bomb.crt' }]))],
  { rejected: 'lie.zip', reason: /inflates to more than/ },
);
add(
  'a local header that admits 200 MiB, a directory that says 1,000 bytes',
  () => [file('lie.zip', rawZip([lie(200 * MiB, 1000)]))],
  { rejected: 'lie.zip', reason: /inflates to more than/ },
);
add('200 MiB of deflate declared honestly', () => [file('bomb.zip', rawZip([lie(200 * MiB)]))], {
  rejected: 'bomb.zip',
  reason: /expand to 200\.0 MiB/,
});
add(
  'a compressed size beyond the archive',
  () => [
    file(
      'lie.zip',
      rawZip([{ ...storedEntry('ca.crt', encode(m.tree.text('pki/ca.crt'))), compressedSize: 0xfffffff0 }]),
    ),
  ],
  { rejected: 'lie.zip', reason: /sizes lie/ },
);
add(
  'a stored entry shorter than declared',
  () => [
    file(
      'short.zip',
      rawZip([
        { ...storedEntry('pki/ca.crt', encode(m.tree.text('pki/ca.crt'))), originalSize: 5000, compressedSize: 5000 },
      ]),
    ),
  ],
  { rejected: 'short.zip', reason: /sizes lie|damaged|not a readable/ },
);
add(
  'a certificate declared smaller than it inflates',
  () => [
    file(
      'small.zip',
      rawZip([{ ...deflatedEntry('pki/ca.crt', encode(m.tree.text('pki/ca.crt'))), originalSize: 100 }]),
    ),
  ],
  { rejected: 'small.zip', reason: /inflates to more than/ },
);
add(
  'a certificate declared larger than it inflates',
  () => [
    file(
      'large.zip',
      rawZip([{ ...deflatedEntry('pki/ca.crt', encode(m.tree.text('pki/ca.crt'))), originalSize: 9000 }]),
    ),
  ],
  { rejected: /large\.zip\/pki\/ca\.crt/, reason: /less than the/ },
);
add(
  "1,500 directory records sharing one entry's bytes",
  () => [file('overlap.zip', rawZip([deflatedEntry('z', new Uint8Array(MiB))], { overlappingCopies: 1500 }))],
  { rejected: 'overlap.zip', reason: /expand to|sizes lie/ },
);
add(
  '300 directory records sharing a small entry',
  () => [
    file(
      'overlap.zip',
      rawZip([deflatedEntry('pki/ca.crt', encode(m.tree.text('pki/ca.crt')))], { overlappingCopies: 300 }),
    ),
  ],
  { rejected: 'overlap.zip', reason: /sizes lie/ },
);
add('a zip inside the zip', () => [file('outer.zip', rawZip([storedEntry('inner.zip', m.tree.zip)]))], {
  rejected: /outer\.zip\/inner\.zip/,
  reason: /zip inside the zip/,
});
add(
  'a zip named like a certificate inside the zip',
  () => [file('outer.zip', rawZip([storedEntry('pki/ca.crt', m.tree.zip)]))],
  { rejected: /outer\.zip\/pki\/ca\.crt/, reason: /zip inside the zip/ },
);
add(
  'a zip in a zip in a zip',
  () => [file('outer.zip', rawZip([storedEntry('mid.zip', rawZip([storedEntry('inner.zip', m.tree.zip)]))]))],
  { rejected: /outer\.zip\/mid\.zip/, reason: /zip inside the zip/ },
);
add(
  "a zip inside a valid tree's zip",
  () => [file('outer.zip', treeZipWith([storedEntry('kubernetes/backup.zip', m.tree.zip)]))],
  { rejected: /backup\.zip/, reason: /zip inside the zip/, opens: true },
);
for (const method of [1, 12, 14, 99]) {
  add(
    `an entry compressed with method ${method}`,
    () => [file('method.zip', treeZipWith([{ ...storedEntry('kubernetes/x.crt', encode('x')), method }]))],
    { rejected: /method\.zip\/kubernetes\/x\.crt/, reason: new RegExp(`method ${method}`), opens: true },
  );
}
add(
  'two entries of the same name',
  () => [
    file(
      'dup.zip',
      rawZip([
        deflatedEntry('pki/ca.crt', encode(m.tree.text('pki/ca.crt'))),
        deflatedEntry('pki/ca.crt', encode('x')),
      ]),
    ),
  ],
  { rejected: /dup\.zip\/pki\/ca\.crt/, reason: /second entry/ },
);
add('an empty zip', () => [file('empty.zip', rawZip([]))], { refused: /Nothing/ });
for (const at of [0.1, 0.3, 0.5, 0.7, 0.9, 0.99, 0.999]) {
  add(
    `the tree's zip cut at ${at * 100}%`,
    () => [file('cut.zip', m.tree.zip.slice(0, Math.floor(m.tree.zip.length * at)))],
    { rejected: 'cut.zip', reason: /not a readable zip/ },
  );
}
for (const seed of [21, 22, 23, 24, 25, 26, 27, 28]) {
  add(
    `the tree's zip with 16 bytes overwritten (${seed})`,
    () => {
      const zip = m.tree.zip.slice();
      const at = Math.floor(randomBytes(4, seed).reduce((a, b) => a * 256 + b, 0) % (zip.length * 0.8));
      zip.set(randomBytes(16, seed), at);
      return [file('flipped.zip', zip)];
    },
    { any: true },
  );
}

// ---------------------------------------------------------------------------------------------
// YAML and kubeconfigs

function aliasBomb(withKind: boolean): string {
  const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < 9; i++) {
    const prev = String.fromCharCode(96 + i);
    const name = String.fromCharCode(97 + i);
    lines.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
  }
  return `${withKind ? 'kind: Config\n' : ''}${lines.join('\n')}\n`;
}
add('a YAML alias bomb as admin.conf', () => treeWith({ 'admin.conf': aliasBomb(true) }), {
  rejected: 'admin.conf',
  reason: /not valid YAML.*alias/,
  opens: true,
});
add('a YAML alias bomb', () => [file('laughs.yaml', aliasBomb(false))], {
  rejected: 'laughs.yaml',
  reason: /not a certificate/,
});
add(
  '150 aliases of one list',
  () => [file('aliases.conf', `kind: Config\nx: &x [1,2,3]\ny: [${Array(150).fill('*x').join(',')}]\n`)],
  { rejected: 'aliases.conf', reason: /not valid YAML/ },
);
add('YAML nested 100,000 flow sequences deep', () => [file('deep.yaml', '['.repeat(100_000))], {
  rejected: 'deep.yaml',
  reason: /not a certificate/,
});
add('YAML nested 50,000 flow maps deep', () => [file('deep.conf', `kind: Config\nx: ${'{a: '.repeat(50_000)}`)], {
  rejected: 'deep.conf',
  reason: /YAML marks/,
});
add('YAML nested 20,000 block sequences deep', () => [file('deep2.yaml', `${'- '.repeat(20_000)}x\n`)], {
  rejected: 'deep2.yaml',
  reason: /./,
});
add('two YAML documents', () => [file('two.conf', 'kind: Config\n---\nkind: Config\n')], {
  rejected: 'two.conf',
  reason: /not valid YAML/,
});
add('a duplicated key', () => [file('dup.conf', 'kind: Config\nkind: Config\n')], {
  rejected: 'dup.conf',
  reason: /without an embedded/,
});
for (const [i, tag] of [
  '!!binary aGVsbG8=',
  '!!js/function "function(){ return 1 }"',
  '!<tag:yaml.org,2002:python/object/apply:os.system> ["touch x"]',
  '!!str [1, 2]',
].entries()) {
  add(`a YAML tag (${i})`, () => [file(`tag${i}.conf`, `kind: Config\nclusters: ${tag}\n`)], {
    rejected: `tag${i}.conf`,
    reason: /./,
  });
}
/** YAML whose parsing time grows fastest with its size: each is about 1 MiB. */
const SLOW_YAML: Record<string, string> = {
  'plain lines without a colon': `kind: Config\n${'a\n'.repeat(500_000)}`,
  '60,000 keys': `kind: Config\n${Array.from({ length: 60_000 }, (_, i) => `k${i}: v`).join('\n')}`,
  '50,000 anchors': `kind: Config\n${Array.from({ length: 50_000 }, (_, i) => `k${i}: &a${i} v`).join('\n')}`,
  'a flow map of 100,000 keys': `kind: Config\nx: {${Array.from({ length: 100_000 }, (_, i) => `k${i}: 1,`).join('')}}`,
  '1,000,000 brackets': '['.repeat(1_000_000),
  'one line of 330,000 colons': 'a: '.repeat(330_000),
  '500,000 empty lines': `kind: Config\n${'\n'.repeat(500_000)}`,
};
for (const [name, text] of Object.entries(SLOW_YAML)) {
  add(`YAML of ${name}`, () => [file('slow.conf', text)], { rejected: 'slow.conf', reason: /YAML marks/ });
}
add('YAML just under the budget', () => [file('deep.conf', `kind: Config\nx: ${'['.repeat(19_000)}`)], {
  rejected: 'deep.conf',
  reason: /not valid YAML/,
});
add(
  'YAML of 20 files of 5,000 lines each',
  () => Array.from({ length: 20 }, (_, i) => file(`f${i}.conf`, `kind: Config\n${'a\n'.repeat(5_000)}`)),
  { rejected: 'f19.conf', reason: /more than the import still parses/ },
);
add(
  '1,000 certificates and 1,000 keys',
  () =>
    Array.from({ length: 1000 }, (_, i) => [
      file(`c${i}.crt`, m.tree.text('pki/apiserver.crt')),
      file(`c${i}.key`, m.tree.text('pki/apiserver.key')),
    ]).flat(),
  {
    rejected: 'c999.crt',
    reason: /beyond the 500 an import decodes/,
    opens: false,
  },
);
add('2,000 keys', () => Array.from({ length: 2000 }, (_, i) => file(`k${i}.key`, m.tree.text('pki/apiserver.key'))), {
  rejected: 'k1999.key',
  reason: /a key beyond the 500 an import compares/,
});

/** The admin's certificate and key, out of the valid tree's admin.conf. */
const adminCert = () => {
  const yaml = m.tree.text('admin.conf');
  const embedded = (key: string) => Buffer.from(new RegExp(`${key}: (\\S+)`).exec(yaml)![1]!, 'base64').toString();
  return { certPem: embedded('client-certificate-data'), keyPem: embedded('client-key-data') };
};
const kubeconfig = (spec: Partial<KubeconfigSpec>) =>
  kubeconfigText({
    clusterName: 'kubernetes',
    server: 'https://192.168.56.10:6443',
    userName: 'kubernetes-admin',
    contextName: 'kubernetes-admin@kubernetes',
    ...adminCert(),
    ...spec,
  });
add('clusters as a string', () => [file('odd.conf', 'kind: Config\nclusters: nope\nusers: 3\n')], {
  rejected: 'odd.conf',
  reason: /without an embedded client certificate/,
});
add('users as a number', () => treeWith({ 'admin.conf': 'kind: Config\nusers: 42\n' }), {
  rejected: 'admin.conf',
  reason: /without an embedded client certificate/,
  opens: true,
});
add('a user of null', () => [file('null.conf', 'kind: Config\nusers:\n- name: x\n  user: null\n')], {
  rejected: 'null.conf',
  reason: /without an embedded/,
});
add(
  'client-certificate-data not base64',
  () => [file('b64.conf', 'kind: Config\nusers:\n- name: x\n  user:\n    client-certificate-data: "!!!$(touch x)"\n')],
  { rejected: 'b64.conf', reason: /not base64/ },
);
add(
  'client-certificate-data of plain text',
  () => [
    file(
      'text.conf',
      `kind: Config\nusers:\n- name: x\n  user:\n    client-certificate-data: ${Buffer.from('hello').toString('base64')}\n`,
    ),
  ],
  { rejected: 'text.conf', reason: /holds no PEM certificate/ },
);
add(
  'client-certificate-data of 101 certificates',
  () => [
    file(
      'many.conf',
      `kind: Config\nusers:\n- name: x\n  user:\n    client-certificate-data: ${Buffer.from(m.tree.text('pki/ca.crt').repeat(101)).toString('base64')}\n`,
    ),
  ],
  { rejected: 'many.conf', reason: /PEM blocks/ },
);
add(
  'client-certificate-data cut short',
  () => [
    file(
      'cut.conf',
      `kind: Config\nusers:\n- name: x\n  user:\n    client-certificate-data: ${Buffer.from(m.tree.text('pki/ca.crt').slice(0, 300)).toString('base64')}\n`,
    ),
  ],
  { rejected: 'cut.conf', reason: /holds no PEM certificate/ },
);
add(
  'a client certificate file outside the tree',
  () => [file('ref.conf', 'kind: Config\nusers:\n- name: x\n  user:\n    client-certificate: ../../etc/shadow\n')],
  { rejected: 'ref.conf', reason: /not embedded/ },
);
add(
  'a kubeconfig with a 400 KiB cluster name',
  () => [file('long.conf', kubeconfig({ clusterName: 'k'.repeat(400 * 1024) }))],
  { rejected: 'long.conf', reason: /cluster name/ },
);
const HOSTILE_CLUSTER_NAMES = [
  'a'.repeat(10_000),
  'kube\nrnetes',
  '$(touch x)',
  XSS_CN,
  'Kubernetes',
  'my_cluster',
  'a.b',
  '\u202ekubernetes',
  '',
  '${ENV::HOME}',
];
for (const clusterName of HOSTILE_CLUSTER_NAMES) {
  add(
    `cluster name ${JSON.stringify(clusterName.slice(0, 30))}`,
    () => treeWith({ 'admin.conf': kubeconfig({ clusterName }) }),
    { rejected: 'admin.conf', reason: /cluster name/, opens: true },
  );
}
const HOSTILE_SERVERS = [
  'javascript:alert(1)',
  'http://10.0.0.1:6443',
  'https://$(touch x):6443',
  'https://a b:6443',
  'https://10.0.0.1:99999',
  'https://x/\n',
  'file:///etc/passwd',
  'https://user:pw@host:6443',
  '',
  'https://${ENV::HOME}',
];
for (const server of HOSTILE_SERVERS) {
  add(`server ${JSON.stringify(server)}`, () => treeWith({ 'admin.conf': kubeconfig({ server }) }), {
    rejected: 'admin.conf',
    reason: /server/,
    opens: true,
  });
}
for (const userName of ['a\nb', 'x'.repeat(300), '\u0000', '']) {
  add(
    `user name ${JSON.stringify(userName.slice(0, 20))}`,
    () => treeWith({ 'super-admin.conf': kubeconfig({ userName }) }),
    { rejected: 'super-admin.conf', reason: /user name/, opens: true },
  );
}
for (const contextName of ['\u202eevil', 'y'.repeat(300), 'a\u2028b']) {
  add(
    `context name ${JSON.stringify(contextName.slice(0, 20))}`,
    () => treeWith({ 'admin.conf': kubeconfig({ contextName }) }),
    { rejected: 'admin.conf', reason: /context name/, opens: true },
  );
}
add('a server at an IPv6 address', () => treeWith({ 'admin.conf': kubeconfig({ server: 'https://[fd00::1]:6443' }) }), {
  opens: (r) => expect(r.design.params.controlPlaneEndpoint).toBe('[fd00::1]:6443'),
});
add(
  'a server at a DNS name without a port',
  () => treeWith({ 'admin.conf': kubeconfig({ server: 'https://cp.example.com' }) }),
  {
    opens: (r) => expect(r.design.params.controlPlaneEndpoint).toBe('cp.example.com:6443'),
  },
);

// ---------------------------------------------------------------------------------------------
// Keys and requests

add('an encrypted PKCS#8 key', () => [file('enc8.key', m.openssl.encryptedPkcs8)], {
  rejected: 'enc8.key',
  reason: /encrypted key/,
});
add('an encrypted key in the tree', () => treeWith({ 'pki/ca.key': m.openssl.encryptedPkcs8 }), {
  rejected: 'pki/ca.key',
  reason: /encrypted key/,
  opens: true,
});
add('an encrypted traditional key', () => [file('enc.key', m.openssl.encryptedTraditional)], {
  rejected: 'enc.key',
  reason: /encrypted key/,
});
add('an encrypted key named to be run', () => [file('$(touch x); x.key', m.openssl.encryptedTraditional)], {
  rejected: '$(touch x); x.key',
  reason: /openssl pkey -in '\$\(touch x\); x\.key'/,
});
add('a CSR', () => [file('req.csr', m.openssl.csr)], { rejected: 'req.csr', reason: /signing request/ });
add('a CSR as a certificate of the tree', () => treeWith({ 'pki/apiserver.crt': m.openssl.csr }), {
  rejected: 'pki/apiserver.crt',
  reason: /signing request/,
  opens: true,
});
add('a secp256k1 key', () => treeWith({ 'pki/apiserver.key': m.openssl.secp256k1Key }), {
  rejected: 'pki/apiserver.key',
  reason: /curve other than/,
  opens: true,
});
add('an Ed25519 key', () => [file('ed.key', m.openssl.ed25519Key)], {
  rejected: 'ed.key',
  reason: /neither RSA nor ECDSA/,
});
add(
  'an Ed25519 certificate in the tree',
  () => treeWith({ 'pki/apiserver-kubelet-client.crt': m.openssl.ed25519Cert }),
  { any: true },
);

// ---------------------------------------------------------------------------------------------
// Certificates holding values the design may not

const cn = (value: string): NameAttribute[] => [{ type: 'CN', value }];
const HOSTILE_CERTIFICATES: Array<[string, CertificateSpec, RegExp]> = [
  ['a CN of 65 characters', { subject: cn('a'.repeat(65)) }, /Common name \(CN\).*at most 64/],
  ['a CN of 1,000 characters', { subject: cn('a'.repeat(1000)) }, /Common name \(CN\)/],
  ['a CN with a newline', { subject: cn('kube-apiserver\nx') }, /Common name \(CN\).*U\+000A/],
  ['a CN with a tab', { subject: cn('a\tb') }, /U\+0009/],
  ['a CN with NUL', { subject: cn('a\u0000b') }, /U\+0000/],
  ['a CN with a bidi override', { subject: cn('a\u202eb') }, /U\+202E/],
  ['a CN with a line separator', { subject: cn('a\u2028b') }, /U\+2028/],
  ['a CN with a byte-order mark', { subject: cn('\ufeffa') }, /U\+FEFF/],
  ['a CN with a C1 control', { subject: cn('a\u0085b') }, /U\+0085/],
  ['an empty CN', { subject: cn('') }, /Common name \(CN\).*empty/],
  ['a CN of spaces', { subject: cn('   ') }, /Common name \(CN\).*empty/],
  ['no CN', { subject: [{ type: 'O', value: 'x' }] }, /no common name/],
  ['an O of 65 characters', { subject: [{ type: 'O', value: 'o'.repeat(65) }, ...cn('x')] }, /Organization \(O\)/],
  [
    'an O with a newline',
    { subject: [{ type: 'O', value: 'system:masters\nx' }, ...cn('x')] },
    /Organization \(O\).*U\+000A/,
  ],
  ['an empty O', { subject: [{ type: 'O', value: '' }, ...cn('x')] }, /Organization \(O\)/],
  ['a C of three letters', { subject: [{ type: 'C', value: 'USA' }, ...cn('x')] }, /Country \(C\)/],
  ['a C in lower case', { subject: [{ type: 'C', value: 'us' }, ...cn('x')] }, /Country \(C\)/],
  [
    'an OU of 65 characters',
    { subject: [{ type: 'OU', value: 'u'.repeat(65) }, ...cn('x')] },
    /Organizational unit \(OU\)/,
  ],
  ['an ST with a newline', { subject: [{ type: 'ST', value: 's\nx' }, ...cn('x')] }, /State \(ST\)/],
  ['an L of 129 characters', { subject: [{ type: 'L', value: 'l'.repeat(129) }, ...cn('x')] }, /Locality \(L\)/],
  [
    '17 subject attributes',
    { subject: [...Array.from({ length: 16 }, () => ({ type: 'OU' as const, value: 'u' })), ...cn('x')] },
    /17 attributes/,
  ],
  [
    'a DNS SAN ${ENV::HOME}',
    { subject: cn('kube-apiserver'), dnsNames: ['${ENV::HOME}'] },
    /DNS SAN "\$\{ENV::HOME\}"/,
  ],
  ['a DNS SAN $(touch x)', { subject: cn('kube-apiserver'), dnsNames: ['$(touch x)'] }, /DNS SAN "\$\(touch x\)"/],
  ['a DNS SAN `id`', { subject: cn('kube-apiserver'), dnsNames: ['`id`'] }, /DNS SAN/],
  ['a DNS SAN with a space', { subject: cn('kube-apiserver'), dnsNames: ['a b'] }, /DNS SAN/],
  [
    'a DNS SAN with a newline',
    { subject: cn('kube-apiserver'), dnsNames: ['evil\n.com'] },
    /DNS SAN "evil\\u000A\.com"/,
  ],
  ['a DNS SAN of 300 characters', { subject: cn('kube-apiserver'), dnsNames: ['x'.repeat(300)] }, /DNS SAN/],
  ['an IP address as a DNS SAN', { subject: cn('kube-apiserver'), dnsNames: ['1.2.3.4'] }, /DNS SAN.*IP address/],
  ['a DNS SAN starting with a hyphen', { subject: cn('kube-apiserver'), dnsNames: ['-leading.com'] }, /DNS SAN/],
  ['a DNS SAN with an underscore', { subject: cn('kube-apiserver'), dnsNames: ['under_score.com'] }, /DNS SAN/],
  ['a DNS SAN in upper case', { subject: cn('kube-apiserver'), dnsNames: ['UPPER.com'] }, /DNS SAN/],
  ['a DNS SAN with an empty label', { subject: cn('kube-apiserver'), dnsNames: ['a..b'] }, /DNS SAN/],
  ['a DNS SAN with two wildcards', { subject: cn('kube-apiserver'), dnsNames: ['*.*.example.com'] }, /DNS SAN/],
  ['an empty DNS SAN', { subject: cn('kube-apiserver'), dnsNames: [''] }, /DNS SAN/],
  ['a DNS SAN <script>', { subject: cn('kube-apiserver'), dnsNames: ['<script>alert(1)</script>'] }, /DNS SAN/],
  [
    '101 SANs',
    { subject: cn('kube-apiserver'), dnsNames: Array.from({ length: 101 }, (_, i) => `n${i}.example.com`) },
    /101 SANs/,
  ],
  ['a validity of 40,000 days', { subject: cn('kube-apiserver'), validityDays: 40_000 }, /validity "40\d\d\d days"/],
];
for (const [name, spec, reason] of HOSTILE_CERTIFICATES) {
  add(`${name}, alone`, async () => [file('odd.pem', (await leafWith(spec)).certPem)], { rejected: 'odd.pem', reason });
  add(
    `${name}, as the apiserver's certificate`,
    async () => treeWith({ 'pki/apiserver.crt': (await leafWith(spec)).certPem }),
    { rejected: 'pki/apiserver.crt', reason, opens: true },
  );
}
/** subjectAltName DER holding one iPAddress of the given bytes. */
const ipSan = (ip: number[]) => new Uint8Array([0x30, ip.length + 2, 0x87, ip.length, ...ip]);
for (const ip of [[1, 2, 3, 4, 5], [10, 0, 0], [], Array.from({ length: 17 }, (_, i) => i)]) {
  add(`an IP SAN of ${ip.length} bytes`, async () => [file('ip.pem', await certificateWithRawSan(ipSan(ip)))], {
    rejected: 'ip.pem',
    reason: /IP SAN|does not decode/,
  });
  add(
    `an IP SAN of ${ip.length} bytes as the apiserver's certificate`,
    async () => treeWith({ 'pki/apiserver.crt': await certificateWithRawSan(ipSan(ip)) }),
    { rejected: 'pki/apiserver.crt', reason: /IP SAN|does not decode/, opens: true },
  );
}
add(
  'a SAN extension of random bytes',
  async () => [file('san.pem', await certificateWithRawSan(randomBytes(40, 31)))],
  { rejected: 'san.pem', reason: /does not decode|SAN/ },
);

// Values the rules allow, however odd they look, are imported as they are.
add(
  'a CN that is an HTML tag',
  () =>
    treeWith({
      'pki/apiserver-kubelet-client.crt': m.openssl.xssCert,
      'pki/apiserver-kubelet-client.key': m.openssl.xssKey,
    }),
  {
    opens: (r) => {
      const credential = topologyOf(r.design).credentials.find(
        (c) => c.id === 'cred:apiserver-kubelet-client@controlplane',
      );
      expect(credential?.subject).toEqual([{ type: 'CN', value: XSS_CN }]);
      expect(r.keys.find((k) => k.path === 'pki/apiserver-kubelet-client.key')?.matches).toBe(
        'cred:apiserver-kubelet-client@controlplane',
      );
    },
  },
);
add(
  'an O that is an HTML tag',
  async () =>
    treeWith({
      'pki/front-proxy-client.crt': (
        await leafWith({ subject: [{ type: 'O', value: '"><svg onload=alert(1)>' }, ...cn('front-proxy-client')] })
      ).certPem,
    }),
  {
    opens: (r) =>
      expect(
        topologyOf(r.design).credentials.find((c) => c.id === 'cred:front-proxy-client@controlplane')?.subject[0]
          ?.value,
      ).toBe('"><svg onload=alert(1)>'),
  },
);
const WIDE_CN = `café ☕ ${'é'.repeat(57)}`;
add(
  'a CN of 64 characters and accents',
  async () => treeWith({ 'pki/front-proxy-client.crt': (await leafWith({ subject: cn(WIDE_CN) })).certPem }),
  {
    opens: (r) =>
      expect(
        topologyOf(r.design).credentials.find((c) => c.id === 'cred:front-proxy-client@controlplane')?.subject,
      ).toEqual(cn(WIDE_CN)),
  },
);

// ---------------------------------------------------------------------------------------------
// Names the design takes from certificates and folders

add(
  'an etcd CN that is no node name',
  async () =>
    treeWith({
      'pki/etcd/server.crt': (
        await leafWith({ subject: cn('My Etcd'), dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'] })
      ).certPem,
    }),
  {
    opens: (r) => expect(r.design.params.controlPlane[0]?.name).toBe('controlplane'),
  },
);
add(
  'an apiserver with IPv6 addresses only',
  async () =>
    treeWith({
      'pki/apiserver.crt': (
        await leafWith({ subject: cn('kube-apiserver'), dnsNames: ['kubernetes'], ipAddresses: ['fd00::1', '::1'] })
      ).certPem,
    }),
  {
    opens: (r) => expect(r.design.params.controlPlane[0]?.ip).toMatch(/^\d+\.\d+\.\d+\.\d+$/),
  },
);
for (const folder of ['BAD_NAME', '-x', 'a..b', 'x'.repeat(254)]) {
  add(
    `a nodes/ folder named ${folder.slice(0, 20)}`,
    () => treeWith({ [`nodes/${folder}/kubelet.conf`]: m.tree.text('nodes/node01/kubelet.conf') }),
    { rejected: new RegExp(`nodes/${escapeRegExp(folder.slice(0, 20))}`), reason: /names no node/, opens: true },
  );
}
add(
  'a kubelet named system:node:Bad Name',
  async () => [...treeWith({}), file('stray.pem', (await leafWith({ subject: cn('system:node:Bad Name') })).certPem)],
  {
    opens: (r) => expect(r.unassigned.map((u) => u.path)).toContain('stray.pem'),
  },
);
add(
  '250 node folders',
  () =>
    treeWith(
      Object.fromEntries(
        Array.from({ length: 250 }, (_, i) => [`nodes/w${i}/kubelet.conf`, m.tree.text('nodes/node01/kubelet.conf')]),
      ),
    ),
  { refused: /Nodes: .*at most \d+ nodes/ },
);

// ---------------------------------------------------------------------------------------------

const tally = emptyTally();

beforeAll(async () => {
  m = {
    tree: await kubeadmTree(),
    openssl: opensslMaterial(),
    bomb: new Uint8Array(deflateRawSync(new Uint8Array(200 * MiB), { level: 9 })),
  };
  const valid = await importPki(m.tree.files);
  if (valid.refused || valid.recognised.length < 15)
    throw new Error(`the valid tree does not import: ${valid.refused}`);
});

/** Runs importPki, counting its work: the error if it threw, and the counts past IMPORT_BUDGET. */
async function countedImport(
  inputs: readonly ImportInput[],
): Promise<{ report?: ImportReport; error?: unknown; over: string[] }> {
  const used = resetWork();
  try {
    const report = await importPki(inputs);
    return { report, over: overBudget(used, IMPORT_BUDGET) };
  } catch (error) {
    return { error, over: overBudget(used, IMPORT_BUDGET) };
  }
}

function expectVerdict(report: ImportReport, verdict: Verdict): void {
  if ('refused' in verdict) {
    expect(report.refused).toMatch(verdict.refused);
  } else if ('rejected' in verdict) {
    const path = verdict.rejected;
    const hits = report.rejected.filter((r) => (typeof path === 'string' ? r.path === path : path.test(r.path)));
    expect(hits, JSON.stringify(report.rejected).slice(0, 2000)).not.toEqual([]);
    expect(hits.map((h) => h.reason).join(' | ')).toMatch(verdict.reason);
    if (verdict.opens) {
      expect(report.refused).toBeNull();
      opensValid(report);
    }
  } else if ('opens' in verdict) {
    expect(report.refused, JSON.stringify(report.rejected).slice(0, 2000)).toBeNull();
    verdict.opens(report);
  }
}

describe(`importPki against ${cases.length} hostile imports`, () => {
  it('has a corpus of at least 200 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(200);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_, c) => {
    const inputs = await c.inputs();
    tally.cases++;
    const run = await countedImport(inputs);
    if (run.error !== undefined) tally.crashes++;
    expect(run.error).toBeUndefined();
    if (run.over.length > 0) tally.freezes++;
    expect(run.over).toEqual([]);
    const report = run.report!;

    // A reason, or a design that passes the gate every design passes.
    if (report.refused === null && designProblem(report.design) !== null) tally.lostDesigns++;
    if (report.refused !== null) {
      expect(report.refused.trim()).not.toBe('');
      expect(report.certificates).toEqual({});
      expect(report.caKeys).toEqual({});
    } else {
      expect(designProblem(report.design)).toBeNull();
    }
    // Every reason said, every name and value shown on one line.
    for (const r of report.rejected) {
      expect(r.reason.trim()).not.toBe('');
      expect(UNSAFE_CHARACTER.test(r.path) || UNSAFE_CHARACTER.test(r.reason)).toBe(false);
    }
    for (const u of report.unassigned) expect(UNSAFE_CHARACTER.test(u.subject)).toBe(false);
    expectVerdict(report, c.verdict);
  });
});

// Added to the hostile-input summary `npm test` prints at the end (src/testing/hostileSummary.ts).
afterAll(() => recordTally('imports', tally));
