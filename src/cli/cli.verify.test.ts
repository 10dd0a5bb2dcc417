// The command line (issue 13), run as a person runs it: the bin in a child process. Its bundle is
// checked with openssl and real handshakes; check's exit codes on a passing and a failing
// design; audit on a PKI made by the openssl command line alone, with a planted expired
// certificate; and its module graph holds no React.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_EDITS, topologyOf, type Design } from '../topology/design';
import { designFileText } from '../topology/designSchema';
import { addControlPlane, updateCredential } from '../topology/edits';
import type { CredentialId } from '../topology/model';
import { PRESET_DEFAULTS } from '../topology/presets';
import { builtCli } from './testing/builtCli';
import { makeTempDir, openssl, type TempDir } from '../export/testing/bundleOnDisk';
import { HA_CONTROL_PLANES, haDesign } from '../export/testing/haDesign';
import { throwawayServerCert } from '../export/testing/handshake';
import { hostHandshake } from '../export/testing/hostHandshake';

const BIN = builtCli();
const cli = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 120_000 });

let dir: TempDir;
const kubeadm: Design = {
  presetId: 'kubeadm',
  params: { ...PRESET_DEFAULTS.kubeadm, keyAlgorithm: 'ECDSA-P256' },
  edits: NO_EDITS,
};
const designFile = (name: string, design: Design) => dir.write(name, designFileText(design));
beforeAll(() => {
  dir = makeTempDir('cli-');
});
afterAll(() => dir?.cleanup());

describe('generate', () => {
  const design = haDesign();
  const topology = topologyOf(design);
  let out: string;
  beforeAll(() => {
    const run = cli('generate', designFile('ha.json', design), '-o', dir.path('ha.zip'), '--layout', 'per-host');
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/keys and certificates: \d+ of \d+/);
    out = dir.path('ha');
    for (const [name, bytes] of Object.entries(unzipSync(fs.readFileSync(dir.path('ha.zip'))))) {
      fs.mkdirSync(path.dirname(path.join(out, name)), { recursive: true });
      fs.writeFileSync(path.join(out, name), bytes);
    }
  });

  it('writes the per-host bundle: each certificate verifies against the CA file beside it', () => {
    const cp2 = path.join(out, 'kubernetes/cp2/pki');
    for (const leaf of ['apiserver.crt', 'apiserver-kubelet-client.crt', 'front-proxy-client.crt']) {
      const ca = leaf.startsWith('front-proxy') ? 'front-proxy-ca.crt' : 'ca.crt';
      expect(openssl(['verify', '-CAfile', path.join(cp2, ca), path.join(cp2, leaf)])).toContain(': OK');
    }
    expect(openssl(['verify', '-CAfile', path.join(cp2, 'etcd/ca.crt'), path.join(cp2, 'etcd/peer.crt')])).toContain(
      ': OK',
    );
    expect(fs.existsSync(path.join(out, 'kubernetes/README.txt'))).toBe(true);
    expect(fs.existsSync(path.join(out, 'kubernetes/k8s-tls-design.json'))).toBe(true);
  });

  it("every connection handshakes for real with the files each side finds in its own host's folder", async () => {
    const throwaway = throwawayServerCert(dir, 'ec:P-256');
    const at = (host: string | null, designPath: string) =>
      path.join(out, 'kubernetes', host ?? 'workstation', designPath.replace(/^nodes\/[^/]+\//, ''));
    for (const conn of topology.connections) {
      const result = await hostHandshake(topology, at, conn, throwaway);
      expect(result.ok, `${conn.label}: ${result.summary}`).toBe(true);
    }
    expect(HA_CONTROL_PLANES.every((h) => fs.existsSync(at(h, 'pki/ca.key')))).toBe(true);
  });

  it('refuses a file that is not a design, and a bad option, with exit code 2 and the reason', () => {
    const bad = cli('generate', dir.write('not.json', '{"kind":"something else"}'), '-o', dir.path('x.zip'));
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/not a Kubernetes TLS Designer design/);
    const layout = cli('generate', designFile('k.json', kubeadm), '-o', dir.path('x.zip'), '--layout', 'flat');
    expect(layout.status).toBe(2);
    expect(layout.stderr).toMatch(/--layout is design or per-host/);
    for (const command of ['generate', 'check', 'audit']) {
      const help = cli(command, '--help');
      expect(help.status).toBe(0);
      expect(help.stdout).toMatch(new RegExp(`^Usage: k8s-tls-designer ${command}`));
    }
    expect(cli().status).toBe(2);
    const unwritable = cli('generate', designFile('k2.json', kubeadm), '-o', dir.path('no/such/folder/x.zip'));
    expect(unwritable.status).toBe(2);
    expect(unwritable.stderr).toMatch(
      /^k8s-tls-designer generate: .*no\/such\/folder\/x\.zip: no such file or folder/m,
    );
    expect(cli('frobnicate').stderr).toMatch(/no command "frobnicate"/);
  });
});

