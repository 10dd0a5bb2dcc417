// A real three-member etcd cluster, each member started with nothing but its own host's folder of a
// per-host bundle, with the flags kubeadm gives etcd; then etcdctl from each control plane's folder.
// Every member listens on 127.0.0.1, which kubeadm puts in etcd's server and peer SANs.
// etcd comes from Debian (etcd-server, etcd-client); .ci/run installs it and sets REQUIRE_ETCD=1,
// so CI never skips this. Elsewhere, without etcd, it is skipped with a message.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topologyOf } from '../topology/design';
import { buildBundleFiles } from './bundle';
import { generatePki } from './generate';
import { makeTempDir, type TempDir } from './testing/bundleOnDisk';
import { etcdCluster, haveEtcd, type EtcdCluster } from './testing/etcd';
import { HA_CONTROL_PLANES, haDesign } from './testing/haDesign';

describe.skipIf(!haveEtcd)('a real etcd cluster from the per-host folders', () => {
  let bundle: TempDir;
  let cluster: EtcdCluster;
  const etcdctl: EtcdCluster['etcdctl'] = (...args) => cluster.etcdctl(...args);

  beforeAll(async () => {
    const design = haDesign();
    const topology = topologyOf(design);
    const files = buildBundleFiles(
      topology,
      await generatePki(topology),
      { layout: 'per-host', externalCa: false },
      design,
    );
    bundle = makeTempDir('etcd-cluster-');
    for (const f of files) bundle.write(f.path, f.content, f.mode);
    cluster = await etcdCluster(bundle, HA_CONTROL_PLANES);
    for (const host of HA_CONTROL_PLANES) cluster.start(host, 'new');
    await cluster.healthy();
  });

  afterAll(() => {
    cluster?.killAll();
    bundle?.cleanup();
  });

  it("three members, each with its own host's certificates, agree on the member list", () => {
    for (const host of HA_CONTROL_PLANES) {
      const list = etcdctl(host, ['member', 'list']);
      expect(list.status, list.stderr).toBe(0);
      for (const name of HA_CONTROL_PLANES)
        expect(list.stdout).toContain(`, ${name}, https://127.0.0.1:${cluster.ports.get(name)!.peer}`);
    }
  });

  it("a write through one control plane's API-server client is read through another's, and kubeadm's healthcheck client works on each", () => {
    const put = etcdctl('cp1', ['put', '/registry/k8s-tls-designer', 'written on cp1']);
    expect(put.status, put.stderr).toBe(0);
    const get = etcdctl('cp3', ['get', '/registry/k8s-tls-designer', '--print-value-only']);
    expect(get.stdout.trim()).toBe('written on cp1');
    for (const host of HA_CONTROL_PLANES)
      expect(etcdctl(host, ['endpoint', 'health'], 'pki/etcd/healthcheck-client').status).toBe(0);
  });

  it('a client certificate of the cluster CA, not the etcd CA, is refused by etcd, which says why', async () => {
    const refused = etcdctl(
      'cp2',
      ['get', '/registry/k8s-tls-designer', '--dial-timeout=2s', '--command-timeout=2s'],
      'pki/apiserver-kubelet-client',
    );
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain('context deadline exceeded');
    await expect
      .poll(() => cluster.logs.get('cp2'))
      .toMatch(
        /rejected connection.*tls: failed to verify client certificate: x509: certificate signed by unknown authority/,
      );
  });
});
