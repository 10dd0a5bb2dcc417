import { buildBundleFiles } from '../export/bundle';
import { generatePki } from '../export/generate';
import { LAYOUTS, type Layout } from '../export/layouts';
import { zipBundle } from '../export/zip';
import { topologyOf } from '../topology/design';
import { expandDesign } from '../topology/pools';
import { readDesign } from './designFile';
import { EXIT, UsageError, type CliIo } from './io';
import { checkOutput, writePrivateFile } from './writeOutput';

export const GENERATE_HELP = `Usage: k8s-tls-designer generate <design.json> -o <bundle.zip> [--force] [--layout design|per-host] [--external-ca]

Makes every key, certificate and kubeconfig of a saved design (Save design in the browser) and
writes the same zip the browser downloads: the same files, folders, README.txt, make-certs.sh
and manifests. Keys are new each run. The zip holds private keys: it is written as a new file,
readable by you alone (0600), never through a symbolic link.

  -o, --output <file>   where to write the zip (required); - writes it to standard output
  --force               replace an existing file of that name (never a link, never the design)
  --layout <layout>     design (default): the design's own tree; per-host: a folder per host
  --external-ca         leave the CA private keys out of the bundle
  -h, --help            this help`;

export interface GenerateArgs {
  readonly design: string;
  readonly output: string;
  readonly layout: string;
  readonly externalCa: boolean;
  readonly force: boolean;
}

export async function generateCommand(args: GenerateArgs, io: CliIo): Promise<number> {
  if (!(LAYOUTS as readonly string[]).includes(args.layout)) throw new UsageError(`--layout is design or per-host, not ${args.layout}`);
  const output = { path: args.output, force: args.force, inputs: [args.design] };
  const design = await readDesign(args.design);
  // Refused before the keys are made, not after a minute of work.
  await checkOutput(output, io);
  const topology = topologyOf(expandDesign(design));
  let shown = 0;
  const pki = await generatePki(topology, {
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
  io.err(`Wrote ${files.length} files under ${topology.clusterName}/ to ${args.output === '-' ? 'standard output' : args.output}.`);
  return EXIT.ok;
}
