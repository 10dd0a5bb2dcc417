import { Unzip, UnzipInflate, unzipSync, type UnzipFileInfo } from 'fflate';
import { IMPORT_LIMITS, sizeText } from './importLimits';
import { work } from '../topology/workMeter';
import { normalisePath, pathProblem, type FileEntry, type Rejection } from './importPaths';

/** What the import may still read: files and bytes left of IMPORT_LIMITS, shared by every input and zip. */
export interface ImportRoom {
  files: number;
  bytes: number;
}

/** What a zip gave: its files, the entries it would not give with their reasons, or why it was refused whole. */
export interface ZipContents {
  readonly files: FileEntry[];
  readonly rejected: Rejection[];
  /** Set when nothing of the archive is read: too many entries, too much to expand, sizes that lie. */
  readonly refused: string | null;
}

/** How much of the archive is pushed through the inflater at a time: deflate expands at most about 1032:1, so one push makes at most ~16 MiB. */
const PUSH_BYTES = 16 * 1024;

/** A zip by its "PK" local-file-header or (empty archive) end-of-directory magic: a saved download need not keep its .zip name. */
export function isZip(bytes: Uint8Array): boolean {
  return (
    bytes[0] === 0x50 && bytes[1] === 0x4b && ((bytes[2] === 3 && bytes[3] === 4) || (bytes[2] === 5 && bytes[3] === 6))
  );
}

const NESTED_ZIP = 'a zip inside the zip, which is not expanded: unzip it and import its files.';
const MISSING =
  "listed in the archive's directory, but its data is not where the directory says: the archive is damaged.";

class Refusal extends Error {}

/**
 * The central directory's entries, nothing inflated: the filter sees each entry's declared
 * sizes and keeps none. An archive listing more entries than an import reads stops there (a
 * ZIP64 directory may claim four billion).
 */
function listEntries(bytes: Uint8Array, room: ImportRoom): UnzipFileInfo[] {
  const entries: UnzipFileInfo[] = [];
  unzipSync(bytes, {
    filter: (entry) => {
      if (entries.length >= room.files) {
        throw new Refusal(
          `it holds more than ${room.files.toLocaleString('en')} entries, more than the import reads (at most ${IMPORT_LIMITS.files.toLocaleString('en')} files in all): not expanded.`,
        );
      }
      entries.push({
        name: entry.name,
        size: entry.size,
        originalSize: entry.originalSize,
        compression: entry.compression,
      });
      return false;
    },
  });
  return entries;
}

/** Why one entry is not inflated, from its name and declared sizes, or null. */
function entryProblem(entry: UnzipFileInfo): string | null {
  const named = pathProblem(entry.name);
  if (named) return named;
  if (entry.compression !== 0 && entry.compression !== 8) {
    return `compressed with method ${entry.compression}; only stored and deflated entries are read (is it encrypted?).`;
  }
  if (/\.zip$/i.test(entry.name)) return NESTED_ZIP;
  if (entry.originalSize > IMPORT_LIMITS.fileBytes) {
    const ratio = entry.size > 0 ? entry.originalSize / entry.size : Infinity;
    return ratio > IMPORT_LIMITS.zipRatio
      ? `it would expand ${Number.isFinite(ratio) ? `${Math.round(ratio)} times` : 'from nothing'} to ${sizeText(entry.originalSize)}: a zip bomb, not expanded.`
      : `${sizeText(entry.originalSize)}, larger than any certificate, key or kubeconfig (at most ${sizeText(IMPORT_LIMITS.fileBytes)}): not expanded.`;
  }
  return null;
}

/** Why the archive as a whole is not expanded, from what its directory declares, or null. */
function archiveProblem(entries: readonly UnzipFileInfo[], archiveBytes: number, room: ImportRoom): string | null {
  const expanded = entries.reduce((sum, e) => sum + e.originalSize, 0);
  if (expanded > room.bytes) {
    return `it would expand to ${sizeText(expanded)}, more than the import reads (at most ${sizeText(IMPORT_LIMITS.totalBytes)} in all): not expanded.`;
  }
  // Entries that share their compressed bytes (the overlapping-file zip bomb) claim more than the archive holds.
  const compressed = entries.reduce((sum, e) => sum + e.size, 0);
  if (compressed > archiveBytes)
    return 'its entries claim more compressed bytes than the archive holds, so its sizes lie: not expanded.';
  return null;
}

