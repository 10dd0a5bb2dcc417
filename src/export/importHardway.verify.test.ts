// Issue 20: the PKI of the original Kubernetes The Hard Way, made by cfssl and kubectl exactly
// as the guide makes it (testing/hardwayTrees.ts), audited by the command line as a person runs
// it. Every file has its role by what it says, not its name; planted faults are found and named.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topologyOf } from '../topology/design';
import type { CredentialId } from '../topology/model';
import { buildBundleFiles } from './bundle';
import { generatePki } from './generate';
import { importPki } from './importPki';
import { renewalPlan } from './renewal';
import { makeTempDir, openssl, type TempDir } from './testing/bundleOnDisk';
import { handshake } from './testing/handshake';
import {
  HARDWAY_OPENSSL_WORKERS,
  HARDWAY_PUBLIC_ADDRESS,
  HARDWAY_WORKERS,
  haveCfssl,
  haveKubectl,
  makeHardwayCfssl,
  makeHardwayOpenssl,
} from './testing/hardwayTrees';
import { builtCli } from '../cli/testing/builtCli';

// The command line as installed: the bin over the built JavaScript.
const BIN = builtCli();
const audit = (dir: string) =>
  spawnSync(process.execPath, [BIN, 'audit', dir, '--json'], { encoding: 'utf8', timeout: 120_000 });

interface AuditJson {
  layout: string;
  recognised: Array<{ path: string; role: string; elementId: string }>;
  findings: Array<{ severity: string; subject: string; quote: string; explanation: string }>;
  expiry: Array<{ label: string; state: string }>;
  rejected: Array<{ path: string; reason: string }>;
  unassigned: Array<{ path: string; reason?: string }>;
}

