// The README's command-line blocks run as written (issue 21), line by line, in a copy of the
// repository as a fresh clone has it (the files git knows, no dist-cli/), with npm's global prefix
// in a scratch folder so `npm install -g` installs there, and Node alone on the PATH. The one
// line not run is `npm ci`: the copy links this checkout's node_modules instead of downloading.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, type TempDir } from '../export/testing/bundleOnDisk';

const REPO = path.resolve('.');
const MARKER = '<!-- readme.verify.test.ts runs each line of this block, in order, in a copy of the repository -->';

/** The lines of each shell block the README marks as run by this test. */
function markedBlocks(readme: string): string[][] {
  return readme
    .split(MARKER)
    .slice(1)
    .map((after) => {
      const block = /^\s*```sh\n([\s\S]*?)\n```/.exec(after);
      if (!block) throw new Error('a marked README block is not a ```sh block');
      return block[1]!.split('\n').filter((line) => line.trim() !== '');
    });
}

let dir: TempDir;
let clone: string;
let env: NodeJS.ProcessEnv;
beforeAll(() => {
  dir = makeTempDir('readme-');
  clone = dir.path('clone');
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], {
    cwd: REPO,
    encoding: 'utf8',
  })
    .split('\0')
    .filter(Boolean);
  for (const file of files.filter((f) => fs.existsSync(path.join(REPO, f)))) {
    fs.mkdirSync(path.dirname(path.join(clone, file)), { recursive: true });
    fs.copyFileSync(path.join(REPO, file), path.join(clone, file));
  }
  fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(clone, 'node_modules'));
  const prefix = dir.path('prefix');
  fs.mkdirSync(dir.path('home'));
  env = {
    PATH: `${path.join(prefix, 'bin')}:${path.dirname(process.execPath)}:/usr/bin:/bin`,
    HOME: dir.path('home'),
    npm_config_prefix: prefix,
    npm_config_offline: 'true',
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
  };
}, 120_000);
afterAll(() => dir?.cleanup());

describe("the README's command line", () => {
  it('marks two blocks: from a clone, and installing', () => {
    const blocks = markedBlocks(fs.readFileSync('README.md', 'utf8'));
    expect(blocks).toHaveLength(2);
    expect(blocks[1]).toContain('npm install -g ./k8s-tls-designer-0.1.0.tgz');
  });

  it('runs every line of them as written, each exiting 0, and makes what they say', () => {
    for (const line of markedBlocks(fs.readFileSync(path.join(clone, 'README.md'), 'utf8')).flat()) {
      if (line === 'npm ci') continue;
      const run = spawnSync('sh', ['-c', line], { cwd: clone, env, encoding: 'utf8', timeout: 300_000 });
      expect(run.status, `${line}\n${run.stdout}\n${run.stderr}`).toBe(0);
    }
    const zipNames = (file: string) => Object.keys(unzipSync(fs.readFileSync(path.join(clone, file))));
    expect(zipNames('lab-bundle.zip')).toContain('kubernetes/pki/apiserver.crt');
    expect(zipNames('flags-bundle.zip')).toContain('kubernetes/nodes/node01/kubelet.conf');
    expect(zipNames('prod-bundle.zip')).toEqual(
      expect.arrayContaining(['prod-eu1/cp2/pki/apiserver.crt', 'prod-eu1/cp3/pki/etcd/peer.crt']),
    );
    const design = JSON.parse(fs.readFileSync(path.join(clone, 'my-cluster.json'), 'utf8')) as {
      design: { params: { controlPlane: Array<{ name: string }> } };
    };
    expect(design.design.params.controlPlane.map((n) => n.name)).toEqual(['cp1', 'cp2', 'cp3']);
    expect(fs.readFileSync(path.join(clone, 'k8s-certs.prom'), 'utf8')).toMatch(
      /^x509_cert_not_after\{filename="apiserver\.crt",filepath="[^"]*lab-bundle\.zip:[^"]*pki\/apiserver\.crt",role="apiserver@controlplane"/m,
    );
    // The installed command is the packed one, not the clone's.
    expect(fs.realpathSync(path.join(env.npm_config_prefix!, 'bin/k8s-tls-designer')).startsWith(clone)).toBe(false);
  });
});
