import { parseArgs } from 'node:util';
import { AUDIT_HELP, auditCommand } from './audit';
import { CHECK_HELP, checkCommand } from './check';
import { GENERATE_HELP, generateCommand } from './generate';
import { visible } from '../topology/fieldRules';
import { EXIT, UsageError, type CliIo } from './io';

export const HELP = `Usage: k8s-tls-designer <command> [options]

The engine of Kubernetes TLS Designer on the command line: the same checks and the same bundle
as the browser, from a saved design (Save design) or an existing PKI.

Commands:
  generate <design.json> -o <bundle.zip>   make the bundle the browser makes
  check <design.json>                      the Problems list; exit 1 when a connection fails
  audit <folder|file.zip>                  roles, problems and expiry of an existing PKI

Run k8s-tls-designer <command> --help for its options. Exit codes: 0 done, 1 a check failed
(or, for audit, a certificate has expired), 2 input that cannot be read or output that cannot be written.`;

const HELPS: Readonly<Record<string, string>> = { generate: GENERATE_HELP, check: CHECK_HELP, audit: AUDIT_HELP };

/** A number option: plain decimal digits only (no '', 1e3 or 0x10, which Number() would take), within its range. */
export function wholeNumber(option: string, value: string, min: number, max: number): number {
  const n = /^\d{1,9}$/.test(value) ? Number(value) : NaN;
  if (!(n >= min && n <= max)) throw new UsageError(`--${option} is a whole number from ${min} to ${max}, written in digits (not ${JSON.stringify(value)}).`);
  return n;
}

/**
 * The streams with every message escaped: a value quoted from a file (a cluster name holding
 * ESC [2J, a right-to-left override) reaches the terminal as its escape, never as the control
 * itself. Line breaks are the messages' own.
 */
function escaping(io: CliIo): CliIo {
  const safe = (text: string) => text.split('\n').map(visible).join('\n');
  return { ...io, out: (text) => io.out(safe(text)), err: (text) => io.err(safe(text)), progress: (text) => io.progress(safe(text)) };
}

/** Runs one command line; returns the exit code. */
export async function main(argv: readonly string[], rawIo: CliIo): Promise<number> {
  const io = escaping(rawIo);
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    io.out(`${HELP}\n`);
    return command === undefined ? EXIT.badInput : EXIT.ok;
  }
  const help = HELPS[command];
  if (!help) {
    io.err(`k8s-tls-designer: no command "${command}".\n\n${HELP}\n`);
    return EXIT.badInput;
  }
  try {
    const { values, positionals } = parseArgs({
      args: [...rest], allowPositionals: true, strict: true,
      options: {
        help: { type: 'boolean', short: 'h' }, output: { type: 'string', short: 'o' }, layout: { type: 'string' },
        'external-ca': { type: 'boolean' }, json: { type: 'boolean' }, 'warn-days': { type: 'string' }, force: { type: 'boolean' },
      },
    });
    if (values.help) {
      io.out(`${help}\n`);
      return EXIT.ok;
    }
    const only = (what: string) => {
      if (positionals.length !== 1) throw new UsageError(`${command} takes one ${what}.`);
      return positionals[0]!;
    };
    const refuse = (names: readonly string[]) => names.forEach((n) => {
      if (values[n as keyof typeof values] !== undefined) throw new UsageError(`${command} has no --${n} option.`);
    });
    switch (command) {
      case 'generate':
        refuse(['json', 'warn-days']);
        if (!values.output) throw new UsageError('generate needs -o <bundle.zip>.');
        return await generateCommand({
          design: only('design file'), output: values.output, layout: values.layout ?? 'design',
          externalCa: values['external-ca'] ?? false, force: values.force ?? false,
        }, io);
      case 'check':
        refuse(['output', 'layout', 'external-ca', 'warn-days', 'force']);
        return await checkCommand({ design: only('design file'), json: values.json ?? false }, io);
      default:
        refuse(['output', 'layout', 'external-ca', 'force']);
        return await auditCommand({
          input: only('folder or zip'), json: values.json ?? false,
          warnDays: values['warn-days'] === undefined ? 30 : wholeNumber('warn-days', values['warn-days'], 0, 36_500),
        }, io);
    }
  } catch (error) {
    // parseArgs reports unknown options and missing values with a TypeError of its own.
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`k8s-tls-designer ${command}: ${(error as Error).message}\n\n${help}\n`);
      return EXIT.badInput;
    }
    // Input that cannot be read, output that may not be written, anything unexpected: the reason
    // alone, never with exit 1, which means "a check failed".
    io.err(`k8s-tls-designer ${command}: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.badInput;
  }
}
