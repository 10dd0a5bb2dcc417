import { readFile } from 'node:fs/promises';
import type { Design } from '../topology/design';
import { parseDesignFile } from '../topology/designSchema';
import { UsageError } from './io';

/** A saved design file, through the same gate as Open design in the browser. */
export async function readDesign(path: string): Promise<Design> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  const parsed = parseDesignFile(text);
  if (!parsed.ok) throw new UsageError(`${path}: ${parsed.error}`);
  return parsed.design;
}
