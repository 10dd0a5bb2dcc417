import { describe, expect, it } from 'vitest';
import { NO_EDITS, topologyOf, type Design } from '../topology/design';
import { addCustomComponent } from '../topology/edits';
import type { CaId } from '../topology/model';
import { PRESET_DEFAULTS } from '../topology/presets';
import { checkRotation, recommendedOrder } from '../topology/rotation';
import { generatePki } from './generate';
import { rotatePki, rotationBundles } from './rotationBundles';
import { phaseZipFiles, rotationRunbook } from './rotationRunbook';

const PAYLOAD = '$(touch /tmp/pwned)';

async function runbookOf(design: Design, caId: string) {
  const topology = topologyOf(design);
  const current = await generatePki(topology);
  const steps = recommendedOrder(topology, caId);
  const bundles = rotationBundles(
    topology,
    caId as CaId,
    steps,
    current,
    await rotatePki(topology, current, caId as CaId),
  );
  const checked = checkRotation(topology, caId, steps, design.presetId);
  return { topology, bundles, checked, text: rotationRunbook(topology, caId, bundles, checked, design.presetId) };
}

describe('the rotation runbook', () => {
  const kubeadm: Design = {
    presetId: 'kubeadm',
    params: { ...PRESET_DEFAULTS.kubeadm, keyAlgorithm: 'ECDSA-P256' },
    edits: NO_EDITS,
  };

  it('names every phase in order, the files each host receives, the restarts, and the ServiceAccount and kubeconfig steps', async () => {
    const { bundles, text } = await runbookOf(kubeadm, 'ca:ca');
    const titles = bundles.phases.map((p) => `PHASE ${p.number} OF ${bundles.phases.length}: ${p.title}`);
    let at = 0;
    for (const title of titles) {
      const next = text.indexOf(title, at);
      expect(next, title).toBeGreaterThan(at);
      at = next;
    }
    expect(text).toMatch(/controlplane: .*pki\/ca\.crt/);
    expect(text).toMatch(/node01: kubelet\.conf, pki\/ca\.crt\n/);
    expect(text).toContain('sudo mv /etc/kubernetes/manifests/kube-apiserver.yaml /etc/kubernetes/ && sleep 20');
    expect(text).toContain('sudo systemctl restart kubelet');
    expect(text).toContain('kube-root-ca.crt');
    expect(text).toContain('kubectl -n kube-system rollout restart daemonset/kube-proxy deployment/coredns');
    expect(text).toContain('type=kubernetes.io/service-account-token');
    expect(text).toMatch(/kubectl config set-cluster kubernetes --certificate-authority=.* --embed-certs/);
    // A tool that reads its files each run has nothing to restart; admin.conf on a control plane restarts nothing.
    expect(text).not.toContain('restart etcd-healthcheck');
    expect(text).toContain('nothing to restart');
    expect(text).toContain('all 16 connections handshake');
  });

  it('the etcd CA: no ServiceAccount steps, and a phase download holds its files and its part of the runbook', async () => {
    const { topology, bundles, checked, text } = await runbookOf(kubeadm, 'ca:etcd-ca');
    expect(text).not.toContain('kube-root-ca.crt');
    const files = phaseZipFiles(
      topology,
      'ca:etcd-ca',
      bundles.phases[1]!,
      checked[1],
      bundles.phases.length,
      'kubeadm',
    );
    expect(files.map((f) => f.path)).toContain('controlplane/pki/etcd/server.crt');
    const readme = String(files.find((f) => f.path === 'README.txt')!.content);
    expect(readme).toContain('PHASE 2 OF 3');
    expect(readme).toContain('etcd reads its certificate files again for each new');
    // Its check verifies a certificate the etcd CA signs, against the etcd CA's file.
    expect(readme).toMatch(
      /openssl verify -CAfile \/etc\/kubernetes\/pki\/etcd\/ca\.crt \/etc\/kubernetes\/pki\/(etcd|apiserver-etcd)[^ ]*\.crt/,
    );
  });

  it("a custom component's name is quoted where a command embeds it", async () => {
    const hostId = topologyOf(kubeadm).hosts.find((h) => h.name === 'node01')!.id;
    const { text } = await runbookOf(addCustomComponent('server', PAYLOAD, hostId)(kubeadm), 'ca:ca');
    expect(text).toContain(`restart '${PAYLOAD}' so that it reads its files again`);
    expect(text).not.toMatch(/[^']\$\(touch/);
  });
});
