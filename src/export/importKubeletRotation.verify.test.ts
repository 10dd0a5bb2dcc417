// Issue 20: kubeadm with rotated kubelet certificates. After kubeadm's kubelet-finalize phase,
// kubelet.conf names /var/lib/kubelet/pki/kubelet-client-current.pem (a link to the rotated
// cert+key file) instead of embedding its certificate. With that folder beside /etc/kubernetes,
// audit reads kubelet.conf through the file it names: every file has its role, and the expiry is
// the rotated certificate's. The node folders' copies of ca.crt are the CA, not an intermediate.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, openssl, type TempDir } from './testing/bundleOnDisk';
import { haveKubectl } from './testing/hardwayTrees';
import { kubeadmTree } from './testing/importMaterial';
import { builtCli } from '../cli/testing/builtCli';

// The command line as installed: the bin over the built JavaScript.
const BIN = builtCli();
let tmp: TempDir;
beforeAll(async () => {
  tmp = makeTempDir('kubelet-rotation-');
  for (const f of (await kubeadmTree()).files) if (!f.name.endsWith('k8s-tls-design.json')) tmp.write(f.name, f.bytes);
}, 60_000);
afterAll(() => tmp?.cleanup());

describe.skipIf(!haveKubectl)("kubeadm with the kubelet's rotated client certificate", () => {
  it("kubelet.conf is read through kubelet-client-current.pem: every file has its role, the expiry is the rotated one's; exits 0", () => {
    const pki = (f: string) => tmp.path(`etc/kubernetes/pki/${f}`);
    const dir = tmp.path('var/lib/kubelet/pki');
    fs.mkdirSync(dir, { recursive: true });
    // The kubelet's rotated pair, as the CSR signer issues it (200 days here, to tell it from the first one), cert and key in one file.
    openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', tmp.path('k.key')]);
    openssl([
      'req',
      '-new',
      '-key',
      tmp.path('k.key'),
      '-subj',
      '/O=system:nodes/CN=system:node:controlplane',
      '-out',
      tmp.path('k.csr'),
    ]);
    fs.writeFileSync(
      tmp.path('ext'),
      'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n',
    );
    openssl([
      'x509',
      '-req',
      '-in',
      tmp.path('k.csr'),
      '-CA',
      pki('ca.crt'),
      '-CAkey',
      pki('ca.key'),
      '-set_serial',
      '77',
      '-days',
      '200',
      '-extfile',
      tmp.path('ext'),
      '-out',
      tmp.path('k.crt'),
    ]);
    fs.writeFileSync(
      path.join(dir, 'kubelet-client-2026-01-01-00-00-00.pem'),
      fs.readFileSync(tmp.path('k.crt'), 'utf8') + fs.readFileSync(tmp.path('k.key'), 'utf8'),
    );
    fs.symlinkSync('kubelet-client-2026-01-01-00-00-00.pem', path.join(dir, 'kubelet-client-current.pem'));
    for (const f of ['k.key', 'k.csr', 'k.crt', 'ext']) fs.rmSync(tmp.path(f));
    // kubelet.conf as kubelet-finalize leaves it: the CA embedded, the client pair by path.
    const kc = tmp.path('etc/kubernetes/kubelet.conf');
    fs.rmSync(kc);
    const config = (...args: string[]) =>
      execFileSync('kubectl', ['config', ...args, '--kubeconfig', kc], { stdio: 'pipe' });
    config(
      'set-cluster',
      'kubernetes',
      '--server=https://192.168.56.10:6443',
      `--certificate-authority=${pki('ca.crt')}`,
      '--embed-certs=true',
    );
    config(
      'set-credentials',
      'default-auth',
      '--client-certificate=/var/lib/kubelet/pki/kubelet-client-current.pem',
      '--client-key=/var/lib/kubelet/pki/kubelet-client-current.pem',
    );
    config('set-context', 'default-context', '--cluster=kubernetes', '--user=default-auth');
    config('use-context', 'default-context');

    const run = spawnSync(process.execPath, [BIN, 'audit', tmp.dir, '--json'], { encoding: 'utf8', timeout: 120_000 });
    expect(run.status, run.stdout + run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as {
      recognised: Array<{ path: string; elementId: string }>;
      rejected: unknown[];
      unassigned: unknown[];
      filledIn: string[];
      expiry: Array<{ label: string; daysLeft: number }>;
    };
    expect(report.rejected).toEqual([]);
    expect(report.unassigned).toEqual([]);
    const role = Object.fromEntries(report.recognised.map((r) => [r.path, r.elementId]));
    expect(role['etc/kubernetes/kubelet.conf']).toBe('cred:kubelet.conf@controlplane');
    expect(role['var/lib/kubelet/pki/kubelet-client-current.pem']).toBe('cred:kubelet.conf@controlplane');
    expect(report.expiry.find((e) => e.label === 'kubelet.conf')!.daysLeft).toBeLessThan(201);
    expect(report.filledIn.some((f) => /intermediate/.test(f))).toBe(false);
  });
});
