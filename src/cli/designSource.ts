import type { Design } from '../topology/design';
import { MAX_DESIGN_FILE_BYTES } from '../topology/designSchema';
import { openedDesign } from '../export/openedDesign';
import type { DesignFlagValues } from './designFlags';
import { designFromFlags, hasDesignFlags } from './flagDesign';
import { InputError, UsageError, type CliIo } from './io';
import { readRegularFile } from './readInput';

/**
 * The design a command works on: a saved design or a kubeadm-config.yaml, through the same gate
 * as Open design in the browser (the same size cap, decoded as File.text() decodes it), or a
 * preset and the design options. What a kubeadm configuration holds that cannot be honoured is
 * said on standard error, never dropped silently.
 */
export async function designSource(
  positionals: readonly string[],
  flags: DesignFlagValues,
  io: CliIo,
): Promise<Design> {
  if (flags.preset !== undefined) {
    if (positionals.length > 0)
      throw new UsageError(`a design comes from a file or from --preset, not both (${positionals[0]} was given).`);
    return designFromFlags(flags);
  }
  if (hasDesignFlags(flags))
    throw new UsageError(
      'the design options need --preset; a design file is changed in the browser or in the file itself.',
    );
  if (positionals.length !== 1)
    throw new UsageError('give one design file (a saved design or a kubeadm-config.yaml), or --preset.');
  const path = positionals[0]!;
  const bytes = await readRegularFile(path, MAX_DESIGN_FILE_BYTES, 'a design file');
  const opened = openedDesign(new TextDecoder().decode(bytes), path);
  if (!opened.ok) throw new InputError(`${path}: ${opened.error}`);
  for (const note of opened.notes) io.err(`${path}: ${note}`);
  return opened.design;
}
