// The command line as an attacker who controls a folder or a file would meet it (issue 18), run as
// a person runs it: the bin in a child process. Where the zip goes (never through a link, never
// over a file without --force, never over the input, always 0600, `-` for a pipe), what it reads
// (regular files within their caps, the file named in every refusal, why a zip was refused) and
// what it prints (no terminal escape or bidi override from a file ever reaches the terminal).
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_EDITS, type Design } from '../topology/design';
import { designFileText } from '../topology/designSchema';
import { UNSAFE_CHARACTER } from '../topology/fieldRules';
import { PRESET_DEFAULTS } from '../topology/presets';
import { builtCli } from './testing/builtCli';
import { makeTempDir, openssl, type TempDir } from '../export/testing/bundleOnDisk';

const BIN = builtCli();
/**
 * One run of the command line. The timeout only keeps a hang from blocking the suite: every read
 * is judged before it starts, so a run that reaches it has failed (status null), not run slowly.
 */
const cli = (args: readonly string[], options: { cwd?: string; umask?: string } = {}) =>
  spawnSync('sh', ['-c', `umask ${options.umask ?? '022'} && exec "$0" "$@"`, process.execPath, BIN, ...args], {
    cwd: options.cwd,
    timeout: 120_000,
    maxBuffer: 64 * 1024 * 1024,
  });
const text = (bytes: Buffer | null) => bytes?.toString('utf8') ?? '';

const kubeadm: Design = {
  presetId: 'kubeadm',
  params: { ...PRESET_DEFAULTS.kubeadm, keyAlgorithm: 'ECDSA-P256' },
  edits: NO_EDITS,
};
/** ESC [2J clears the screen, ESC [H homes the cursor, ESC ]0;…BEL sets the title, then a fake verdict and a right-to-left override. */
const EVIL = '\u001b[2J\u001b[H\u001b]0;owned\u0007\nOK: no problems found\u202e';
const UNSAFE_EXCEPT_NEWLINE = new RegExp(
  UNSAFE_CHARACTER.source.replace('\\u0000-\\u001f', '\\u0000-\\u0009\\u000b-\\u001f'),
  'u',
);

let dir: TempDir;
let design: string;
beforeAll(() => {
  dir = makeTempDir('cli-safety-');
  design = dir.write('design.json', designFileText(kubeadm), 0o644);
});
afterAll(() => dir?.cleanup());

/** The names in a folder, temporary files included: a refused or finished write leaves none behind. */
const names = (at: string) => fs.readdirSync(at).sort();