describe('check', () => {
  it('a passing design exits 0; one without the address kubectl dials in apiserver.crt exits 1, quoting Go', () => {
    const ok = cli('check', designFile('ok.json', kubeadm));
    expect(ok.status, ok.stdout + ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/No problems/);
    const api = topologyOf(kubeadm).credentials.find((c) => c.id === 'cred:apiserver@controlplane')!;
    const broken = updateCredential(api.id as CredentialId, {
      ipAddresses: api.ipAddresses.filter((ip) => ip !== '192.168.56.10'),
    })(kubeadm);
    const failing = cli('check', designFile('broken.json', broken));
    expect(failing.status).toBe(1);
    expect(failing.stdout).toMatch(/FAIL .*x509: certificate is valid for .*not 192\.168\.56\.10/);
    const json = cli('check', designFile('broken.json', broken), '--json');
    expect(json.status).toBe(1);
    expect((JSON.parse(json.stdout) as Array<{ check: string }>).map((f) => f.check)).toContain('san');
    expect(cli('check', dir.path('missing.json')).status).toBe(2);
    // kubeadm's own rule, as the Problems panel has it: a second control plane needs an endpoint.
    const joined = cli('check', designFile('two-cps.json', addControlPlane(kubeadm)));
    expect(joined.status).toBe(1);
    expect(joined.stdout).toMatch(/controlPlaneEndpoint|control-plane endpoint/i);
  });
});