/**
 * Inflates the accepted entries, a slice of the archive at a time, counting what each makes:
 * the directory's sizes are only claims, and an entry that inflates beyond its claim stops the
 * archive at once (fflate's unzipSync would go on inflating it into the void).
 */
function inflateAccepted(
  bytes: Uint8Array,
  accepted: ReadonlyMap<string, UnzipFileInfo>,
): { files: Map<string, Uint8Array>; broken: Map<string, string>; refused: string | null } {
  const files = new Map<string, Uint8Array>();
  const broken = new Map<string, string>();
  const started = new Set<string>();
  let refused: string | null = null;
  let headers = 0;
  const unzip = new Unzip((file) => {
    // Local headers the directory does not list are skipped, but they are counted: fflate keeps a list per header.
    if (++headers > IMPORT_LIMITS.files)
      refused ??= 'it holds more file headers than its directory lists: not expanded.';
    const entry = accepted.get(file.name);
    if (refused || !entry || started.has(file.name)) return;
    started.add(file.name);
    const chunks: Uint8Array[] = [];
    let length = 0;
    file.ondata = (error, chunk, final) => {
      if (refused || broken.has(file.name)) return;
      if (error) {
        broken.set(file.name, `it does not inflate (${error.message}).`);
        return;
      }
      length += chunk.length;
      work.bytesInflated += chunk.length;
      if (length > entry.originalSize) {
        refused = `its entry ${file.name} inflates to more than the ${sizeText(entry.originalSize)} its header declares: a zip bomb or a damaged archive, not expanded.`;
        return;
      }
      chunks.push(chunk);
      if (!final) return;
      if (length < entry.originalSize) {
        broken.set(
          file.name,
          `it inflates to ${sizeText(length)}, less than the ${sizeText(entry.originalSize)} its header declares: the archive is damaged.`,
        );
        return;
      }
      const data = new Uint8Array(length);
      let at = 0;
      for (const c of chunks) {
        data.set(c, at);
        at += c.length;
      }
      files.set(file.name, data);
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  for (let at = 0; at < bytes.length && !refused; at += PUSH_BYTES) {
    unzip.push(bytes.subarray(at, at + PUSH_BYTES), at + PUSH_BYTES >= bytes.length);
  }
  return { files, broken, refused };
}

/**
 * The files of a zip archive, within what the import may still read (`room`, which it uses up):
 * the directory is judged before anything is inflated (entry count, names, declared sizes and
 * ratios, nested zips), then each accepted entry is inflated under a guard on what it really makes.
 */
export function readZip(path: string, bytes: Uint8Array, room: ImportRoom): ZipContents {
  const refuse = (reason: string): ZipContents => ({ files: [], rejected: [], refused: reason });
  let entries: UnzipFileInfo[];
  try {
    entries = listEntries(bytes, room);
  } catch (error) {
    return refuse(
      error instanceof Refusal
        ? error.message
        : `${path} is not a readable zip archive (${error instanceof Error ? error.message : String(error)}).`,
    );
  }
  const problem = archiveProblem(entries, bytes.length, room);
  if (problem) return refuse(problem);

  const rejected: Rejection[] = [];
  const accepted = new Map<string, UnzipFileInfo>();
  for (const entry of entries) {
    // Folders and the resource forks macOS adds are not files of the tree.
    if (entry.name.endsWith('/') || normalisePath(entry.name).startsWith('__MACOSX/')) continue;
    const reason = accepted.has(entry.name)
      ? 'a second entry with the same name: only the first is read.'
      : entryProblem(entry);
    if (reason) rejected.push({ path: `${path}/${entry.name}`, reason });
    else accepted.set(entry.name, entry);
  }

  let inflated: ReturnType<typeof inflateAccepted>;
  try {
    inflated = inflateAccepted(bytes, accepted);
  } catch (error) {
    return refuse(`${path} is not a readable zip archive (${error instanceof Error ? error.message : String(error)}).`);
  }
  if (inflated.refused) return refuse(inflated.refused);
  const files: FileEntry[] = [];
  for (const name of accepted.keys()) {
    const data = inflated.files.get(name);
    const reason = inflated.broken.get(name) ?? (data === undefined ? MISSING : isZip(data) ? NESTED_ZIP : null);
    if (data && reason === null) files.push({ path: normalisePath(name), bytes: data });
    else rejected.push({ path: `${path}/${name}`, reason: reason ?? MISSING });
  }
  room.files -= files.length;
  room.bytes -= files.reduce((sum, f) => sum + f.bytes.length, 0);
  return { files, rejected, refused: null };
}
