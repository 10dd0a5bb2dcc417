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