describe('audit', () => {
  let pkiDir: string;
  beforeAll(() => {
    // A PKI made by the openssl command line alone: make-certs.sh of the kubeadm design, run here.
    const script = dir.write(
      'make-certs.sh',
      String(
        cli('generate', designFile('a.json', kubeadm), '-o', dir.path('a.zip')).status === 0 &&
          unzipSync(fs.readFileSync(dir.path('a.zip')))['kubernetes/make-certs.sh']!.reduce(
            (s, b) => s + String.fromCharCode(b),
            '',
          ),
      ),
      0o755,
    );
    pkiDir = dir.path('etc-kubernetes');
    execFileSync('bash', [script, pkiDir], { stdio: 'pipe' });
    // Planted: apiserver-kubelet-client.crt re-made by `openssl ca`, valid for January 2020 only.
    const ca = dir.path('plant');
    fs.mkdirSync(ca);
    fs.writeFileSync(path.join(ca, 'index.txt'), '');
    fs.writeFileSync(path.join(ca, 'serial'), '1000\n');
    fs.writeFileSync(
      path.join(ca, 'ca.cnf'),
      `[ca]\ndefault_ca = d\n[d]\ndatabase = ${ca}/index.txt\nnew_certs_dir = ${ca}\nserial = ${ca}/serial\ndefault_md = sha256\npolicy = p\n[p]\norganizationName = optional\ncommonName = supplied\n[ext]\nbasicConstraints = critical,CA:FALSE\nkeyUsage = critical,digitalSignature,keyEncipherment\nextendedKeyUsage = clientAuth\n`,
    );
    const pki = (f: string) => path.join(pkiDir, 'pki', f);
    openssl([
      'req',
      '-new',
      '-key',
      pki('apiserver-kubelet-client.key'),
      '-subj',
      '/O=kubeadm:cluster-admins/CN=kube-apiserver-kubelet-client',
      '-out',
      path.join(ca, 'r.csr'),
    ]);
    openssl([
      'ca',
      '-batch',
      '-config',
      path.join(ca, 'ca.cnf'),
      '-extensions',
      'ext',
      '-cert',
      pki('ca.crt'),
      '-keyfile',
      pki('ca.key'),
      '-in',
      path.join(ca, 'r.csr'),
      '-startdate',
      '20200101000000Z',
      '-enddate',
      '20200201000000Z',
      '-notext',
      '-out',
      pki('apiserver-kubelet-client.crt'),
    ]);
  });

  it('reads a zip as it reads a folder', () => {
    const files: Record<string, Uint8Array> = {};
    const walk = (at: string) =>
      fs.readdirSync(at, { withFileTypes: true }).forEach((e) => {
        const full = path.join(at, e.name);
        if (e.isDirectory()) walk(full);
        else files[path.join('etc-kubernetes', path.relative(pkiDir, full))] = fs.readFileSync(full);
      });
    walk(pkiDir);
    const run = cli('audit', dir.write('pki.zip', zipSync(files)), '--json');
    expect(run.status).toBe(1);
    expect(
      (JSON.parse(run.stdout) as { expiry: Array<{ label: string; state: string }> }).expiry
        .filter((e) => e.state === 'expired')
        .map((e) => e.label),
    ).toEqual(['pki/apiserver-kubelet-client.crt']);
  });

  it("finds every role of kubeadm's tree and the planted expired certificate; exits 1", () => {
    const run = cli('audit', pkiDir, '--json');
    expect(run.status, run.stderr).toBe(1);
    const report = JSON.parse(run.stdout) as {
      recognised: Array<{ path: string; elementId: string }>;
      expiry: Array<{ label: string; state: string }>;
      findings: Array<{ check: string; severity: string }>;
    };
    const t = topologyOf(kubeadm);
    const found = new Set(report.recognised.map((r) => r.elementId));
    for (const id of [...t.cas.map((c) => c.id), ...t.credentials.map((c) => c.id)]) expect(found, id).toContain(id);
    expect(report.expiry.filter((e) => e.state === 'expired').map((e) => e.label)).toEqual([
      'pki/apiserver-kubelet-client.crt',
    ]);
    expect(report.findings.filter((f) => f.severity === 'error').map((f) => f.check)).toContain('validity');
    const text = cli('audit', pkiDir);
    expect(text.stdout).toMatch(/pki\/apiserver-kubelet-client\.crt\s+EXPIRED/);
    expect(text.stdout).toMatch(/ROLES\n {2}etc-kubernetes\/|ROLES\n/);
  });

  it('without the planted certificate it exits 0; --warn-days marks what is due; a bad path exits 2', () => {
    const clean = dir.path('clean');
    execFileSync('bash', [dir.path('make-certs.sh'), clean], { stdio: 'pipe' });
    expect(cli('audit', clean).status).toBe(0);
    const due = JSON.parse(cli('audit', clean, '--json', '--warn-days', '400').stdout) as {
      expiry: Array<{ state: string }>;
    };
    expect(due.expiry.some((e) => e.state === 'due')).toBe(true);
    expect(cli('audit', dir.path('nowhere')).status).toBe(2);
    expect(cli('audit', dir.write('empty.zip', zipSync({}))).status).toBe(2);
    expect(cli('audit', clean, '--warn-days', 'soon').status).toBe(2);
  });
});

describe('the module graph', () => {
  it('holds no React, no store and no UI module: the command line runs the domain modules alone', () => {
    const seen = new Set<string>();
    const external = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = fs.readFileSync(file, 'utf8');
      for (const [, spec] of text.matchAll(/(?:from|import\()\s*'([^']+)'/g)) {
        if (!spec!.startsWith('.')) {
          external.add(
            spec!.split('/')[0]!.startsWith('@') ? spec!.split('/').slice(0, 2).join('/') : spec!.split('/')[0]!,
          );
          continue;
        }
        const base = path.resolve(path.dirname(file), spec!);
        const resolved = [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')].find(
          (p) => fs.existsSync(p) && fs.statSync(p).isFile(),
        );
        if (resolved) visit(resolved);
      }
    };
    visit(path.resolve('src/cli/main.ts'));
    expect([...seen].filter((f) => /src\/(ui|store|keys|worker)\//.test(f) || f.endsWith('.tsx'))).toEqual([]);
    expect(
      [...external].filter((m) => ['react', 'react-dom', 'zustand', '@xyflow/react', 'elkjs'].includes(m)),
    ).toEqual([]);
    expect(seen.size).toBeGreaterThan(20);
  });
});
