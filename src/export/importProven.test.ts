// Issue 20, "draw what is there": an imported kubeadm tree is drawn with the components its files
// prove; the preset's others (kube-proxy, a break-glass admin the tree lacks) are named in the
// report and not drawn, so never written to a bundle unasked. metrics-server, the only check of
// front-proxy-client.crt, is drawn and listed as filled in: it holds nothing a bundle writes.
import { beforeAll, describe, expect, it } from 'vitest';
import { topologyOf } from '../topology/design';
import { BUNDLE_DESIGN_FILE } from './bundlePlan';
import { importPki, type ImportInput } from './importPki';
import { kubeadmTree, type KubeadmTree } from './testing/importMaterial';

let tree: KubeadmTree;
/** The tree as a foreign one: without the design file this app writes beside its bundles. */
const foreign = (drop: readonly string[] = []): ImportInput[] =>
  tree.files.filter(
    (f) => !f.name.endsWith(`/${BUNDLE_DESIGN_FILE}`) && !drop.some((d) => f.name === `etc/kubernetes/${d}`),
  );
beforeAll(async () => {
  tree = await kubeadmTree();
});

describe('an imported kubeadm tree draws what its files prove', () => {
  it('leaves out kube-proxy, lists metrics-server as filled in, and every drawn credential is an imported certificate', async () => {
    const report = await importPki(foreign());
    expect(report.refused).toBeNull();
    expect(report.layout).toBe('kubeadm');
    const topology = topologyOf(report.design);
    expect(topology.components.map((c) => c.kind)).not.toContain('kube-proxy');
    expect(report.notDrawn).toEqual(
      expect.arrayContaining([expect.stringMatching(/^kube-proxy on controlplane: it holds no certificate/)]),
    );
    expect(report.notDrawn!.some((n) => n.startsWith('metrics-server'))).toBe(false);
    expect(report.filledIn).toEqual([
      expect.stringMatching(
        /^metrics-server \(aggregated API\) on node01: drawn from the preset, no file shows it; it stands for what checks front-proxy-client\.crt/,
      ),
    ]);
    // Nothing a bundle would write is new: each credential drawn is a certificate that was imported.
    expect(topology.credentials.filter((c) => !report.certificates[c.id]).map((c) => c.id)).toEqual([]);
    // Copies of ca.crt in each node's folder are the CA again, not certificates with no role.
    expect(report.unassigned).toEqual([]);
  });

  it('a tree without super-admin.conf draws no break-glass admin', async () => {
    const report = await importPki(foreign(['super-admin.conf']));
    const topology = topologyOf(report.design);
    expect(topology.credentials.map((c) => c.id)).not.toContain('cred:super-admin.conf');
    expect(report.notDrawn).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^kubectl \(super-admin\.conf\): none of its files \(super-admin\.conf\)/),
      ]),
    );
  });
});
