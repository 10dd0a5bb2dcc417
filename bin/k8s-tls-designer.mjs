#!/usr/bin/env node
// The command line: the browser's own TypeScript modules (src/pki, src/topology, src/export),
// compiled by tsx as they load, on Node's WebCrypto. No React is loaded.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
const io = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  // On a terminal the same line is rewritten; in a log each report is its own line.
  progress: (text) => process.stderr.write(process.stderr.isTTY ? `\r${text}\x1b[K` : `${text}\n`),
};
process.exitCode = await main(process.argv.slice(2), io);
