// What one import reads at most. A kubeadm /etc/kubernetes holds about 30 files of a few KiB
// each; these bounds sit far above that and far below what would freeze or fill the page, so
// a hostile file is refused with a reason before it costs time or memory.

import { visible } from '../topology/fieldRules';

const MiB = 1024 * 1024;

export const IMPORT_LIMITS = {
  /** Files of one import (picked, dropped or in a folder), and entries of one zip. */
  files: 2_000,
  /**
   * Bytes of one import in all, and what the entries of one zip may expand to in all: a kubeadm
   * tree is about 100 KiB, and decoding certificates costs up to ~30 ms per MiB of hostile DER.
   */
  totalBytes: 16 * MiB,
  /**
   * The largest certificate, key or kubeconfig read, in a zip or not: a bundle of a few hundred
   * certificates is under 1 MiB. A larger zip entry is never inflated.
   */
  fileBytes: 1 * MiB,
  /** A zip entry that claims to expand more than this many times is a zip bomb (PEM and YAML deflate about 2:1 to 4:1). */
  zipRatio: 100,
  /**
   * Certificates decoded and keys compared in one import (about 1 ms and 0.5 ms each): a kubeadm
   * control-plane node holds about 20 of each, a worker one of each in its kubelet.conf.
   */
  certificates: 500,
  keys: 500,
  /** PEM blocks in one file: a certificate with its chain and key holds a few, a CA bundle a few dozen. */
  pemBlocks: 100,
  /** Aliases in one kubeconfig (kubectl writes none): more is a "billion laughs" alias bomb. */
  yamlAliases: 100,
  /**
   * Lines and YAML marks (: - [ ] { } , and the like) parsed in all, over every kubeconfig of
   * the import. The parser's time grows with these, up to ~20 µs each for hostile nesting, not
   * with the base64 that fills a kubeconfig: kubeadm's have about 60, so 300 kubeconfigs fit.
   */
  yamlMarks: 20_000,
} as const;

/** A size for a sentence: bytes, KiB, MiB or GiB. */
export function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < MiB) return `${(bytes / 1024).toFixed(1)} KiB`;
  if (bytes < 1024 * MiB) return `${(bytes / MiB).toFixed(1)} MiB`;
  return `${(bytes / (1024 * MiB)).toFixed(1)} GiB`;
}

/** One input as the limits judge it: its name (for the message) and its size. */
export interface SizedInput {
  readonly name: string;
  readonly size: number;
}

/**
 * Why a set of files is too much to read, or null: checked on the files' sizes before any is
 * read (a folder of 100,000 files, a 4 GiB disk image), and again on the bytes. A refusal for
 * size names the largest file, the one to leave out.
 */
export function inputsProblem(inputs: readonly SizedInput[]): string | null {
  if (inputs.length > IMPORT_LIMITS.files) {
    return `more files than an import reads (at most ${IMPORT_LIMITS.files.toLocaleString('en')}; a kubeadm /etc/kubernetes holds about 30).`;
  }
  const total = inputs.reduce((sum, input) => sum + input.size, 0);
  if (total > IMPORT_LIMITS.totalBytes) {
    const largest = inputs.reduce((a, b) => (b.size > a.size ? b : a));
    return `these files hold ${sizeText(total)}, more than an import reads (at most ${sizeText(IMPORT_LIMITS.totalBytes)}); the largest is ${visible(largest.name)} (${sizeText(largest.size)}).`;
  }
  return null;
}
