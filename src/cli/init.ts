import type { Design } from '../topology/design';
import { designFileText } from '../topology/designSchema';
import { EXIT, type CliIo } from './io';
import { writePrivateFile } from './writeOutput';

/** Writes the design a source gives as a design file: printed, or a new file (never through a link, never over the input). */
export async function initCommand(
  args: {
    readonly source: () => Promise<Design>;
    readonly inputs: readonly string[];
    readonly output: string;
    readonly force: boolean;
  },
  io: CliIo,
): Promise<number> {
  const text = designFileText(await args.source());
  if (args.output === '-') {
    io.out(text);
    return EXIT.ok;
  }
  await writePrivateFile(
    { path: args.output, force: args.force, inputs: args.inputs },
    new TextEncoder().encode(text),
    io,
  );
  io.err(
    `Wrote the design to ${args.output}: open it in the browser (Open design) or run generate ${args.output} -o bundle.zip.`,
  );
  return EXIT.ok;
}
