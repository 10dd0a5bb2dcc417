#!/usr/bin/env node
// The command line: the browser's own TypeScript modules (src/pki, src/topology, src/export),
// compiled by tsx as they load, on Node's WebCrypto. No React is loaded.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
// A reader that closes early (EPIPE) fails the write itself, said by the command; not an uncaught stream error.
process.stdout.on('error', () => {});
const io = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  // On a terminal the same line is rewritten; in a log each report is its own line.
  progress: (text) => process.stderr.write(process.stderr.isTTY ? `\r${text}\x1b[K` : `${text}\n`),
  outBytes: (bytes) => new Promise((resolve, reject) => process.stdout.write(bytes, (error) => (error ? reject(error) : resolve()))),
  outIsTerminal: process.stdout.isTTY === true,
};
process.exitCode = await main(process.argv.slice(2), io);
