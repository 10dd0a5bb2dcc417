import { designFindings } from '../topology/checks/validateTopology';
import { readDesign } from './designFile';
import { findingJson, findingText } from './findings';
import { EXIT, type CliIo } from './io';

export const CHECK_HELP = `Usage: k8s-tls-designer check <design.json> [--json]

Runs the browser's Problems checks on a saved design: handshakes (CAs, SANs, usages), identities,
lifetimes and the bundle's files. Prints each problem with the error the real component would
log, and why. Exits 1 when any check fails (a connection that would not handshake, two files
of the same name), 0 when only warnings or nothing remain, 2 when the file is not a design.

  --json       the findings as JSON, one object each
  -h, --help   this help`;

export async function checkCommand(args: { readonly design: string; readonly json: boolean }, io: CliIo): Promise<number> {
  const design = await readDesign(args.design);
  const findings = designFindings(design);
  const failing = findings.filter((f) => f.severity === 'error');
  if (args.json) {
    io.out(`${JSON.stringify(findings.map(findingJson), null, 2)}\n`);
  } else if (findings.length === 0) {
    io.out('No problems: every connection would handshake.\n');
  } else {
    io.out(`${findings.map((f) => findingText(f)).join('\n')}\n\n${failing.length} failing, ${findings.length - failing.length} warning${findings.length - failing.length === 1 ? '' : 's'}.\n`);
  }
  return failing.length > 0 ? EXIT.failing : EXIT.ok;
}
