// make-certs.sh writes every CA key: run for real with bash and openssl, it writes only into a new
// or empty folder, never through a symbolic link, nothing for others to read, and a run that
// fails, is stopped or is raced leaves no part of a bundle. Every serial is 63 random bits.
import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_EDITS, topologyOf } from '../topology/design';
import { UNSAFE_CHARACTER } from '../topology/fieldRules';
import { expandDesign } from '../topology/pools';
import { PRESET_DEFAULTS } from '../topology/presets';
import { bundlePlan } from './bundlePlan';
import { DEFAULT_BUNDLE_OPTIONS } from './layouts';
import { opensslScript } from './opensslScript';

// kubeadm with a pool of 16 workers: some 25 certificates signed by the cluster CA. ECDSA keeps it quick.
const topology = topologyOf(
  expandDesign({
    presetId: 'kubeadm',
    params: {
      ...PRESET_DEFAULTS.kubeadm,
      keyAlgorithm: 'ECDSA-P256',
      workers: [{ name: 'pool', ip: '10.1.0.1', count: 16 }],
    },
    edits: NO_EDITS,
  }),
);
const plan = bundlePlan(topology, DEFAULT_BUNDLE_OPTIONS);
const base = fs.mkdtempSync(path.join(os.tmpdir(), 'make-certs-output-'));
const script = path.join(base, 'make-certs.sh');
afterAll(() => fs.rmSync(base, { recursive: true, force: true }));
beforeAll(() => fs.writeFileSync(script, opensslScript(topology)));

/** A fresh folder for one case, outside which the script must write nothing. */
function scratch(name: string): string {
  const dir = path.join(base, name);
  fs.mkdirSync(dir);
  return dir;
}

/** Runs the script on `out` as an operator would, under the usual umask 022, so only the script's own umask keeps files private. */
function makeCerts(out: string): SpawnSyncReturns<string> {
  return spawnSync('bash', ['-c', 'umask 022; exec bash "$0" "$1"', script, out], { encoding: 'utf8' });
}

/** Every entry under a folder, symbolic links as links: its kind, mode and content, by path. */
function snapshot(dir: string): Map<string, string> {
  const seen = new Map<string, string>();
  const walk = (rel: string) => {
    for (const name of fs.readdirSync(path.join(dir, rel)).sort()) {
      const child = path.join(rel, name);
      const full = path.join(dir, child);
      const stat = fs.lstatSync(full);
      const mode = (stat.mode & 0o7777).toString(8);
      if (stat.isSymbolicLink()) seen.set(child, `link -> ${fs.readlinkSync(full)}`);
      else if (stat.isDirectory()) {
        seen.set(child, `folder ${mode}`);
        walk(child);
      } else seen.set(child, `file ${mode} ${createHash('sha256').update(fs.readFileSync(full)).digest('hex')}`);
    }
  };
  walk('');
  return seen;
}

/** Each certificate the script made, by the CA that signed it: files, and those kubeconfigs embed. */
function certificatesByIssuer(out: string): Map<string, string[]> {
  const byCa = new Map<string, string[]>();
  const add = (caId: string, pem: string) => byCa.set(caId, [...(byCa.get(caId) ?? []), pem]);
  for (const ca of topology.cas) add(ca.parentCaId ?? ca.id, fs.readFileSync(path.join(out, ca.certFile), 'utf8'));
  for (const c of topology.credentials) {
    const placed = plan.files.find((f) => f.source === (c.files?.cert ?? c.kubeconfig?.file))!;
    const text = fs.readFileSync(path.join(out, placed.path), 'utf8');
    add(
      c.caId,
      c.files ? text : Buffer.from(parse(text).users[0].user['client-certificate-data'], 'base64').toString(),
    );
  }
  return byCa;
}

const serialOf = (pem: string) =>
  BigInt(
    `0x${execFileSync('openssl', ['x509', '-noout', '-serial'], { input: pem, encoding: 'utf8' })
      .trim()
      .replace(/^serial=/, '')}`,
  );

