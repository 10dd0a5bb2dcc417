// The package as people install it (issue 21): `npm pack`, `npm install -g` into a scratch
// prefix with no registry (--offline: it needs no dependency at run time), then the installed
// command run from a folder outside the repository with Node alone on the PATH. Its bundles
// pass openssl and real handshakes; a kubeadm-config.yaml's certSANs reach apiserver.crt.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topologyOf } from '../topology/design';
import { expandDesign } from '../topology/pools';
import { makeTempDir, openssl, type TempDir } from '../export/testing/bundleOnDisk';
import { throwawayServerCert } from '../export/testing/handshake';
import { hostHandshake } from '../export/testing/hostHandshake';
import { designFromFlags } from './flagDesign';
import { builtCli } from './testing/builtCli';

const REPO = path.resolve('.');
let dir: TempDir;
let bin: string;
let work: string;
/** The installed command, run where a user would: outside the repository, Node alone on the PATH. */
const installed = (...args: string[]) =>
  spawnSync(bin, args, {
    cwd: work,
    encoding: 'utf8',
    timeout: 120_000,
    env: { PATH: `${path.dirname(bin)}:${path.dirname(process.execPath)}:/usr/bin:/bin`, HOME: work },
  });

function unzipTo(zip: string, out: string): void {
  for (const [name, bytes] of Object.entries(unzipSync(fs.readFileSync(zip)))) {
    fs.mkdirSync(path.dirname(path.join(out, name)), { recursive: true });
    fs.writeFileSync(path.join(out, name), bytes);
  }
}

beforeAll(() => {
  builtCli();
  dir = makeTempDir('cli-package-');
  // Built just above (the build's own lock): packing must not build again beside other test files.
  const tarball = execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', dir.path('.')], {
    cwd: REPO,
    encoding: 'utf8',
  })
    .trim()
    .split('\n')
    .pop()!;
  const prefix = dir.path('prefix');
  execFileSync(
    'npm',
    ['install', '-g', '--offline', '--no-audit', '--no-fund', '--prefix', prefix, dir.path(tarball)],
    { cwd: dir.path('.'), stdio: 'pipe' },
  );
  bin = path.join(prefix, 'bin/k8s-tls-designer');
  work = dir.path('work');
  fs.mkdirSync(work);
}, 300_000);
afterAll(() => dir?.cleanup());

describe('the installed package', () => {
  it('holds the built JavaScript and nothing to compile: no TypeScript, no dependency, no tsx', () => {
    const root = fs.realpathSync(path.join(path.dirname(fs.realpathSync(bin)), '..'));
    expect(path.relative(REPO, root).startsWith('..')).toBe(true);
    const files = fs.readdirSync(root, { recursive: true }).map(String);
    expect(files.filter((f) => /\.tsx?$/.test(f))).toEqual([]);
    expect(files).toContain('dist-cli/k8s-tls-designer.mjs');
    expect(fs.existsSync(path.join(root, 'node_modules'))).toBe(false);
  });

  it('answers --help', () => {
    const help = installed('--help');
    expect(help.status, help.stderr).toBe(0);
    expect(help.stdout).toMatch(/^Usage: k8s-tls-designer <command>/);
    expect(installed('generate', '--help').stdout).toMatch(/--control-plane <NAME=IP>/);
  });

  it('generates a kubeadm bundle from flags whose chains verify with openssl and whose every connection handshakes', async () => {
    const flags = [
      '--preset',
      'kubeadm',
      '--control-plane',
      'controlplane=192.168.56.10',
      '--worker',
      'node01=192.168.56.21',
      '--key-algorithm',
      'ECDSA-P256',
    ];
    const run = installed('generate', ...flags, '-o', 'bundle.zip');
    expect(run.status, run.stderr).toBe(0);
    expect(fs.statSync(path.join(work, 'bundle.zip')).mode & 0o777).toBe(0o600);
    const out = path.join(work, 'bundle');
    unzipTo(path.join(work, 'bundle.zip'), out);
    const topology = topologyOf(
      expandDesign(
        designFromFlags({
          preset: 'kubeadm',
          'control-plane': ['controlplane=192.168.56.10'],
          worker: ['node01=192.168.56.21'],
          'key-algorithm': 'ECDSA-P256',
        }),
      ),
    );
    expect(topology.hosts.map((h) => h.name)).toEqual(['controlplane', 'node01']);
    const at = (_host: string | null, designPath: string) => path.join(out, topology.clusterName, designPath);
    const caFile = (id: string) => at(null, topology.cas.find((c) => c.id === id)!.certFile);
    for (const cred of topology.credentials.filter((c) => c.files)) {
      expect(openssl(['verify', '-CAfile', caFile(cred.caId), at(null, cred.files!.cert)]), cred.label).toContain(
        ': OK',
      );
      const [certKey, key] = [
        ['x509', '-in', at(null, cred.files!.cert), '-noout', '-pubkey'],
        ['pkey', '-in', at(null, cred.files!.key), '-pubout'],
      ].map((a) => openssl(a));
      expect(certKey, `${cred.label}: key and certificate`).toBe(key);
      expect(openssl(['x509', '-in', at(null, cred.files!.cert), '-noout', '-text'])).toMatch(/ecdsa-with-SHA256/);
    }
    const throwaway = throwawayServerCert(dir, 'ec:P-256');
    for (const conn of topology.connections) {
      const result = await hostHandshake(topology, at, conn, throwaway);
      expect(result.ok, `${conn.label}: ${result.summary}`).toBe(true);
    }
  });

  it("generates from a kubeadm-config.yaml: apiserver.crt carries every certSAN and the endpoint's host; unread fields are named", () => {
    fs.copyFileSync(path.join(REPO, 'examples/kubeadm-config.yaml'), path.join(work, 'kubeadm-config.yaml'));
    const run = installed('generate', 'kubeadm-config.yaml', '-o', 'kubeadm.zip');
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toMatch(
      /kubeadm-config\.yaml: Read, without effect on any certificate: .*ClusterConfiguration\.networking\.podSubnet/,
    );
    const out = path.join(work, 'kubeadm');
    unzipTo(path.join(work, 'kubeadm.zip'), out);
    const apiserver = path.join(out, 'prod-eu1/pki/apiserver.crt');
    const sans = openssl(['x509', '-in', apiserver, '-noout', '-ext', 'subjectAltName']);
    for (const san of ['IP Address:10.0.0.100', 'DNS:api.prod-eu1.example.com', 'DNS:api.internal.example.com'])
      expect(sans).toContain(san);
    expect(openssl(['verify', '-CAfile', path.join(out, 'prod-eu1/pki/ca.crt'), apiserver])).toContain(': OK');
  });
});
