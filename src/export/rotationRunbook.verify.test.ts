// Issue 20: the cluster-CA runbook's kubeadm join and ServiceAccount steps, run for real. The
// cluster-info ConfigMap is made by kubectl from the old CA as kubeadm publishes it (a kubeconfig
// under data.kubeconfig); the runbook's own command writes each phase's CA file into it, kubectl reads
// the result back, and its join hash is checked against Node's own SHA-256 of the CA's public key.
import { createHash, X509Certificate } from 'node:crypto';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_EDITS, topologyOf, type Design } from '../topology/design';
import type { CaId } from '../topology/model';
import { PRESET_DEFAULTS } from '../topology/presets';
import { checkRotation, recommendedOrder } from '../topology/rotation';
import { generatePki } from './generate';
import { rotatePki, rotationBundles, type RotationBundles } from './rotationBundles';
import { phaseSection } from './rotationRunbook';
import { makeTempDir, type TempDir } from './testing/bundleOnDisk';

const haveKubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;
if (!haveKubectl && process.env.REQUIRE_KUBECTL)
  throw new Error('REQUIRE_KUBECTL is set but kubectl is missing: apt-get install kubernetes-client');

const design: Design = {
  presetId: 'kubeadm',
  params: { ...PRESET_DEFAULTS.kubeadm, keyAlgorithm: 'ECDSA-P256' },
  edits: NO_EDITS,
};
const topology = topologyOf(design);
const ca = topology.cas.find((c) => c.id === 'ca:ca')!;
let bundles: RotationBundles;
let oldCa: string;
let dir: TempDir;
const bash = (script: string) =>
  spawnSync('bash', ['-o', 'pipefail', '-c', script], { encoding: 'utf8', cwd: dir.dir });
/** The runbook line that starts with `start`, in a phase's section. */
const line = (section: string, start: string) =>
  section
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l.startsWith(start))!;

beforeAll(async () => {
  dir = makeTempDir('runbook-');
  const current = await generatePki(topology);
  oldCa = current.cas.get('ca:ca' as CaId)!.certPem;
  const steps = recommendedOrder(topology, 'ca:ca');
  bundles = rotationBundles(
    topology,
    'ca:ca' as CaId,
    steps,
    current,
    await rotatePki(topology, current, 'ca:ca' as CaId),
  );
}, 60_000);
afterAll(() => dir?.cleanup());