describe('make-certs.sh refuses an output folder it cannot write safely, before it writes anything', () => {
  const cases: Array<{ name: string; plant: (dir: string) => string; reason: RegExp }> = [
    {
      name: 'a folder whose pki/ is a symbolic link to another folder',
      plant: (dir) => (
        fs.mkdirSync(path.join(dir, 'out')),
        fs.symlinkSync('../elsewhere', path.join(dir, 'out/pki')),
        path.join(dir, 'out')
      ),
      reason: /\/out is not empty: it holds pki \(a symbolic link\)\. .*Nothing was changed\./,
    },
    {
      name: 'a folder that is not empty',
      plant: (dir) => (
        fs.mkdirSync(path.join(dir, 'out')),
        fs.writeFileSync(path.join(dir, 'out/notes.txt'), 'mine'),
        path.join(dir, 'out')
      ),
      reason:
        /\/out is not empty: it holds notes\.txt\. Give the path of a new or empty folder\. Nothing was changed\./,
    },
    {
      name: 'a folder holding a dangling symbolic link',
      plant: (dir) => (
        fs.mkdirSync(path.join(dir, 'out')),
        fs.symlinkSync('../elsewhere/ca.key', path.join(dir, 'out/ca.key')),
        path.join(dir, 'out')
      ),
      reason: /\/out is not empty: it holds ca\.key \(a symbolic link\)\./,
    },
    {
      name: 'an output path that is itself a symbolic link to a folder',
      plant: (dir) => (fs.symlinkSync('elsewhere', path.join(dir, 'out')), path.join(dir, 'out')),
      reason: /\/out is a symbolic link: give the path of a new or empty folder\. Nothing was changed\./,
    },
    {
      name: 'the same link given with a trailing slash',
      plant: (dir) => (fs.symlinkSync('elsewhere', path.join(dir, 'out')), `${path.join(dir, 'out')}//`),
      reason: /\/out is a symbolic link/,
    },
    {
      name: 'an output path that is a dangling symbolic link',
      plant: (dir) => (fs.symlinkSync('elsewhere/new', path.join(dir, 'out')), path.join(dir, 'out')),
      reason: /\/out is a symbolic link/,
    },
    {
      name: 'an output path that is a file',
      plant: (dir) => (fs.writeFileSync(path.join(dir, 'out'), 'mine'), path.join(dir, 'out')),
      reason: /\/out exists and is not a folder/,
    },
    {
      name: 'an output path in a folder that does not exist',
      plant: (dir) => path.join(dir, 'missing/out'),
      reason: /\/missing, the folder to make out in, does not exist/,
    },
    {
      name: 'a folder of twelve files, listed ten at a time',
      plant: (dir) => {
        fs.mkdirSync(path.join(dir, 'out'));
        for (let i = 10; i < 22; i++) fs.writeFileSync(path.join(dir, `out/f${i}`), '');
        return path.join(dir, 'out');
      },
      reason: /it holds f10, f11, .*f19, and 2 more\./,
    },
  ];

  it.each(cases)('$name', ({ name, plant, reason }) => {
    const dir = scratch(`refused-${cases.findIndex((c) => c.name === name)}`);
    fs.mkdirSync(path.join(dir, 'elsewhere'));
    const out = plant(dir);
    const before = snapshot(dir);
    const run = makeCerts(out);
    expect(run.status, run.stderr).toBe(1);
    expect(run.stderr).toMatch(reason);
    expect(run.stdout).toBe('');
    // Nothing written, here or in the other folder: not a key, not a work folder, not the output folder.
    expect(fs.readdirSync(path.join(dir, 'elsewhere'))).toEqual([]);
    expect(snapshot(dir)).toEqual(before);
  });

  it('names what the folder holds with every control and bidirectional-override character escaped', () => {
    const dir = scratch('refused-names');
    fs.mkdirSync(path.join(dir, 'out'));
    fs.writeFileSync(path.join(dir, 'out', '\u001b[2J\u001b]0;owned\u0007\u202eevil\nOK: done'), '');
    const run = makeCerts(path.join(dir, 'out'));
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(String.raw`it holds $'\E[2J\E]0;owned\a\342\200\256evil\nOK: done'.`);
    // One line, with no control or bidirectional-override character in it.
    expect(run.stderr.trimEnd()).not.toMatch(UNSAFE_CHARACTER);
  });
});

