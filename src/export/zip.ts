import { strToU8, zipSync, type Zippable } from 'fflate';
import type { BundleFile } from './bundleFile';

const UNIX = 3;
const REGULAR_FILE = 0o100000;

/** The bundle as one zip, file modes recorded as Unix attributes so `unzip` restores 0600 keys. */
export function zipBundle(files: readonly BundleFile[], root: string): Uint8Array {
  const entries: Zippable = {};
  for (const file of files) {
    entries[`${root}/${file.path}`] = [strToU8(file.content), { os: UNIX, attrs: ((REGULAR_FILE | file.mode) << 16) >>> 0 }];
  }
  return zipSync(entries, { level: 6 });
}