describe.skipIf(!haveKubectl)('the cluster CA runbook, kubeadm join and ServiceAccount steps', () => {
  it("each phase that changes the control planes' ca.crt writes it into cluster-info, which kubectl reads back; the join hash command agrees with Node's", () => {
    const checked = checkRotation(topology, 'ca:ca', recommendedOrder(topology, 'ca:ca'), 'kubeadm');
    const withJoin = bundles.phases.filter((p) =>
      phaseSection(topology, ca, p, checked[p.number - 1], bundles.phases.length, 'kubeadm')
        .join('\n')
        .includes('cluster-info'),
    );
    // Trust both CAs, then the new one alone: two phases publish a new CA file.
    expect(withJoin.length).toBe(2);
    // cluster-info as kubeadm publishes it, made by kubectl from the old CA.
    fs.writeFileSync(dir.path('old-ca.crt'), oldCa);
    execFileSync(
      'kubectl',
      [
        'config',
        'set-cluster',
        'kubernetes',
        '--server=https://192.168.56.10:6443',
        '--certificate-authority=old-ca.crt',
        '--embed-certs=true',
        '--kubeconfig',
        'kc',
      ],
      { cwd: dir.dir },
    );
    fs.writeFileSync(
      dir.path('cluster-info.yaml'),
      execFileSync(
        'kubectl',
        [
          'create',
          'configmap',
          'cluster-info',
          '-n',
          'kube-public',
          '--from-file=kubeconfig=kc',
          '--dry-run=client',
          '-o',
          'yaml',
        ],
        { cwd: dir.dir },
      ),
    );
    const hashes: string[] = [];
    for (const phase of withJoin) {
      const caFile = phase.files.find((f) => f.path === 'controlplane/pki/ca.crt');
      expect(caFile, phase.title).toBeDefined();
      dir.write('etc/kubernetes/pki/ca.crt', String(caFile!.content));
      // The runbook's commands, with this folder for /etc/kubernetes and a file for the API server.
      const section = phaseSection(topology, ca, phase, checked[phase.number - 1], bundles.phases.length, 'kubeadm')
        .join('\n')
        .replaceAll('/etc/kubernetes/', `${dir.dir}/etc/kubernetes/`);
      const write = line(section, 'kubectl -n kube-public get configmap cluster-info -o yaml |')
        .replace('kubectl -n kube-public get configmap cluster-info -o yaml', 'cat cluster-info.yaml')
        .replace('| kubectl apply -f -', '> applied.yaml');
      const run = bash(write);
      expect(run.status, run.stderr).toBe(0);
      fs.renameSync(dir.path('applied.yaml'), dir.path('cluster-info.yaml'));
      // kubectl reads the ConfigMap back; its kubeconfig's CA is this phase's ca.crt, byte for byte.
      const kubeconfig = execFileSync(
        'kubectl',
        ['label', '--local', '-f', 'cluster-info.yaml', 'checked=yes', '-o', 'jsonpath={.data.kubeconfig}'],
        { cwd: dir.dir, encoding: 'utf8' },
      );
      const data = /certificate-authority-data: (\S+)/.exec(kubeconfig)![1]!;
      expect(Buffer.from(data, 'base64').toString()).toBe(String(caFile!.content));
      // The runbook's own check says nothing, as it says to expect.
      const check = bash(
        line(section, 'kubectl -n kube-public get configmap cluster-info -o jsonpath=').replace(
          'kubectl -n kube-public get configmap cluster-info',
          'kubectl label --local -f cluster-info.yaml checked=again',
        ),
      );
      expect(check.status, check.stderr).toBe(0);
      expect(check.stdout).toBe('');
      // The join hash: SHA-256 of the first CA's SubjectPublicKeyInfo, as Node computes it.
      const first = new X509Certificate(String(caFile!.content));
      const expected = `sha256:${createHash('sha256')
        .update(first.publicKey.export({ type: 'spki', format: 'der' }))
        .digest('hex')}`;
      const hash = bash(line(section, 'openssl x509 -in'));
      expect(hash.stdout.trim()).toBe(expected);
      hashes.push(expected);
    }
    // The last of them leaves the new CA alone: its hash is the new CA's, not the old one's.
    const oldHash = `sha256:${createHash('sha256')
      .update(new X509Certificate(oldCa).publicKey.export({ type: 'spki', format: 'der' }))
      .digest('hex')}`;
    expect(hashes.at(-1)).not.toBe(oldHash);
    expect(hashes[0]).toBe(oldHash);
  });

  it('legacy token Secrets are not deleted; every check says what to expect', () => {
    const checked = checkRotation(topology, 'ca:ca', recommendedOrder(topology, 'ca:ca'), 'kubeadm');
    const text = bundles.phases
      .map((p) => phaseSection(topology, ca, p, checked[p.number - 1], bundles.phases.length, 'kubeadm').join('\n'))
      .join('\n');
    expect(text).not.toMatch(/kubectl delete/);
    expect(text).toMatch(/since\s+Kubernetes 1\.24 a deleted one is not written again/);
    expect(text).toMatch(/kube-root-ca\.crt[\s\S]*expect 0\):\n.*cmp -s - \/etc\/kubernetes\/pki\/ca\.crt/);
    expect(text).toMatch(/service-account-token[\s\S]*expect 0\):\n.*grep -cvx/);
    expect(text).toMatch(/expect no output from diff/);
  });

  it('the legacy token command sets ca.crt in a Secret as kubectl writes it', () => {
    const checked = checkRotation(topology, 'ca:ca', recommendedOrder(topology, 'ca:ca'), 'kubeadm');
    const phase = bundles.phases.find((p) =>
      phaseSection(topology, ca, p, checked[p.number - 1], bundles.phases.length, 'kubeadm')
        .join('\n')
        .includes('To set them by hand'),
    )!;
    const caText = String(phase.files.find((f) => f.path === 'controlplane/pki/ca.crt')!.content);
    dir.write('etc/kubernetes/pki/ca.crt', caText);
    fs.writeFileSync(
      dir.path('secret.yaml'),
      execFileSync('kubectl', [
        'create',
        'secret',
        'generic',
        'legacy',
        '-n',
        'default',
        '--type=kubernetes.io/service-account-token',
        `--from-literal=ca.crt=${oldCa}`,
        '--from-literal=token=t',
        '--dry-run=client',
        '-o',
        'yaml',
      ]),
    );
    const section = phaseSection(topology, ca, phase, checked[phase.number - 1], bundles.phases.length, 'kubeadm')
      .join('\n')
      .replaceAll('/etc/kubernetes/', `${dir.dir}/etc/kubernetes/`);
    // The loop body for one Secret: kubectl get ... -o yaml | sed ... | kubectl apply.
    // The second `want=` line is the one that sets them (the first counts them).
    const set = section
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l.startsWith('want=$(base64 -w0'))[1]!;
    const sed = /\| (sed "[^"]+") \|/.exec(set)![1]!;
    const run = bash(`want=$(base64 -w0 ${dir.dir}/etc/kubernetes/pki/ca.crt); cat secret.yaml | ${sed} > set.yaml`);
    expect(run.status, run.stderr).toBe(0);
    const got = execFileSync(
      'kubectl',
      ['label', '--local', '-f', 'set.yaml', 'x=y', '-o', 'jsonpath={.data.ca\\.crt}'],
      { cwd: dir.dir, encoding: 'utf8' },
    );
    expect(Buffer.from(got, 'base64').toString()).toBe(caText);
    // And the runbook's count of Secrets not holding the file finds none (expect 0).
    const count = bash(
      line(section, 'want=$(base64 -w0').replace(
        /kubectl get secrets -A [^|]+\|/,
        `kubectl label --local -f set.yaml x=z -o jsonpath='{.data.ca\\.crt}{"\\n"}' |`,
      ),
    );
    expect(count.stdout.trim()).toBe('0');
  });
});
