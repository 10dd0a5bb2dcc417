// The command line's entry, built by vite.cli.config.ts into dist-cli/ and started by
// bin/k8s-tls-designer.cjs: the process's streams and exit code around main().
import { main } from './main';
import type { CliIo } from './io';

// A reader that closes early (EPIPE) fails the write itself, said by the command; not an uncaught stream error.
process.stdout.on('error', () => {});
const io: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  // On a terminal the same line is rewritten; in a log each report is its own line.
  progress: (text) => process.stderr.write(process.stderr.isTTY ? `\r${text}\x1b[K` : `${text}\n`),
  outBytes: (bytes) =>
    new Promise((resolve, reject) => process.stdout.write(bytes, (error) => (error ? reject(error) : resolve()))),
  outIsTerminal: process.stdout.isTTY === true,
};
process.exitCode = await main(process.argv.slice(2), io);
