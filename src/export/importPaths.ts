import { UNSAFE_CHARACTER } from '../topology/fieldRules';

/** One file read by an import, named by its path relative to the tree it came from. */
export interface FileEntry {
  readonly path: string;
  readonly bytes: Uint8Array;
}

/** A file or zip entry an import did not use, with the reason in one sentence. */
export interface Rejection {
  readonly path: string;
  readonly reason: string;
}

/** The longest file or zip entry name read: deep enough for a backup's full path, short enough to show. */
const MAX_NAME_LENGTH = 500;

/** A name as the person's tools write it: a leading ./ means nothing. */
export function normalisePath(name: string): string {
  return name.replace(/^(\.\/)+/, '');
}

/**
 * Why a file or zip entry name cannot be used as a path, or null. Nothing is ever written
 * under these names, but they pick roles (pki/ca.crt, nodes/<name>/...) and appear in the
 * report, so one that climbs out (`..`), starts at the root, hides a Windows path behind `\`
 * or holds a control character is refused with its reason (the zip-slip family).
 */
export function pathProblem(name: string): string | null {
  if (name === '') return 'a file with an empty name: not read.';
  if (name.length > MAX_NAME_LENGTH)
    return `a name of ${name.length} characters (at most ${MAX_NAME_LENGTH}): not read.`;
  const control = UNSAFE_CHARACTER.exec(name);
  if (control)
    return `a name holding the control character U+${control[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}: not read.`;
  if (name.includes('\\')) return 'a name with a backslash (\\), which a zip does not use between folders: not read.';
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name))
    return 'an absolute path: an import reads only paths relative to the tree.';
  if (name.split('/').includes('..')) return 'a path that climbs out of its folder (..): not read.';
  return null;
}

/** Drops folders every path shares (kubernetes/, etc/kubernetes/), stopping at kubeadm's own. */
export function stripCommonFolder(entries: readonly FileEntry[]): FileEntry[] {
  // Loose files beside the tree (a README, a CSR) neither block nor take part in it.
  const flat = entries.filter((e) => !e.path.includes('/'));
  let nested = entries.filter((e) => e.path.includes('/'));
  for (;;) {
    const first = nested[0]?.path.split('/')[0];
    if (!first || ['pki', 'nodes', 'etcd'].includes(first)) break;
    if (!nested.every((e) => e.path.startsWith(`${first}/`))) break;
    nested = nested.map((e) => ({ ...e, path: e.path.slice(first.length + 1) }));
  }
  return [...flat, ...nested];
}