describe('make-certs.sh run into a new folder', () => {
  let out: string;
  let run: SpawnSyncReturns<string>;
  beforeAll(() => {
    out = path.join(scratch('clean'), 'out');
    run = makeCerts(out);
  });

  it("makes exactly the bundle's files and nothing else: no work folder, CSR or .srl file is left", () => {
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toBe(`Done: ${plan.files.length} files in ${out}.\n`);
    const files = [...snapshot(out)]
      .filter(([, kind]) => kind.startsWith('file'))
      .map(([p]) => p)
      .sort();
    expect(files).toEqual(plan.files.map((f) => f.path).sort());
    expect(fs.readdirSync(path.dirname(out))).toEqual(['out']);
  });

  it('leaves every private key, CA keys among them, mode 0600, and every folder it made 0700, under umask 022', () => {
    const keys = plan.files.filter((f) => f.path.endsWith('.key'));
    for (const ca of ['pki/ca.key', 'pki/etcd/ca.key', 'pki/front-proxy-ca.key', 'pki/sa.key'])
      expect(keys.map((f) => f.path)).toContain(ca);
    for (const f of keys) expect((fs.statSync(path.join(out, f.path)).mode & 0o777).toString(8), f.path).toBe('600');
    for (const f of plan.files)
      expect((fs.statSync(path.join(out, f.path)).mode & 0o777).toString(8), f.path).toBe(f.mode.toString(8));
    const folders = ['.', ...[...snapshot(out)].filter(([, kind]) => kind.startsWith('folder')).map(([p]) => p)];
    expect(folders.length).toBeGreaterThan(3);
    for (const p of folders) expect((fs.statSync(path.join(out, p)).mode & 0o777).toString(8), p).toBe('700');
  });

  it('gives each of the 20+ certificates of one CA its own serial of 63 random bits, none sequential', () => {
    const byCa = certificatesByIssuer(out);
    expect(byCa.get('ca:ca')!.length).toBeGreaterThanOrEqual(20);
    const all = [...byCa.values()].flat().map(serialOf);
    expect(new Set(all).size).toBe(all.length);
    for (const s of all) {
      expect(s > 0n).toBe(true);
      expect(s < 2n ** 63n, s.toString(16)).toBe(true);
    }
    for (const [caId, pems] of byCa) {
      const sorted = pems.map(serialOf).sort((a, b) => (a < b ? -1 : 1));
      // Random draws from 2^63 lie far apart: a counter's run of +1 steps, or any near neighbour, fails.
      for (let i = 1; i < sorted.length; i++)
        expect(
          sorted[i]! - sorted[i - 1]! > 2n ** 32n,
          `${caId}: ${sorted[i - 1]!.toString(16)}, ${sorted[i]!.toString(16)}`,
        ).toBe(true);
      if (sorted.length >= 20) expect(sorted.at(-1)! - sorted[0]! > 2n ** 56n, caId).toBe(true);
    }
  });
});

it("make-certs.sh fills an empty folder that is there already, and leaves the folder's own mode as it was", () => {
  const out = path.join(scratch('empty'), 'out');
  fs.mkdirSync(out, { mode: 0o750 });
  const run = makeCerts(out);
  expect(run.status, run.stderr).toBe(0);
  expect(fs.statSync(out).mode & 0o777).toBe(0o750);
  expect(
    [...snapshot(out)]
      .filter(([, kind]) => kind.startsWith('file'))
      .map(([p]) => p)
      .sort(),
  ).toEqual(plan.files.map((f) => f.path).sort());
});

