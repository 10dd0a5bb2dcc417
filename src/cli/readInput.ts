import { constants, type Stats } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { sizeText } from '../export/importLimits';
import { InputError } from './io';

/** A path's kind in words, for a refusal: only regular files are ever read. */
export function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a named pipe';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/** Why a file could not be opened, as a person says it. */
export function openFailure(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or folder';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ELOOP') return 'a loop of symbolic links';
  return error instanceof Error ? error.message : String(error);
}

/** Reads at most `limit` bytes; more than that means the file grew past its cap while it was read. */
async function readUpTo(handle: FileHandle, limit: number): Promise<Uint8Array | null> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const chunk = new Uint8Array(Math.min(1024 * 1024, limit + 1 - total));
    const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
    if (bytesRead === 0) break;
    chunks.push(chunk.subarray(0, bytesRead));
    total += bytesRead;
    if (total > limit) return null;
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.length;
  }
  return bytes;
}

/**
 * A regular file's bytes, at most `maxBytes` of them. Judged on the open file itself, before a
 * byte is read: a FIFO is opened without waiting for a writer (O_NONBLOCK) and refused, as are
 * devices (/dev/zero never ends), sockets and folders; a file over the cap is refused by its
 * size and, should it grow while it is read, by the bytes. Every refusal names the file.
 */
export async function readRegularFile(path: string, maxBytes: number, what: string): Promise<Uint8Array> {
  let handle: FileHandle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw new InputError(`${path}: ${openFailure(error)}`);
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw new InputError(`${path} is ${kindOf(stats)}, not ${what}: only regular files are read.`);
    const tooLarge = (size: string) =>
      new InputError(`${path} is ${size}, larger than ${what} can be (at most ${sizeText(maxBytes)}): not read.`);
    if (stats.size > maxBytes) throw tooLarge(sizeText(stats.size));
    const bytes = await readUpTo(handle, maxBytes);
    if (!bytes) throw tooLarge(`over ${sizeText(maxBytes)}`);
    return bytes;
  } finally {
    await handle.close();
  }
}