let tmp: TempDir;
let tree: string;
/** A copy of the tree to plant a fault in. */
const copy = (name: string) => {
  const to = tmp.path(name);
  fs.cpSync(tree, to, { recursive: true });
  return to;
};
const cfssl = (dir: string, args: string[], csr: object, out: string) => {
  fs.writeFileSync(path.join(dir, 'plant-csr.json'), JSON.stringify(csr));
  const json = execFileSync('cfssl', [...args, 'plant-csr.json'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  execFileSync('cfssljson', ['-bare', out], { cwd: dir, input: json, stdio: ['pipe', 'pipe', 'pipe'] });
  for (const f of ['plant-csr.json', `${out}.csr`]) fs.rmSync(path.join(dir, f), { force: true });
};
const signProfile = (dir: string) => {
  fs.writeFileSync(
    path.join(dir, 'plant-config.json'),
    JSON.stringify({
      signing: {
        profiles: {
          kubernetes: { usages: ['signing', 'key encipherment', 'server auth', 'client auth'], expiry: '8760h' },
        },
      },
    }),
  );
  return path.join(dir, 'plant-config.json');
};

describe.skipIf(!haveCfssl)('Kubernetes The Hard Way, cfssl edition', () => {
  beforeAll(() => {
    tmp = makeTempDir('kthw-cfssl-');
    tree = tmp.path('kthw');
    makeHardwayCfssl(tree);
  }, 120_000);
  afterAll(() => tmp?.cleanup());

  it('the fixture is what the guide leaves: every leaf verifies against ca.pem (openssl)', () => {
    const leaves = fs.readdirSync(tree).filter((f) => /\.pem$/.test(f) && !/-key\.pem$/.test(f) && f !== 'ca.pem');
    expect(leaves.sort()).toEqual(
      [
        'admin.pem',
        'kube-controller-manager.pem',
        'kube-proxy.pem',
        'kube-scheduler.pem',
        'kubernetes.pem',
        'service-account.pem',
        ...HARDWAY_WORKERS.map((w) => `${w}.pem`),
      ].sort(),
    );
    for (const leaf of leaves)
      expect(openssl(['verify', '-CAfile', path.join(tree, 'ca.pem'), path.join(tree, leaf)])).toContain(': OK');
  });

  it('audit takes ca.pem as the CA and gives every certificate, kubeconfig and key its role; exits 0 with no failure', () => {
    const run = audit(tree);
    expect(run.status, run.stdout + run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as AuditJson;
    expect(report.layout).toBe('Kubernetes The Hard Way (cfssl edition)');
    expect(report.unassigned).toEqual([]);
    expect(report.rejected).toEqual([]);
    expect(report.findings.filter((f) => f.severity === 'error')).toEqual([]);
    const role = Object.fromEntries(report.recognised.map((r) => [r.path, r.elementId]));
    expect(role).toMatchObject({
      'ca.pem': 'ca:ca',
      'admin.pem': 'cred:admin',
      'kubernetes.pem': 'cred:kube-api-server',
      'service-account.pem': 'cred:service-accounts',
      'kube-proxy.pem': 'cred:kube-proxy',
      'kube-controller-manager.pem': 'cred:kube-controller-manager',
      'kube-scheduler.pem': 'cred:kube-scheduler',
      'worker-0.pem': 'cred:worker-0',
      'worker-0.kubeconfig': 'cred:worker-0',
      'kube-proxy.kubeconfig': 'cred:kube-proxy',
    });
    // Every file of the folder is used: 10 certificates, 7 kubeconfigs, 10 keys.
    const text = spawnSync(process.execPath, [BIN, 'audit', tree], { encoding: 'utf8' }).stdout;
    expect(text).toMatch(/17 files recognised, 17 of 17 keys match their certificates/);
    expect(text).not.toMatch(/no role here/);
  });

  it('names are hints only: the same files under meaningless names get the same roles', () => {
    const dir = tmp.path('renamed');
    fs.mkdirSync(dir);
    const files = fs
      .readdirSync(tree)
      .filter((f) => f.endsWith('.pem'))
      .sort();
    // Shuffled names: file-N.pem for certificates and keys alike (no -key, no role in the name).
    files.forEach((f, i) =>
      fs.copyFileSync(
        path.join(tree, f),
        path.join(dir, `file-${String((i * 7) % files.length).padStart(2, '0')}.pem`),
      ),
    );
    const run = audit(dir);
    expect(run.status, run.stdout + run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as AuditJson;
    const byOriginal = (name: string) =>
      `file-${String((files.indexOf(name) * 7) % files.length).padStart(2, '0')}.pem`;
    const role = Object.fromEntries(report.recognised.map((r) => [r.path, r.elementId]));
    expect(role[byOriginal('ca.pem')]).toBe('ca:ca');
    expect(role[byOriginal('kubernetes.pem')]).toBe('cred:kube-api-server');
    expect(role[byOriginal('admin.pem')]).toBe('cred:admin');
    expect(role[byOriginal('worker-2.pem')]).toBe('cred:worker-2');
    expect(report.unassigned).toEqual([]);
  });

  it('a certificate that fits no role is listed with the reason', () => {
    const dir = copy('stray');
    cfssl(
      dir,
      ['gencert', '-ca=ca.pem', '-ca-key=ca-key.pem', `-config=${signProfile(dir)}`, '-profile=kubernetes'],
      { CN: 'grafana', key: { algo: 'rsa', size: 2048 } },
      'grafana',
    );
    const report = JSON.parse(audit(dir).stdout) as AuditJson;
    expect(report.unassigned).toEqual([
      expect.objectContaining({
        path: 'grafana.pem',
        reason: expect.stringMatching(/CN=grafana.*no role of Kubernetes The Hard Way/),
      }),
    ]);
  });

  it('renewing every leaf under the imported CA writes the same file names and key format; openssl and node:tls peers accept the renewed tree', async () => {
    const inputs = fs
      .readdirSync(tree)
      .map((name) => ({ name: `kthw/${name}`, bytes: fs.readFileSync(path.join(tree, name)) }));
    const report = await importPki(inputs);
    const topology = topologyOf(report.design);
    const leaves = new Set(topology.credentials.map((c) => c.id as string));
    const plan = renewalPlan(topology, report, leaves, false);
    expect(plan.missingCaKeys).toEqual([]);
    const pki = await generatePki(topology, {
      reuseCas: plan.reuseCas,
      keepLeaves: plan.keepLeaves,
      renewWithKeys: plan.renewWithKeys,
    });
    const written = new Map(buildBundleFiles(topology, pki).map((f) => [f.path, String(f.content)]));
    // Every certificate, key and kubeconfig the guide left is written back under its own name.
    for (const name of fs.readdirSync(tree)) expect(written.has(name), name).toBe(true);
    expect(written.get('ca.pem')).toBe(fs.readFileSync(path.join(tree, 'ca.pem'), 'utf8'));
    const out = tmp.path('renewed');
    for (const [name, content] of written)
      if (fs.readdirSync(tree).includes(name)) tmp.write(`renewed/${name}`, content);
    for (const name of fs.readdirSync(tree).filter((f) => /(?<!-key)\.pem$/.test(f) && f !== 'ca.pem')) {
      const before = fs.readFileSync(path.join(tree, name), 'utf8');
      const after = written.get(name)!;
      expect(after, name).not.toBe(before);
      expect(openssl(['x509', '-in', path.join(out, name), '-noout', '-subject', '-ext', 'subjectAltName']), name).toBe(
        openssl(['x509', '-in', path.join(tree, name), '-noout', '-subject', '-ext', 'subjectAltName']),
      );
      expect(openssl(['verify', '-CAfile', path.join(tree, 'ca.pem'), path.join(out, name)])).toContain(': OK');
      // The key keeps its PEM type (cfssl writes PKCS#1 RSA PRIVATE KEY).
      const key = name.replace(/\.pem$/, '-key.pem');
      expect(written.get(key)!.split('\n')[0], key).toBe(fs.readFileSync(path.join(tree, key), 'utf8').split('\n')[0]);
    }
    expect(pki.credentials.get('cred:kube-api-server' as CredentialId)).toBeDefined();
    // The API server's renewed pair serves a renewed kubelet client; the kubelet's serves the API server's client side.
    const p = (f: string) => path.join(out, f);
    const toApi = await handshake({
      server: { cert: p('kubernetes.pem'), key: p('kubernetes-key.pem'), ca: p('ca.pem'), verifyClient: 'require' },
      client: {
        cert: p('worker-0.pem'),
        key: p('worker-0-key.pem'),
        ca: path.join(tree, 'ca.pem'),
        rejectUnauthorized: true,
        address: HARDWAY_PUBLIC_ADDRESS,
      },
    });
    expect(toApi.ok, toApi.summary).toBe(true);
    const toKubelet = await handshake({
      server: { cert: p('worker-0.pem'), key: p('worker-0-key.pem'), ca: p('ca.pem'), verifyClient: 'require' },
      client: {
        cert: p('kubernetes.pem'),
        key: p('kubernetes-key.pem'),
        ca: path.join(tree, 'ca.pem'),
        rejectUnauthorized: true,
        address: 'worker-0',
      },
    });
    expect(toKubelet.ok, toKubelet.summary).toBe(true);
    // And the command line audits the renewed folder as it did the original: exit 0, every file its role.
    const run = audit(out);
    expect(run.status, run.stdout).toBe(0);
    expect((JSON.parse(run.stdout) as AuditJson).unassigned).toEqual([]);
  }, 120_000);

  it('planted: an expired leaf is found and named; exits 1', () => {
    const dir = copy('expired');
    const ca = tmp.path('plant-ca');
    fs.mkdirSync(ca);
    fs.writeFileSync(path.join(ca, 'index.txt'), '');
    fs.writeFileSync(path.join(ca, 'serial'), '1000\n');
    fs.writeFileSync(
      path.join(ca, 'ca.cnf'),
      `[ca]\ndefault_ca = d\n[d]\ndatabase = ${ca}/index.txt\nnew_certs_dir = ${ca}\nserial = ${ca}/serial\ndefault_md = sha256\npolicy = p\n[p]\norganizationName = optional\ncommonName = supplied\n[ext]\nbasicConstraints = critical,CA:FALSE\nkeyUsage = critical,digitalSignature,keyEncipherment\nextendedKeyUsage = clientAuth\n`,
    );
    openssl([
      'req',
      '-new',
      '-key',
      path.join(dir, 'admin-key.pem'),
      '-subj',
      '/O=system:masters/CN=admin',
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
      path.join(dir, 'ca.pem'),
      '-keyfile',
      path.join(dir, 'ca-key.pem'),
      '-in',
      path.join(ca, 'r.csr'),
      '-startdate',
      '20200101000000Z',
      '-enddate',
      '20200201000000Z',
      '-notext',
      '-out',
      path.join(dir, 'admin.pem'),
    ]);
    fs.rmSync(path.join(dir, 'admin.kubeconfig'));
    const run = audit(dir);
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout) as AuditJson;
    expect(report.expiry.filter((e) => e.state === 'expired').map((e) => e.label)).toEqual(['admin.pem']);
    expect(report.unassigned).toEqual([]);
  });

  it('planted: a kubelet certificate signed by another CA is found and named', () => {
    const dir = copy('other-ca');
    cfssl(dir, ['gencert', '-initca'], { CN: 'Other', key: { algo: 'rsa', size: 2048 } }, 'other-ca');
    cfssl(
      dir,
      [
        'gencert',
        '-ca=other-ca.pem',
        '-ca-key=other-ca-key.pem',
        `-config=${signProfile(dir)}`,
        '-profile=kubernetes',
        '-hostname=worker-1',
      ],
      { CN: 'system:node:worker-1', key: { algo: 'rsa', size: 2048 }, names: [{ O: 'system:nodes' }] },
      'worker-1',
    );
    for (const f of ['other-ca.pem', 'other-ca-key.pem', 'worker-1.kubeconfig', 'plant-config.json'])
      fs.rmSync(path.join(dir, f));
    const run = audit(dir);
    expect(run.status).toBe(1);
    const failing = (JSON.parse(run.stdout) as AuditJson).findings.filter((f) => f.severity === 'error');
    expect(failing.some((f) => f.subject === 'worker-1.pem' && /unknown authority/.test(f.quote))).toBe(true);
    expect(failing.every((f) => /worker-1/.test(`${f.subject} ${f.explanation}`))).toBe(true);
  });

  it("planted: an API server certificate without the load balancer's address is found and named", () => {
    const dir = copy('no-lb');
    const hostnames =
      '10.32.0.1,10.240.0.10,10.240.0.11,10.240.0.12,127.0.0.1,kubernetes,kubernetes.default,kubernetes.default.svc,kubernetes.default.svc.cluster,kubernetes.svc.cluster.local';
    cfssl(
      dir,
      [
        'gencert',
        '-ca=ca.pem',
        '-ca-key=ca-key.pem',
        `-config=${signProfile(dir)}`,
        '-profile=kubernetes',
        `-hostname=${hostnames}`,
      ],
      { CN: 'kubernetes', key: { algo: 'rsa', size: 2048 }, names: [{ O: 'Kubernetes' }] },
      'kubernetes',
    );
    fs.rmSync(path.join(dir, 'plant-config.json'));
    const run = audit(dir);
    expect(run.status).toBe(1);
    const failing = (JSON.parse(run.stdout) as AuditJson).findings.filter((f) => f.severity === 'error');
    expect(failing.length).toBeGreaterThan(0);
    expect(
      failing.every((f) => f.quote.includes(HARDWAY_PUBLIC_ADDRESS) || f.explanation.includes(HARDWAY_PUBLIC_ADDRESS)),
    ).toBe(true);
  });
});

describe.skipIf(!haveKubectl)("Kubernetes The Hard Way, openssl edition (today's)", () => {
  let own: TempDir;
  let dir: string;
  beforeAll(() => {
    own = makeTempDir('kthw-openssl-');
    dir = own.path('kthw');
    makeHardwayOpenssl(dir);
  }, 240_000);
  afterAll(() => own?.cleanup());

  it('audit gives every file its role and exits 0 with no failure', () => {
    for (const leaf of ['kube-api-server.crt', 'service-accounts.crt', 'node-0.crt'])
      expect(openssl(['verify', '-CAfile', path.join(dir, 'ca.crt'), path.join(dir, leaf)])).toContain(': OK');
    const run = audit(dir);
    expect(run.status, run.stdout + run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as AuditJson;
    expect(report.layout).toBe('Kubernetes The Hard Way (openssl edition)');
    expect(report.unassigned).toEqual([]);
    expect(report.rejected).toEqual([]);
    expect(report.findings.filter((f) => f.severity === 'error')).toEqual([]);
    const role = Object.fromEntries(report.recognised.map((r) => [r.path, r.elementId]));
    expect(role).toMatchObject({
      'ca.crt': 'ca:ca',
      'kube-api-server.crt': 'cred:kube-api-server',
      'service-accounts.crt': 'cred:service-accounts',
      'admin.crt': 'cred:admin',
      ...Object.fromEntries(HARDWAY_OPENSSL_WORKERS.map((n) => [`${n}.crt`, `cred:${n}`])),
    });
    expect(spawnSync(process.execPath, [BIN, 'audit', dir], { encoding: 'utf8' }).stdout).toMatch(
      /15 files recognised, 15 of 15 keys match/,
    );
  });

  it('planted: an API server certificate without server.kubernetes.local, the name the kubeconfigs dial, is found and named', () => {
    const bad = own.path('no-name');
    fs.cpSync(dir, bad, { recursive: true });
    fs.writeFileSync(
      path.join(bad, 'ext'),
      'basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth,serverAuth\nkeyUsage=critical,digitalSignature,keyEncipherment\nsubjectAltName=IP:127.0.0.1,IP:10.32.0.1,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc\n',
    );
    openssl([
      'req',
      '-new',
      '-key',
      path.join(bad, 'kube-api-server.key'),
      '-subj',
      '/CN=kubernetes',
      '-out',
      path.join(bad, 'api.csr'),
    ]);
    openssl([
      'x509',
      '-req',
      '-in',
      path.join(bad, 'api.csr'),
      '-CA',
      path.join(bad, 'ca.crt'),
      '-CAkey',
      path.join(bad, 'ca.key'),
      '-set_serial',
      '77',
      '-days',
      '365',
      '-extfile',
      path.join(bad, 'ext'),
      '-out',
      path.join(bad, 'kube-api-server.crt'),
    ]);
    for (const f of ['ext', 'api.csr']) fs.rmSync(path.join(bad, f));
    const run = audit(bad);
    expect(run.status).toBe(1);
    const failing = (JSON.parse(run.stdout) as AuditJson).findings.filter((f) => f.severity === 'error');
    expect(failing.length).toBeGreaterThan(0);
    expect(failing.every((f) => `${f.quote} ${f.explanation}`.includes('server.kubernetes.local'))).toBe(true);
  });
});