describe('make-certs.sh leaves no part of a bundle when it does not finish', () => {
  const real = execFileSync('bash', ['-c', 'command -v openssl'], { encoding: 'utf8' }).trim();
  const control = scratch('control');
  const bin = path.join(control, 'bin');
  beforeAll(() => {
    fs.mkdirSync(bin);
    // openssl as the script calls it, but that at its FAKE_AT-th call fails, stops the script, or plants a file.
    fs.writeFileSync(
      path.join(bin, 'openssl'),
      [
        '#!/usr/bin/env bash',
        'n=$(( $(cat "$FAKE_COUNT") + 1 )); echo "$n" > "$FAKE_COUNT"',
        'if [ "$n" -eq "$FAKE_AT" ]; then',
        '  case $FAKE_DO in',
        '    fail) exit 1 ;;',
        '    stop) kill -TERM "$(cat "$FAKE_PID")" ;;',
        '    plant) echo planted > "$FAKE_PLANT" ;;',
        '  esac',
        'fi',
        `exec '${real}' "$@"`,
        '',
      ].join('\n'),
      { mode: 0o755 },
    );
  });

  function interrupted(name: string, what: 'fail' | 'stop' | 'plant' | 'count', at: number, existing = false) {
    const dir = scratch(name);
    const out = path.join(dir, 'out');
    if (existing) fs.mkdirSync(out);
    const [count, pid] = [path.join(control, `${name}.count`), path.join(control, `${name}.pid`)];
    fs.writeFileSync(count, '0');
    const before = snapshot(dir);
    const env = {
      ...process.env,
      PATH: `${bin}:${process.env.PATH}`,
      FAKE_COUNT: count,
      FAKE_PID: pid,
      FAKE_DO: what,
      FAKE_AT: String(at),
      FAKE_PLANT: path.join(out, 'late.txt'),
    };
    const run = spawnSync('bash', ['-c', 'echo $$ > "$FAKE_PID"; umask 022; exec bash "$0" "$1"', script, out], {
      encoding: 'utf8',
      env,
    });
    const calls = Number(fs.readFileSync(count, 'utf8'));
    // The run got as far as the call that was to go wrong.
    expect(calls).toBeGreaterThanOrEqual(at);
    return { dir, out, run, before, calls };
  }

  let calls = 0;
  beforeAll(() => {
    const counted = interrupted('counted', 'count', 0);
    expect(counted.run.status, counted.run.stderr).toBe(0);
    calls = counted.calls;
    expect(calls).toBeGreaterThan(100);
  });

  it.each([
    { call: 'the first serial draw', at: 2, existing: false },
    { call: "the first leaf's signing", at: 13, existing: false },
    { call: "the first leaf's signing", at: 13, existing: true },
    { call: 'the last openssl command', at: 0, existing: false },
  ])('$call failing, into a folder there before: $existing, leaves things as they were', ({ at, existing }) => {
    const { dir, run, before } = interrupted(`failed-${at}-${existing}`, 'fail', at || calls, existing);
    expect(run.status).toBe(1);
    expect(snapshot(dir)).toEqual(before);
  });

  it('a run stopped half-way by SIGTERM leaves things as they were', () => {
    const { dir, run, before } = interrupted('stopped', 'stop', 40);
    expect(run.signal ?? run.status).toBe('SIGTERM');
    expect(snapshot(dir)).toEqual(before);
  });

  it('a file that appears in the output folder while the files are made stops the move into place', () => {
    const { out, run } = interrupted('raced', 'plant', 2, true);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/\/out\/late\.txt appeared while the files were made\. Nothing was changed\./);
    expect(snapshot(out)).toEqual(new Map([['late.txt', expect.stringMatching(/^file /)]]));
  });
});