describe('where the zip is written', () => {
  it('refuses a symbolic link at -o: the file it points at is unchanged, and nothing else appears', () => {
    const out = dir.path('link-case');
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, 'victim'), 'precious\n');
    fs.symlinkSync(path.join(out, 'victim'), path.join(out, 'link.zip'));
    fs.symlinkSync(path.join(out, 'nowhere'), path.join(out, 'dangling.zip'));
    for (const target of ['link.zip', 'dangling.zip']) {
      for (const force of [[], ['--force']]) {
        const run = cli(['generate', design, '-o', target, ...force], { cwd: out });
        expect(run.status, text(run.stderr)).toBe(2);
        expect(text(run.stderr)).toContain(`${target} is a symbolic link`);
      }
    }
    expect(fs.readFileSync(path.join(out, 'victim'), 'utf8')).toBe('precious\n');
    expect(fs.lstatSync(path.join(out, 'link.zip')).isSymbolicLink()).toBe(true);
    expect(names(out)).toEqual(['dangling.zip', 'link.zip', 'victim']);
  });

  it('refuses an existing file, replaces it with --force, and never writes over the design it reads', () => {
    const out = dir.path('existing-case');
    fs.mkdirSync(out);
    const existing = path.join(out, 'bundle.zip');
    fs.writeFileSync(existing, 'old\n', { mode: 0o644 });
    const refused = cli(['generate', design, '-o', existing]);
    expect(refused.status).toBe(2);
    expect(text(refused.stderr)).toMatch(/bundle\.zip already exists: nothing was written\. Use --force/);
    expect(fs.readFileSync(existing, 'utf8')).toBe('old\n');

    const forced = cli(['generate', design, '-o', existing, '--force']);
    expect(forced.status, text(forced.stderr)).toBe(0);
    expect(Object.keys(unzipSync(fs.readFileSync(existing)))).toContain('kubernetes/pki/ca.key');
    expect(fs.statSync(existing).mode & 0o777).toBe(0o600);

    // The input, by its own name, through a link and through a hard link: never written over.
    const before = fs.readFileSync(design, 'utf8');
    fs.symlinkSync(design, path.join(out, 'design-link.json'));
    fs.linkSync(design, path.join(out, 'design-hard.json'));
    for (const target of [design, path.join(out, 'design-hard.json')]) {
      const run = cli(['generate', path.join(out, 'design-link.json'), '-o', target, '--force']);
      expect(run.status).toBe(2);
      expect(text(run.stderr)).toMatch(/is the file this command reads: it is never written over/);
    }
    expect(fs.readFileSync(design, 'utf8')).toBe(before);
    expect(names(out)).toEqual(['bundle.zip', 'design-hard.json', 'design-link.json']);
  });

  it('writes a new zip 0600 under umask 022 (and 000), and -o - pipes the zip to standard output, where openssl verifies it', () => {
    const out = dir.path('mode-case');
    fs.mkdirSync(out);
    for (const umask of ['022', '000']) {
      const run = cli(['generate', design, '-o', `b${umask}.zip`], { cwd: out, umask });
      expect(run.status, text(run.stderr)).toBe(0);
      expect(fs.statSync(path.join(out, `b${umask}.zip`)).mode & 0o777).toBe(0o600);
    }
    const piped = cli(['generate', design, '-o', '-'], { cwd: out });
    expect(piped.status, text(piped.stderr)).toBe(0);
    expect(text(piped.stderr)).toMatch(/to standard output\./);
    const files = unzipSync(new Uint8Array(piped.stdout));
    const unpacked = dir.path('piped');
    for (const name of ['kubernetes/pki/ca.crt', 'kubernetes/pki/apiserver.crt'])
      dir.write(`piped/${name}`, files[name]!);
    expect(
      openssl([
        'verify',
        '-CAfile',
        path.join(unpacked, 'kubernetes/pki/ca.crt'),
        path.join(unpacked, 'kubernetes/pki/apiserver.crt'),
      ]),
    ).toContain(': OK');
    // Nothing named "-", and no temporary file left beside the zips.
    expect(names(out)).toEqual(['b000.zip', 'b022.zip']);
  });
});

describe('what is read', () => {
  it('refuses a FIFO, a device and a folder as a design, naming each, without waiting on them', () => {
    const fifo = dir.path('design.fifo');
    execFileSync('mkfifo', [fifo]);
    for (const [input, kind] of [
      [fifo, 'a named pipe'],
      ['/dev/zero', 'a device'],
      [dir.dir, 'a folder'],
    ] as const) {
      for (const command of [
        ['check', input],
        ['generate', input, '-o', dir.path('never.zip')],
      ]) {
        const run = cli(command);
        expect(run.status, `${command.join(' ')}: ${text(run.stderr)}`).toBe(2);
        expect(text(run.stderr)).toContain(`${input} is ${kind}, not a design file`);
      }
    }
    expect(fs.existsSync(dir.path('never.zip'))).toBe(false);
    const audit = cli(['audit', fifo]);
    expect(audit.status).toBe(2);
    expect(text(audit.stderr)).toContain(`${fifo} is a named pipe`);
  });

  it("refuses a design file over the browser's 8 MB cap by its size, and opens one that starts with a byte-order mark", () => {
    const big = dir.path('big.json');
    fs.writeFileSync(big, '');
    fs.truncateSync(big, 8_000_001);
    const run = cli(['check', big]);
    expect(run.status).toBe(2);
    expect(text(run.stderr)).toMatch(/big\.json is 7\.6 MiB, larger than a design file can be/);
    const bom = dir.write('bom.json', `\ufeff${designFileText(kubeadm)}`);
    const opened = cli(['check', bom]);
    expect(opened.status, text(opened.stdout) + text(opened.stderr)).toBe(0);
  });

  it('names the file that makes a folder too large to audit, and says why each hostile zip was refused', () => {
    const folder = dir.path('huge');
    fs.mkdirSync(folder);
    fs.writeFileSync(path.join(folder, 'ca.crt'), 'not a certificate');
    fs.writeFileSync(path.join(folder, 'disk.img'), '');
    fs.truncateSync(path.join(folder, 'disk.img'), 3 * 1024 ** 3); // sparse: 3 GiB claimed, nothing stored
    const huge = cli(['audit', folder]);
    expect(huge.status).toBe(2);
    expect(text(huge.stderr)).toMatch(/the largest is huge\/disk\.img \(3\.0 GiB\)/);

    const deflatedZeros = zipSync({ 'ca.crt': new Uint8Array(200 * 1024 * 1024) }, { level: 9 });
    const many = zipSync(
      Object.fromEntries(Array.from({ length: 2_500 }, (_, i) => [`f${i}.crt`, new Uint8Array([120])])),
      { level: 0 },
    );
    const nested = zipSync({ 'inner.zip': zipSync({ 'ca.crt': new Uint8Array([1]) }) });
    // Random bytes do not deflate: cut at 200 bytes, the archive ends inside its only entry, with no directory.
    const corrupt = zipSync({ 'ca.crt': crypto.getRandomValues(new Uint8Array(4096)) }).slice(0, 200);
    const cases: Array<[string, Uint8Array, RegExp]> = [
      ['bomb.zip', deflatedZeros, /bomb\.zip: it would expand to 200\.0 MiB, more than the import reads/],
      ['many.zip', many, /many\.zip: it holds more than 2,000 entries/],
      ['nested.zip', nested, /nested\.zip\/inner\.zip: a zip inside the zip, which is not expanded/],
      ['corrupt.zip', corrupt, /corrupt\.zip: .*not a readable zip archive/],
    ];
    for (const [name, bytes, reason] of cases) {
      const run = cli(['audit', dir.write(name, bytes)]);
      expect(run.status, name).toBe(2);
      expect(text(run.stderr), name).toMatch(reason);
    }
  });

  it('takes --warn-days as plain decimal digits within its range only', () => {
    const pki = dir.path('empty-pki');
    fs.mkdirSync(pki);
    for (const bad of ['', '1e3', '0x10', '-1', '36501', '1.5', ' 7', '+3']) {
      const run = cli(['audit', pki, '--warn-days', bad]);
      expect(run.status, bad).toBe(2);
      // parseArgs itself refuses a value that looks like an option (-1); the rest reach the number rule.
      expect(text(run.stderr), bad).toMatch(
        bad === '-1'
          ? /'--warn-days' argument is ambiguous/
          : /--warn-days is a whole number from 0 to 36500, written in digits/,
      );
    }
  });
});

