import { parseArgs } from 'node:util';
import { AUDIT_HELP, CHECK_HELP, GENERATE_HELP, HELP, INIT_HELP } from './help';
import { visible } from '../topology/visibleText';
import { EXIT, UsageError, type CliIo } from './io';
import { DESIGN_FLAGS, type DesignFlagValues } from './designFlags';
import { wholeNumber } from './wholeNumber';

const HELPS: Readonly<Record<string, string>> = {
  generate: GENERATE_HELP,
  init: INIT_HELP,
  check: CHECK_HELP,
  audit: AUDIT_HELP,
};

/**
 * The streams with every message escaped: a value quoted from a file (a cluster name holding
 * ESC [2J, a right-to-left override) reaches the terminal as its escape, never as the control
 * itself. Line breaks are the messages' own.
 */
function escaping(io: CliIo): CliIo {
  const safe = (text: string) => text.split('\n').map(visible).join('\n');
  return {
    ...io,
    out: (text) => io.out(safe(text)),
    err: (text) => io.err(safe(text)),
    progress: (text) => io.progress(safe(text)),
  };
}

const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  output: { type: 'string', short: 'o' },
  layout: { type: 'string' },
  'external-ca': { type: 'boolean' },
  json: { type: 'boolean' },
  format: { type: 'string' },
  'warn-days': { type: 'string' },
  force: { type: 'boolean' },
  ...DESIGN_FLAGS,
} as const;
type OptionName = keyof typeof OPTIONS;
const DESIGN_OPTION_NAMES = Object.keys(DESIGN_FLAGS) as OptionName[];

/** Runs one command line; returns the exit code. Each command's engine is loaded only when it runs. */
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
      args: [...rest],
      allowPositionals: true,
      strict: true,
      options: OPTIONS,
    });
    if (values.help) {
      io.out(`${help}\n`);
      return EXIT.ok;
    }
    const refuse = (names: readonly OptionName[]) =>
      names.forEach((n) => {
        if (values[n] !== undefined) throw new UsageError(`${command} has no --${n} option.`);
      });
    const source = async () => {
      const { designSource } = await import('./designSource');
      return designSource(positionals, values as DesignFlagValues, io);
    };
    switch (command) {
      case 'generate': {
        refuse(['json', 'warn-days', 'format']);
        if (!values.output) throw new UsageError('generate needs -o <bundle.zip>.');
        const { generateCommand } = await import('./generate');
        return await generateCommand(
          {
            source,
            inputs: positionals,
            output: values.output,
            layout: values.layout ?? 'design',
            externalCa: values['external-ca'] ?? false,
            force: values.force ?? false,
          },
          io,
        );
      }
      case 'init': {
        refuse(['json', 'warn-days', 'format', 'layout', 'external-ca']);
        const { initCommand } = await import('./init');
        return await initCommand(
          { source, inputs: positionals, output: values.output ?? '-', force: values.force ?? false },
          io,
        );
      }
      case 'check': {
        refuse(['output', 'layout', 'external-ca', 'warn-days', 'force', 'format']);
        const { checkCommand } = await import('./check');
        return await checkCommand({ source, json: values.json ?? false }, io);
      }
      default: {
        refuse(['output', 'layout', 'external-ca', 'force', ...DESIGN_OPTION_NAMES]);
        if (positionals.length === 0) throw new UsageError('audit takes one or more folders or zips.');
        const format = values.format ?? (values.json ? 'json' : 'text');
        if (!['text', 'json', 'prometheus'].includes(format))
          throw new UsageError(`--format is text, json or prometheus, not ${JSON.stringify(format)}.`);
        if (values.json && format !== 'json') throw new UsageError('--json is --format json: give one of them.');
        const { auditCommand } = await import('./audit');
        return await auditCommand(
          {
            inputs: positionals,
            format: format as 'text' | 'json' | 'prometheus',
            warnDays: values['warn-days'] === undefined ? 30 : wholeNumber('warn-days', values['warn-days'], 0, 36_500),
          },
          io,
        );
      }
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
