import { buildBundleFiles } from '../export/bundle';
import { generatePki } from '../export/generate';
import { LAYOUTS, type Layout } from '../export/layouts';
import { zipBundle } from '../export/zip';
import type { Design } from '../topology/design';
import { topologyOf } from '../topology/design';
import { expandDesign } from '../topology/pools';
import { EXIT, UsageError, type CliIo } from './io';
import { keysAhead } from './keysAhead';
import { checkOutput, writePrivateFile } from './writeOutput';

export interface GenerateArgs {
  /** The design, read once the arguments are judged. */
  readonly source: () => Promise<Design>;
  /** Files the command reads: never written over. */
  readonly inputs: readonly string[];
  readonly output: string;
  readonly layout: string;
  readonly externalCa: boolean;
  readonly force: boolean;
}

export async function generateCommand(args: GenerateArgs, io: CliIo): Promise<number> {
  if (!(LAYOUTS as readonly string[]).includes(args.layout))
    throw new UsageError(`--layout is design or per-host, not ${args.layout}`);
  const output = { path: args.output, force: args.force, inputs: args.inputs };
  const design = await args.source();
  // Refused before the keys are made, not after a minute of work.
  await checkOutput(output, io);
  const topology = topologyOf(expandDesign(design));
  let shown = 0;
  const pki = await generatePki(topology, {
    keys: keysAhead(topology),
    onProgress: (done, total) => {
      // About twenty lines for a long run, not one per key.
      if (done === total || done - shown >= Math.max(1, Math.ceil(total / 20))) {
        shown = done;
        io.progress(`keys and certificates: ${done} of ${total}`);
      }
    },
  });
  const options = { layout: args.layout as Layout, externalCa: args.externalCa };
  const files = buildBundleFiles(topology, pki, options, design);
  await writePrivateFile(output, zipBundle(files, topology.clusterName), io);
  io.err(
    `Wrote ${files.length} files under ${topology.clusterName}/ to ${args.output === '-' ? 'standard output' : args.output}.`,
  );
  return EXIT.ok;
}