describe('what is printed', () => {
  /** Every byte of a run's output, checked for the characters that drive a terminal or reverse text. */
  const expectNoControls = (run: ReturnType<typeof cli>, what: string) => {
    const output = text(run.stdout) + text(run.stderr);
    expect(output.length, what).toBeGreaterThan(0);
    expect(output, what).not.toMatch(UNSAFE_EXCEPT_NEWLINE);
    expect(output, what).not.toMatch(/OK: no problems found\n/);
  };

  it('a cluster name of escape codes reaches check and generate only as escapes, in text and JSON', () => {
    const file = JSON.parse(designFileText(kubeadm)) as { design: Design };
    file.design = { ...file.design, params: { ...file.design.params, clusterName: EVIL } };
    const evil = dir.write('evil.json', JSON.stringify(file));
    for (const args of [
      ['check', evil],
      ['check', evil, '--json'],
      ['generate', evil, '-o', dir.path('evil.zip')],
    ]) {
      const run = cli(args);
      expect(run.status, args.join(' ')).toBe(2);
      expectNoControls(run, args.join(' '));
      expect(text(run.stderr)).toContain(
        '\\u001B[2J\\u001B[H\\u001B]0;owned\\u0007\\u000AOK: no problems found\\u202E',
      );
    }
  });

  it('audit of a PKI whose kubeconfig and file names hold escape codes prints them as escapes', () => {
    const zip = dir.path('clean.zip');
    expect(cli(['generate', design, '-o', zip]).status).toBe(0);
    const files = unzipSync(fs.readFileSync(zip));
    const pki = dir.path('evil-pki');
    for (const [name, bytes] of Object.entries(files)) dir.write(`evil-pki/${name}`, bytes);
    const admin = path.join(pki, 'kubernetes/admin.conf');
    const config = parse(fs.readFileSync(admin, 'utf8')) as {
      clusters: Array<{ name: string }>;
      contexts: Array<{ context: { cluster: string } }>;
    };
    config.clusters[0]!.name = EVIL;
    config.contexts[0]!.context.cluster = EVIL;
    fs.writeFileSync(admin, stringify(config));
    fs.writeFileSync(path.join(pki, `kubernetes/${EVIL.replace(/\n/g, ' ')}.crt`), 'not a certificate');
    for (const args of [
      ['audit', pki],
      ['audit', pki, '--json'],
    ]) {
      const run = cli(args);
      expect(run.status, text(run.stderr)).not.toBeNull();
      expectNoControls(run, args.join(' '));
      expect(text(run.stdout) + text(run.stderr)).toMatch(/\\u001b\[2J/i);
    }
  });
});
