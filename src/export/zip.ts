import { strToU8, zipSync, type Zippable } from 'fflate';
import { checkRelativePath, MAX_BUNDLE_PATH_LENGTH } from '../topology/fieldRules';
import type { BundleFile } from './bundleFile';

const UNIX = 3;
const REGULAR_FILE = 0o100000;

/**
 * The bundle as one zip, file modes recorded as Unix attributes so `unzip` restores 0600 keys.
 * Every entry is checked to be a plain relative path under `root` whatever the design said, so no
 * extractor can be led outside the bundle's folder (zip-slip).
 */
export function zipBundle(files: readonly BundleFile[], root: string): Uint8Array {
  const entries: Zippable = {};
  for (const path of [root, ...files.map((f) => f.path)]) {
    const problem = checkRelativePath(path, MAX_BUNDLE_PATH_LENGTH);
    if (problem) throw new Error(`The bundle was not written: ${problem}`);
  }
  for (const file of files) {
    entries[`${root}/${file.path}`] = [
      typeof file.content === 'string' ? strToU8(file.content) : file.content,
      { os: UNIX, attrs: ((REGULAR_FILE | file.mode) << 16) >>> 0 },
    ];
  }
  // Stryker disable next-line ObjectLiteral: level 6 is fflate's default, written out so the choice is visible.
  return zipSync(entries, { level: 6 });
}
