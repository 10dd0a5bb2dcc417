// Test helper: a generated bundle written to a temp dir, so independent tools (openssl,
// node:tls) can read the files exactly as a user would unzip them.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Topology } from '../../topology/model';
import type { BundleFile } from '../bundleFile';
import { buildBundleFiles } from '../bundle';
import { generatePki, type GeneratedPki } from '../generate';

export interface TempDir {
  readonly dir: string;
  /** Absolute path of a path relative to the dir. */
  path(rel: string): string;
  /** Writes a file (creating its folders) and returns its absolute path. */
  write(rel: string, content: string | Uint8Array, mode?: number): string;
  cleanup(): void;
}

export interface BundleOnDisk extends TempDir {
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
export async function writeBundle(topology: Topology): Promise<BundleOnDisk> {
  const pki = await generatePki(topology);
  const files = buildBundleFiles(topology, pki);
  const tmp = makeTempDir('k8s-bundle-');
  for (const file of files) tmp.write(file.path, file.content, file.mode);
  return { ...tmp, topology, files, pki };
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

/** Every path a bundle of this design holds in its own layout: the design's files, the script and the README. */
export function designedPaths(topology: Topology): string[] {
  const expected = new Set<string>(['README.txt', 'make-certs.sh']);
  for (const ca of topology.cas) expected.add(ca.certFile).add(ca.keyFile);
  for (const c of topology.credentials) {
    if (c.files) expected.add(c.files.cert).add(c.files.key);
    if (c.kubeconfig) expected.add(c.kubeconfig.file);
  }
  for (const kp of topology.keyPairs) expected.add(kp.privateFile).add(kp.publicFile);
  return [...expected].sort();
}
