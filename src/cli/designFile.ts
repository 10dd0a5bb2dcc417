import type { Design } from '../topology/design';
import { MAX_DESIGN_FILE_BYTES, parseDesignFile } from '../topology/designSchema';
import { InputError } from './io';
import { readRegularFile } from './readInput';

/**
 * A saved design file, through the same gate as Open design in the browser: the same size cap,
 * and decoded as the browser's File.text() decodes it (UTF-8, a byte-order mark dropped).
 */
export async function readDesign(path: string): Promise<Design> {
  const bytes = await readRegularFile(path, MAX_DESIGN_FILE_BYTES, 'a design file');
  const parsed = parseDesignFile(new TextDecoder().decode(bytes));
  if (!parsed.ok) throw new InputError(`${path}: ${parsed.error}`);
  return parsed.design;
}
