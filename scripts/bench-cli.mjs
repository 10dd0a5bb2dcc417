// Benchmark of the built command line: prints figures, asserts nothing. `npm run bench:cli`
// builds it first. --help's start-up time; then `generate` of 3 control planes + 100 workers
// (RSA-2048) beside `openssl genrsa` making the same number of keys on as many processes as
// there are cores, in the same run, in turn, so a busy machine slows both alike.
// Usage: node scripts/bench-cli.mjs [--rounds N]
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const BIN = resolve('bin/k8s-tls-designer.cjs');
const rounds = process.argv.includes('--rounds') ? Number(process.argv[process.argv.indexOf('--rounds') + 1]) : 2;
const cores = availableParallelism();
const dir = mkdtempSync(join(tmpdir(), 'bench-cli-'));
const seconds = (since) => Number(process.hrtime.bigint() - since) / 1e9;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const helps = Array.from({ length: 7 }, () => {
  const t = process.hrtime.bigint();
  execFileSync(process.execPath, [BIN, '--help'], { stdio: 'ignore' });
  return seconds(t);
});

const design = [
  '--preset',
  'kubeadm',
  '--endpoint',
  'lb.example.com:6443',
  '--key-algorithm',
  'RSA-2048',
  '--pool',
  'node=10.0.1.1:100',
  ...['cp1=10.0.0.11', 'cp2=10.0.0.12', 'cp3=10.0.0.13'].flatMap((cp) => ['--control-plane', cp]),
];

function generate(n) {
  const t = process.hrtime.bigint();
  const run = spawnSync(process.execPath, [BIN, 'generate', ...design, '-o', join(dir, `bundle-${n}.zip`)], {
    encoding: 'utf8',
  });
  const time = seconds(t);
  if (run.status !== 0) throw new Error(run.stderr);
  return { time, keys: Number(/of (\d+)\s*$/m.exec(run.stderr)?.[1]) };
}

/** `count` RSA-2048 keys by openssl genrsa, `cores` processes at a time. */
function opensslKeys(count) {
  const t = process.hrtime.bigint();
  execFileSync('sh', ['-c', `seq 1 ${count} | xargs -P ${cores} -I{} openssl genrsa -out /dev/null 2048 2>/dev/null`]);
  return seconds(t);
}

const runs = [];
for (let i = 0; i < rounds; i++) {
  const cli = generate(i);
  runs.push({ cli: cli.time, keys: cli.keys, openssl: opensslKeys(cli.keys) });
}
rmSync(dir, { recursive: true, force: true });

const version = execFileSync('openssl', ['version'], { encoding: 'utf8' }).trim();
console.log(
  `Command line, ${new Date().toISOString().slice(0, 10)}: Node ${process.version}, ${version}, ${cores} cores (${cpus()[0]?.model ?? 'unknown'}); the bin sizes libuv's thread pool to max(4, cores).\n`,
);
console.log('| What | Figure |');
console.log('|---|---|');
console.log(
  `| \`--help\`, start to exit (7 runs) | median ${median(helps).toFixed(3)} s, fastest ${Math.min(...helps).toFixed(3)} s |`,
);
runs.forEach((r, i) => {
  console.log(
    `| Round ${i + 1}: \`generate\` 3 control planes + 100 workers, RSA-2048 (${r.keys} keys, zip written) | ${r.cli.toFixed(1)} s |`,
  );
  console.log(
    `| Round ${i + 1}: \`openssl genrsa 2048\` x ${r.keys}, ${cores} at a time | ${r.openssl.toFixed(1)} s |`,
  );
  console.log(`| Round ${i + 1}: generate / openssl | ${(r.cli / r.openssl).toFixed(2)}x |`);
});
