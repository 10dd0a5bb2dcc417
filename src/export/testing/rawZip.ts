// Test helper: a zip written byte by byte, so a test can make the archives no zip tool would:
// names that climb out or hold control characters, sizes that lie, entries that share bytes,
// compression methods nobody reads.
import { crc32, deflateRawSync } from 'node:zlib';

export interface RawZipEntry {
  /** The name as written; a string is written as UTF-8 with the UTF-8 flag set. */
  readonly name: string;
  /** The bytes as they sit in the archive: already deflated when `method` is 8. */
  readonly data: Uint8Array;
  /** 0 stored, 8 deflated, anything else to test refusals. */
  readonly method: number;
  /** The uncompressed size both headers declare. */
  readonly originalSize: number;
  /** A different uncompressed size for the central directory only (the local header keeps `originalSize`). */
  readonly centralOriginalSize?: number;
  /** The compressed size both headers declare; the data's length by default. */
  readonly compressedSize?: number;
  readonly crc?: number;
}

export interface RawZipOptions {
  /** Extra central-directory records pointing at the first entry's local header (the overlapping-file zip bomb). */
  readonly overlappingCopies?: number;
  /** The entry count the end-of-directory record claims, whatever the directory holds. */
  readonly claimedEntries?: number;
  /** A ZIP64 end-of-directory record (and its locator) claiming this many entries. */
  readonly zip64Entries?: number;
}

/** An entry stored as is, sizes and CRC true. */
export function storedEntry(name: string, bytes: Uint8Array): RawZipEntry {
  return { name, data: bytes, method: 0, originalSize: bytes.length, crc: crc32(bytes) };
}

/** An entry deflated with zlib, sizes and CRC true. */
export function deflatedEntry(name: string, bytes: Uint8Array): RawZipEntry {
  return {
    name,
    data: new Uint8Array(deflateRawSync(bytes, { level: 9 })),
    method: 8,
    originalSize: bytes.length,
    crc: crc32(bytes),
  };
}

class Writer {
  private readonly parts: Uint8Array[] = [];
  length = 0;
  bytes(b: Uint8Array): void {
    this.parts.push(b);
    this.length += b.length;
  }
  u16(v: number): void {
    this.bytes(new Uint8Array([v & 0xff, (v >>> 8) & 0xff]));
  }
  u32(v: number): void {
    this.bytes(new Uint8Array([v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff]));
  }
  done(): Uint8Array {
    return Buffer.concat(this.parts);
  }
}

/** A zip archive of the entries exactly as described, lies included. */
/**
 * The fields a local header and its central-directory record share, from the flags (UTF-8 names)
 * to the extra-field length; the central one may claim another size.
 */
function shared(out: Writer, entry: RawZipEntry, name: Uint8Array, originalSize: number): void {
  out.u16(0x0800);
  out.u16(entry.method);
  out.u16(0);
  out.u16(0x21);
  out.u32(entry.crc ?? 0);
  out.u32(entry.compressedSize ?? entry.data.length);
  out.u32(originalSize);
  out.u16(name.length);
  out.u16(0);
}

export function rawZip(entries: readonly RawZipEntry[], options: RawZipOptions = {}): Uint8Array {
  const out = new Writer();
  const records: Array<{ entry: RawZipEntry; name: Uint8Array; offset: number }> = [];
  for (const entry of entries) {
    const name = new TextEncoder().encode(entry.name);
    records.push({ entry, name, offset: out.length });
    out.u32(0x04034b50);
    out.u16(20);
    shared(out, entry, name, entry.originalSize);
    out.bytes(name);
    out.bytes(entry.data);
  }
  const first = records[0];
  const all = first ? [...records, ...Array.from({ length: options.overlappingCopies ?? 0 }, () => first)] : records;
  const directory = out.length;
  for (const { entry, name, offset } of all) {
    out.u32(0x02014b50);
    out.u16(20);
    out.u16(20);
    shared(out, entry, name, entry.centralOriginalSize ?? entry.originalSize);
    out.u16(0);
    out.u16(0);
    out.u16(0);
    out.u32(0);
    out.u32(offset);
    out.bytes(name);
  }
  const size = out.length - directory;
  if (options.zip64Entries !== undefined) {
    const record = out.length;
    const u64 = (v: number) => {
      out.u32(v % 2 ** 32);
      out.u32(Math.floor(v / 2 ** 32));
    };
    out.u32(0x06064b50);
    u64(44);
    out.u16(45);
    out.u16(45);
    out.u32(0);
    out.u32(0);
    u64(options.zip64Entries);
    u64(options.zip64Entries);
    u64(size);
    u64(directory);
    out.u32(0x07064b50);
    out.u32(0);
    u64(record);
    out.u32(1);
  }
  out.u32(0x06054b50);
  out.u16(0);
  out.u16(0);
  out.u16(options.claimedEntries ?? all.length);
  out.u16(options.claimedEntries ?? all.length);
  out.u32(size);
  out.u32(directory);
  out.u16(0);
  return out.done();
}
