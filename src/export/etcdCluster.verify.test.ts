// A real three-member etcd cluster, each member started with nothing but its own host's folder of a
// per-host bundle, with the flags kubeadm gives etcd; then etcdctl from each control plane's folder.
// Every member listens on 127.0.0.1, which kubeadm puts in etcd's server and peer SANs.
// etcd comes from Debian (etcd-server, etcd-client); .ci/run installs it and sets REQUIRE_ETCD=1,
// so CI never skips this. Elsewhere, without etcd, it is skipped with a message.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topologyOf } from '../topology/design';
import { buildBundleFiles } from './bundle';
import { generatePki } from './generate';
import { makeTempDir, type TempDir } from './testing/bundleOnDisk';
import { HA_CONTROL_PLANES, haDesign } from './testing/haDesign';

const haveEtcd = spawnSync('etcd', ['--version']).status === 0 && spawnSync('etcdctl', ['version'], { env: { ...process.env, ETCDCTL_API: '3' } }).status === 0;
if (!haveEtcd && process.env.REQUIRE_ETCD) throw new Error('REQUIRE_ETCD is set but etcd or etcdctl is missing: apt-get install etcd-server etcd-client');
if (!haveEtcd) console.warn('etcd and etcdctl are not installed: the real etcd cluster test is skipped (apt-get install etcd-server etcd-client).');

/** A port nothing listens on now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

describe.skipIf(!haveEtcd)('a real etcd cluster from the per-host folders', () => {
  let bundle: TempDir;
  const members: ChildProcess[] = [];
  /** Each member's log (zap, JSON lines). */
  const logs = new Map<string, string>();
  const ports = new Map<string, { client: number; peer: number; metrics: number }>();
  const folder = (host: string, rel: string) => bundle.path(`${host}/${rel}`);

  const etcdctl = (host: string, args: string[], pair = 'pki/apiserver-etcd-client', endpoint = host) => spawnSync('etcdctl', [
    `--endpoints=https://127.0.0.1:${ports.get(endpoint)!.client}`, `--cacert=${folder(host, 'pki/etcd/ca.crt')}`,
    `--cert=${folder(host, `${pair}.crt`)}`, `--key=${folder(host, `${pair}.key`)}`, '--command-timeout=5s', ...args,
  ], { encoding: 'utf8', env: { ...process.env, ETCDCTL_API: '3' } });

  beforeAll(async () => {
    const design = haDesign();
    const topology = topologyOf(design);
    const files = buildBundleFiles(topology, await generatePki(topology), { layout: 'per-host', externalCa: false }, design);
    bundle = makeTempDir('etcd-cluster-');
    for (const f of files) bundle.write(f.path, f.content, f.mode);
    for (const host of HA_CONTROL_PLANES) ports.set(host, { client: await freePort(), peer: await freePort(), metrics: await freePort() });
    const initialCluster = HA_CONTROL_PLANES.map((h) => `${h}=https://127.0.0.1:${ports.get(h)!.peer}`).join(',');
    for (const host of HA_CONTROL_PLANES) {
      const p = ports.get(host)!;
      // kubeadm's etcd static pod flags (etcd.go), with 127.0.0.1 for the node's address.
      const member = spawn('etcd', [
        `--name=${host}`, '--logger=zap', `--data-dir=${bundle.path(`data-${host}`)}`,
        `--listen-client-urls=https://127.0.0.1:${p.client}`, `--advertise-client-urls=https://127.0.0.1:${p.client}`,
        `--listen-peer-urls=https://127.0.0.1:${p.peer}`, `--initial-advertise-peer-urls=https://127.0.0.1:${p.peer}`,
        `--listen-metrics-urls=http://127.0.0.1:${p.metrics}`,
        `--initial-cluster=${initialCluster}`, '--initial-cluster-state=new', '--initial-cluster-token=k8s-tls-designer',
        '--client-cert-auth=true', `--trusted-ca-file=${folder(host, 'pki/etcd/ca.crt')}`,
        `--cert-file=${folder(host, 'pki/etcd/server.crt')}`, `--key-file=${folder(host, 'pki/etcd/server.key')}`,
        '--peer-client-cert-auth=true', `--peer-trusted-ca-file=${folder(host, 'pki/etcd/ca.crt')}`,
        `--peer-cert-file=${folder(host, 'pki/etcd/peer.crt')}`, `--peer-key-file=${folder(host, 'pki/etcd/peer.key')}`,
      ], { stdio: ['ignore', 'pipe', 'pipe'] });
      member.stderr!.on('data', (chunk: Buffer) => logs.set(host, (logs.get(host) ?? '') + chunk.toString()));
      members.push(member);
    }
    // The cluster is up when every member answers as healthy.
    for (let tries = 0; tries < 60; tries++) {
      if (HA_CONTROL_PLANES.every((h) => etcdctl(h, ['endpoint', 'health']).status === 0)) return;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`the etcd cluster did not become healthy:\n${[...logs].map(([h, l]) => `${h}: ${l.slice(-2000)}`).join('\n')}`);
  }, 60_000);

  afterAll(() => {
    for (const m of members) m.kill('SIGKILL');
    bundle?.cleanup();
  });

  it('three members, each with its own host\'s certificates, agree on the member list', () => {
    for (const host of HA_CONTROL_PLANES) {
      const list = etcdctl(host, ['member', 'list']);
      expect(list.status, list.stderr).toBe(0);
      for (const name of HA_CONTROL_PLANES) expect(list.stdout).toContain(`, ${name}, https://127.0.0.1:${ports.get(name)!.peer}`);
    }
  });

  it('a write through one control plane\'s API-server client is read through another\'s, and kubeadm\'s healthcheck client works on each', () => {
    const put = etcdctl('cp1', ['put', '/registry/k8s-tls-designer', 'written on cp1']);
    expect(put.status, put.stderr).toBe(0);
    const get = etcdctl('cp3', ['get', '/registry/k8s-tls-designer', '--print-value-only']);
    expect(get.stdout.trim()).toBe('written on cp1');
    for (const host of HA_CONTROL_PLANES) expect(etcdctl(host, ['endpoint', 'health'], 'pki/etcd/healthcheck-client').status).toBe(0);
  });

  it('a client certificate of the cluster CA, not the etcd CA, is refused by etcd, which says why', async () => {
    const refused = etcdctl('cp2', ['get', '/registry/k8s-tls-designer', '--dial-timeout=2s', '--command-timeout=2s'], 'pki/apiserver-kubelet-client');
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain('context deadline exceeded');
    await expect.poll(() => logs.get('cp2')).toMatch(/rejected connection.*tls: failed to verify client certificate: x509: certificate signed by unknown authority/);
  });
});
