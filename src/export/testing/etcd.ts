// Test helper: real etcd members started with kubeadm's flags from a per-host bundle's folders,
// and etcdctl as a control plane's API server (or kubeadm's healthcheck) calls them.
// etcd comes from Debian (etcd-server, etcd-client); .ci/run installs it and sets REQUIRE_ETCD=1,
// so CI never skips a test that needs it. Elsewhere, without etcd, such tests are skipped.
import { spawn, spawnSync, type ChildProcess, type SpawnSyncReturns } from 'node:child_process';
import net from 'node:net';
import type { TempDir } from './bundleOnDisk';

export const haveEtcd =
  spawnSync('etcd', ['--version']).status === 0 &&
  spawnSync('etcdctl', ['version'], { env: { ...process.env, ETCDCTL_API: '3' } }).status === 0;
if (!haveEtcd && process.env.REQUIRE_ETCD)
  throw new Error('REQUIRE_ETCD is set but etcd or etcdctl is missing: apt-get install etcd-server etcd-client');
if (!haveEtcd)
  console.warn(
    'etcd and etcdctl are not installed: the real etcd tests are skipped (apt-get install etcd-server etcd-client).',
  );

/** A port nothing listens on now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** An etcd cluster of one member per control plane, each reading its own host's folder (`<host>/pki/etcd/...`). */
export interface EtcdCluster {
  readonly logs: Map<string, string>;
  readonly ports: ReadonlyMap<string, { client: number; peer: number; metrics: number }>;
  /** Starts (or restarts, keeping its data) one member, with the files its folder holds now. */
  start(host: string, state: 'new' | 'existing'): void;
  stop(host: string): Promise<void>;
  /** etcdctl from a host's folder, as its API server (or another pair of that folder) calls etcd. */
  etcdctl(host: string, args: readonly string[], pair?: string, endpoint?: string): SpawnSyncReturns<string>;
  /** Waits until every member answers as healthy; throws with the logs if they never do. */
  healthy(timeoutMs?: number): Promise<void>;
  killAll(): void;
}

export async function etcdCluster(bundle: TempDir, hosts: readonly string[]): Promise<EtcdCluster> {
  const folder = (host: string, rel: string) => bundle.path(`${host}/${rel}`);
  const ports = new Map<string, { client: number; peer: number; metrics: number }>();
  for (const host of hosts)
    ports.set(host, { client: await freePort(), peer: await freePort(), metrics: await freePort() });
  const members = new Map<string, ChildProcess>();
  const logs = new Map<string, string>();
  const initialCluster = hosts.map((h) => `${h}=https://127.0.0.1:${ports.get(h)!.peer}`).join(',');
  const etcdctl: EtcdCluster['etcdctl'] = (host, args, pair = 'pki/apiserver-etcd-client', endpoint = host) =>
    spawnSync(
      'etcdctl',
      [
        `--endpoints=https://127.0.0.1:${ports.get(endpoint)!.client}`,
        `--cacert=${folder(host, 'pki/etcd/ca.crt')}`,
        `--cert=${folder(host, `${pair}.crt`)}`,
        `--key=${folder(host, `${pair}.key`)}`,
        '--command-timeout=5s',
        ...args,
      ],
      { encoding: 'utf8', env: { ...process.env, ETCDCTL_API: '3' } },
    );
  return {
    logs,
    ports,
    etcdctl,
    start(host, state) {
      const p = ports.get(host)!;
      // kubeadm's etcd static pod flags (etcd.go), with 127.0.0.1 for the node's address.
      const member = spawn(
        'etcd',
        [
          `--name=${host}`,
          '--logger=zap',
          `--data-dir=${bundle.path(`data-${host}`)}`,
          `--listen-client-urls=https://127.0.0.1:${p.client}`,
          `--advertise-client-urls=https://127.0.0.1:${p.client}`,
          `--listen-peer-urls=https://127.0.0.1:${p.peer}`,
          `--initial-advertise-peer-urls=https://127.0.0.1:${p.peer}`,
          `--listen-metrics-urls=http://127.0.0.1:${p.metrics}`,
          `--initial-cluster=${initialCluster}`,
          `--initial-cluster-state=${state}`,
          '--initial-cluster-token=k8s-tls-designer',
          '--client-cert-auth=true',
          `--trusted-ca-file=${folder(host, 'pki/etcd/ca.crt')}`,
          `--cert-file=${folder(host, 'pki/etcd/server.crt')}`,
          `--key-file=${folder(host, 'pki/etcd/server.key')}`,
          '--peer-client-cert-auth=true',
          `--peer-trusted-ca-file=${folder(host, 'pki/etcd/ca.crt')}`,
          `--peer-cert-file=${folder(host, 'pki/etcd/peer.crt')}`,
          `--peer-key-file=${folder(host, 'pki/etcd/peer.key')}`,
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      member.stderr!.on('data', (chunk: Buffer) => logs.set(host, (logs.get(host) ?? '') + chunk.toString()));
      members.set(host, member);
    },
    async stop(host) {
      const member = members.get(host);
      if (!member || member.exitCode !== null) return;
      const exited = new Promise((resolve) => member.once('exit', resolve));
      member.kill('SIGTERM');
      await exited;
    },
    async healthy(timeoutMs = 15_000) {
      for (const until = Date.now() + timeoutMs; Date.now() < until;) {
        if (hosts.every((h) => etcdctl(h, ['endpoint', 'health']).status === 0)) return;
        await new Promise((r) => setTimeout(r, 250));
      }
      throw new Error(
        `the etcd cluster did not become healthy:\n${[...logs].map(([h, l]) => `${h}: ${l.slice(-2000)}`).join('\n')}`,
      );
    },
    killAll() {
      for (const m of members.values()) m.kill('SIGKILL');
    },
  };
}
