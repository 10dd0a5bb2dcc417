import { designFindings } from '../topology/checks/validateTopology';
import type { Design } from '../topology/design';
import { findingJson, findingText } from './findings';
import { EXIT, type CliIo } from './io';

export async function checkCommand(
  args: { readonly source: () => Promise<Design>; readonly json: boolean },
  io: CliIo,
): Promise<number> {
  const design = await args.source();
  const findings = designFindings(design);
  const failing = findings.filter((f) => f.severity === 'error');
  if (args.json) {
    io.out(`${JSON.stringify(findings.map(findingJson), null, 2)}\n`);
  } else if (findings.length === 0) {
    io.out('No problems: every connection would handshake.\n');
  } else {
    io.out(
      `${findings.map((f) => findingText(f)).join('\n')}\n\n${failing.length} failing, ${findings.length - failing.length} warning${findings.length - failing.length === 1 ? '' : 's'}.\n`,
    );
  }
  return failing.length > 0 ? EXIT.failing : EXIT.ok;
}
