// The command line as people run it: the package's bin, over the JavaScript the build emits
// (dist-cli/), never the TypeScript. Tests that spawn it build it first when any source is newer
// than the build (`npm ci` builds it once through `prepare`); one test file builds while the
// others wait on a lock, so parallel files never build over each other.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
/** The package's bin, as `npm install -g` links it. */
export const CLI_BIN = join(ROOT, 'bin/k8s-tls-designer.cjs');
const BUILT = join(ROOT, 'dist-cli/k8s-tls-designer.mjs');
const LOCK = join(ROOT, 'dist-cli.lock');

function newestSource(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((newest, e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return Math.max(newest, newestSource(path));
    return /\.tsx?$/.test(e.name) && !/\.test\.ts$/.test(e.name) ? Math.max(newest, statSync(path).mtimeMs) : newest;
  }, 0);
}

const stale = () => {
  const built = (() => {
    try {
      return statSync(BUILT).mtimeMs;
    } catch {
      return 0;
    }
  })();
  return (
    built <
    Math.max(
      newestSource(join(ROOT, 'src')),
      ...['vite.cli.config.ts', 'package.json'].map((f) => statSync(join(ROOT, f)).mtimeMs),
    )
  );
};

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** Builds dist-cli/ when it is missing or older than the sources; returns the bin to run. */
export function builtCli(): string {
  for (let waited = 0; stale(); waited += 200) {
    try {
      mkdirSync(LOCK);
    } catch {
      // Another test file is building: wait for it (a lock older than two minutes is a dead run's).
      if (waited > 120_000) rmdirSync(LOCK);
      sleep(200);
      continue;
    }
    try {
      if (!stale()) break;
      const run = spawnSync(
        process.execPath,
        [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '-c', 'vite.cli.config.ts', '--logLevel', 'warn'],
        { cwd: ROOT, encoding: 'utf8' },
      );
      if (run.status !== 0) throw new Error(`the command line did not build:\n${run.stderr}`);
    } finally {
      rmdirSync(LOCK);
    }
  }
  return CLI_BIN;
}
