// Test helper: a generated bundle written to a temp dir, so independent tools (openssl,
// node:tls) can read the files exactly as a user would unzip them.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Topology } from '../../topology/model';
import type { BundleFile } from '../bundleFile';
import { buildBundleFiles } from '../bundle';
import { bundlePlan, isBundleOnly, onHost, sourceFiles } from '../bundlePlan';
import { DEFAULT_BUNDLE_OPTIONS } from '../layouts';
import { generatePki, type GenerateOptions, type GeneratedPki } from '../generate';

export interface TempDir {
  readonly dir: string;
  /** Absolute path of a path relative to the dir. */
  path(rel: string): string;
  /** Writes a file (creating its folders) and returns its absolute path. */
  write(rel: string, content: string | Uint8Array, mode?: number): string;
  cleanup(): void;
}

export interface BundleOnDisk extends TempDir {
  /**
   * Absolute path of a file by its zip path or, for a design file the layout put only in its
   * host's folder (a custom component's on a worker), by its design path.
   */
  path(rel: string): string;
  readonly topology: Topology;
  readonly files: readonly BundleFile[];
  readonly pki: GeneratedPki;
}

/** A fresh directory under os.tmpdir(). */
export function makeTempDir(prefix = 'k8s-tls-'): TempDir {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const abs = (rel: string) => path.join(dir, rel);
  return {
    dir,
    path: abs,
    write(rel, content, mode = 0o600) {
      const file = abs(rel);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, content, { mode });
      return file;
    },
    cleanup() {
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Generates the PKI of a topology and writes its bundle files (with their modes) to a temp dir. */
export async function writeBundle(topology: Topology, options: GenerateOptions = {}): Promise<BundleOnDisk> {
  const pki = await generatePki(topology, options);
  const files = buildBundleFiles(topology, pki);
  const tmp = makeTempDir('k8s-bundle-');
  for (const file of files) tmp.write(file.path, file.content, file.mode);
  const inZip = new Set(files.map((f) => f.path));
  const moved = new Map<string, string>();
  for (const f of bundlePlan(topology, DEFAULT_BUNDLE_OPTIONS).files)
    if (!moved.has(f.source)) moved.set(f.source, f.path);
  const path = (rel: string) => tmp.path(inZip.has(rel) ? rel : (moved.get(rel) ?? rel));
  return { ...tmp, path, topology, files, pki };
}

export interface BundleCache {
  /** The bundle of a topology, written on the first call for its key and shared after that. */
  get(key: string, topology: Topology): Promise<BundleOnDisk>;
  /** Removes every bundle written (one that failed to generate has nothing to remove). */
  cleanup(): Promise<void>;
}

/**
 * Bundles that start generating as soon as they are asked for: WebCrypto key generation runs on
 * libuv's thread pool, so several bundles' keys are made concurrently while the cheap ones are
 * already being checked. A failure is reported to whoever awaits the bundle, not as unhandled.
 */
export function bundleCache(): BundleCache {
  const pending = new Map<string, Promise<BundleOnDisk>>();
  return {
    get(key, topology) {
      let bundle = pending.get(key);
      if (!bundle) {
        bundle = writeBundle(topology);
        bundle.catch(() => undefined); // reported by the awaiting beforeAll, not as unhandled
        pending.set(key, bundle);
      }
      return bundle;
    },
    async cleanup() {
      for (const bundle of pending.values()) (await bundle.catch(() => null))?.cleanup();
    },
  };
}

/** A file's text (UTF-8). */
export function read(file: string): string {
  return fs.readFileSync(file, 'utf8');
}

/** Runs the openssl binary and returns its stdout; throws (with stderr) on a non-zero exit. */
export function openssl(args: readonly string[]): string {
  return execFileSync('openssl', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Runs openssl and reports success and its combined output instead of throwing. */
export function opensslResult(args: readonly string[]): { ok: boolean; output: string } {
  try {
    return { ok: true, output: openssl(args) };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    return { ok: false, output: `${e.stdout ?? ''}${e.stderr ?? ''}` || e.message };
  }
}

/**
 * Checks a bundle in the design layout against its design: each path once; every design file
 * in it, at its design path unless the layout put it only in its host's nodes/<name>/ folder;
 * every other file a copy, byte for byte, of a design file into such a folder; and beside them
 * only the script and the README.
 */
export function expectDesignFiles(topology: Topology, files: readonly BundleFile[]): void {
  const paths = files.map((f) => f.path);
  if (new Set(paths).size !== paths.length) throw new Error('duplicate paths in the bundle');
  const byPath = new Map(files.map((f) => [f.path, f]));
  const design = sourceFiles(topology, false);
  const copiesOf = new Map<string, BundleFile[]>();
  for (const f of files) {
    if (isBundleOnly(f.path)) continue;
    const source = design.has(f.path)
      ? f.path
      : [...design.keys()].find((s) => f.path === `${f.path.match(/^nodes\/[^/]+\//)?.[0]}${onHost(s)}`);
    if (!source) throw new Error(`${f.path} is no file of the design`);
    copiesOf.set(source, [...(copiesOf.get(source) ?? []), f]);
  }
  for (const source of design.keys()) {
    const copies = copiesOf.get(source);
    if (!copies) throw new Error(`${source} is not in the bundle`);
    const original = byPath.get(source) ?? copies[0]!;
    for (const c of copies)
      if (c.content !== original.content) throw new Error(`${c.path} differs from ${original.path}`);
  }
  for (const extra of ['README.txt', 'make-certs.sh']) if (!byPath.has(extra)) throw new Error(`${extra} is missing`);
}
