// Issue 20: kubespray's tree (kubeadm with certificatesDir /etc/kubernetes/ssl, etcd on the hosts
// with its certificates under /etc/ssl/etcd, kubespray's default etcd_deployment_type: host), audited
// by the command line: recognised as kubespray, every file has its role, nothing of etcd is drawn,
// the files keep their ssl/ names for a renewal, and a planted fault is found.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topologyOf } from '../topology/design';
import { importPki } from './importPki';
import { makeTempDir, openssl, type TempDir } from './testing/bundleOnDisk';
import { kubeadmTree } from './testing/importMaterial';
import { builtCli } from '../cli/testing/builtCli';

// The command line as installed: the bin over the built JavaScript.
const BIN = builtCli();
const audit = (dir: string) =>
  spawnSync(process.execPath, [BIN, 'audit', dir, '--json'], { encoding: 'utf8', timeout: 120_000 });

let tmp: TempDir;
let tree: string;
beforeAll(async () => {
  tmp = makeTempDir('kubespray-');
  tree = tmp.path('kubernetes');
  for (const f of (await kubeadmTree()).files) {
    const rel = f.name.replace(/^etc\/kubernetes\//, '');
    // kubespray's default: etcd runs on the hosts, its certificates are not under /etc/kubernetes.
    if (/(^|\/)pki\/etcd\/|apiserver-etcd-client|k8s-tls-design\.json$/.test(rel)) continue;
    tmp.write(path.join('kubernetes', rel.replace(/^((?:nodes\/[^/]+\/)?)pki\//, '$1ssl/')), f.bytes);
  }
}, 60_000);
afterAll(() => tmp?.cleanup());

interface AuditJson {
  layout: string;
  recognised: Array<{ path: string; elementId: string }>;
  findings: Array<{ severity: string; subject: string; quote: string; explanation: string }>;
  unassigned: unknown[];
  rejected: unknown[];
  notDrawn: string[];
}

describe('kubespray', () => {
  it('is recognised by its ssl/ folder, every file has its role, etcd is not drawn; exits 0', () => {
    const run = audit(tree);
    expect(run.status, run.stdout + run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as AuditJson;
    expect(report.layout).toMatch(/^kubespray/);
    expect(report.unassigned).toEqual([]);
    expect(report.rejected).toEqual([]);
    expect(report.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(Object.fromEntries(report.recognised.map((r) => [r.path, r.elementId]))).toMatchObject({
      'ssl/ca.crt': 'ca:ca',
      'ssl/apiserver.crt': 'cred:apiserver@controlplane',
      'ssl/front-proxy-client.crt': 'cred:front-proxy-client@controlplane',
      'ssl/sa.pub': 'keypair:sa',
    });
    expect(report.notDrawn).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^etcd on controlplane/),
        expect.stringMatching(/apiserver-etcd-client\.crt: not among/),
      ]),
    );
  });

  it('keeps the ssl/ names, so a renewal writes the files where kubespray has them', async () => {
    const files: Array<{ name: string; bytes: Uint8Array }> = [];
    const walk = (at: string) =>
      fs.readdirSync(at, { withFileTypes: true }).forEach((e) => {
        const full = path.join(at, e.name);
        if (e.isDirectory()) walk(full);
        else files.push({ name: path.join('kubernetes', path.relative(tree, full)), bytes: fs.readFileSync(full) });
      });
    walk(tree);
    const report = await importPki(files);
    const topology = topologyOf(report.design);
    expect(topology.cas.find((c) => c.id === 'ca:ca')!.certFile).toBe('ssl/ca.crt');
    expect(topology.credentials.find((c) => c.id === 'cred:apiserver@controlplane')!.files).toEqual({
      cert: 'ssl/apiserver.crt',
      key: 'ssl/apiserver.key',
    });
    expect(topology.components.map((c) => c.kind)).not.toContain('etcd');
  });

  it('planted: front-proxy-client signed by the cluster CA, not the front-proxy CA, is found and named', () => {
    const bad = tmp.path('bad');
    fs.cpSync(tree, bad, { recursive: true });
    const ssl = (f: string) => path.join(bad, 'ssl', f);
    fs.writeFileSync(
      ssl('ext'),
      'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth\n',
    );
    openssl([
      'req',
      '-new',
      '-key',
      ssl('front-proxy-client.key'),
      '-subj',
      '/CN=front-proxy-client',
      '-out',
      ssl('r.csr'),
    ]);
    openssl([
      'x509',
      '-req',
      '-in',
      ssl('r.csr'),
      '-CA',
      ssl('ca.crt'),
      '-CAkey',
      ssl('ca.key'),
      '-set_serial',
      '99',
      '-days',
      '365',
      '-extfile',
      ssl('ext'),
      '-out',
      ssl('front-proxy-client.crt'),
    ]);
    for (const f of ['ext', 'r.csr']) fs.rmSync(ssl(f));
    const run = audit(bad);
    expect(run.status).toBe(1);
    const failing = (JSON.parse(run.stdout) as AuditJson).findings.filter((f) => f.severity === 'error');
    expect(failing.length).toBeGreaterThan(0);
    expect(failing.every((f) => /front-proxy-client/.test(`${f.subject} ${f.explanation}`))).toBe(true);
  });
});
