// A real CA rotation (issue 12), rehearsed on disk: the kubeadm design of three control planes,
// two workers and a custom server and client. The hosts start with the per-host bundle; each
// phase's download is copied over their folders, as the runbook says, and then every connection
// handshakes for real with what each side's host holds, with node:tls and with openssl
// s_server/s_client, and the etcd CA's rotation with a real etcd cluster restarted
// member by member. A wrong order is flagged by the planner, and the real handshakes fail on
// exactly the connections it names.
import { spawn, spawnSync } from 'node:child_process';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topologyOf } from '../topology/design';
import type { CaId, TlsConnection, Topology } from '../topology/model';
import { checkRotation, recommendedOrder, type RotationStep } from '../topology/rotation';
import type { BundleFile } from './bundleFile';
import { generatePki, type GeneratedPki } from './generate';
import { rotatePki, rotationBundles, type RotatedPki } from './rotationBundles';
import { makeTempDir, openssl, read, type TempDir } from './testing/bundleOnDisk';
import { etcdCluster, freePort, haveEtcd } from './testing/etcd';
import { HA_CONTROL_PLANES, HA_WORKERS, haDesign } from './testing/haDesign';
import { throwawayServerCert, type CertAndKey } from './testing/handshake';
import { hostHandshake, hostSides, type HostPath } from './testing/hostHandshake';

const CLUSTER = 'ca:ca' as CaId;
const ETCD = 'ca:etcd-ca' as CaId;
const topology: Topology = topologyOf(haDesign());
const step = (scope: RotationStep['scope'], action: RotationStep['action']): RotationStep => ({ scope, action });

let current: GeneratedPki;
let scratch: TempDir;
let throwaway: CertAndKey;
beforeAll(async () => {
  current = await generatePki(topology);
  scratch = makeTempDir('rotation-');
  throwaway = throwawayServerCert(scratch, 'ec:P-256');
});
afterAll(() => scratch?.cleanup());

/** The hosts of a rehearsal: a folder each, each that host's /etc/kubernetes. */
function hostsWith(
  files: readonly BundleFile[],
  name: string,
): { dir: TempDir; at: HostPath; apply(files: readonly BundleFile[]): void } {
  const dir = makeTempDir(`rotation-${name}-`);
  const apply = (more: readonly BundleFile[]) => more.forEach((f) => dir.write(f.path, f.content, f.mode));
  apply(files);
  return {
    dir,
    apply,
    at: (host, designPath) => dir.path(`${host ?? 'workstation'}/${designPath.replace(/^nodes\/[^/]+\//, '')}`),
  };
}

/** Whether something listens on the port. */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** openssl s_server and s_client for one connection, over TLS 1.2 so that a refused client cert fails the handshake itself. */
async function opensslHandshake(at: HostPath, conn: TlsConnection): Promise<{ ok: boolean; output: string }> {
  const { serverPair, serverCa, clientPair, clientCa } = hostSides(topology, at, conn, throwaway);
  const port = await freePort();
  const server = spawn(
    'openssl',
    [
      's_server',
      '-accept',
      `127.0.0.1:${port}`,
      '-cert',
      serverPair.cert,
      '-key',
      serverPair.key,
      ...(serverCa ? ['-CAfile', serverCa, '-verify', '1', '-verify_return_error'] : []),
      '-brief',
    ],
    { stdio: 'pipe' },
  );
  let serverOut = '';
  server.stdout.on('data', (c: Buffer) => {
    serverOut += c.toString();
  });
  server.stderr.on('data', (c: Buffer) => {
    serverOut += c.toString();
  });
  // Listening once a plain TCP connection is taken (s_server serves on after it; its stdout is buffered).
  for (let tries = 0; tries < 100 && !(await accepts(port)); tries++) await new Promise((r) => setTimeout(r, 20));
  const client = spawnSync(
    'openssl',
    [
      's_client',
      '-tls1_2',
      '-connect',
      `127.0.0.1:${port}`,
      '-brief',
      ...(clientPair.cert ? ['-cert', clientPair.cert, '-key', clientPair.key!] : []),
      ...(clientCa
        ? [
            '-CAfile',
            clientCa,
            '-verify_return_error',
            /^\d/.test(conn.address) ? '-verify_ip' : '-verify_hostname',
            conn.address,
          ]
        : []),
    ],
    { input: '', encoding: 'utf8', timeout: 10_000 },
  );
  server.kill();
  // A client that verifies nothing (the API server to a kubelet's own certificate) only needs the handshake.
  const verified = !clientCa || /Verification: OK/.test(client.stderr + client.stdout);
  return { ok: client.status === 0 && verified, output: `${client.stderr}\n${serverOut}` };
}

describe('rotating the cluster CA in the recommended order', () => {
  const steps = recommendedOrder(topology, CLUSTER);
  let rotated: RotatedPki;
  let hosts: ReturnType<typeof hostsWith>;
  let phases: ReturnType<typeof rotationBundles>['phases'];
  beforeAll(async () => {
    rotated = await rotatePki(topology, current, CLUSTER);
    const bundles = rotationBundles(topology, CLUSTER, steps, current, rotated);
    phases = bundles.phases;
    hosts = hostsWith(bundles.start, 'recommended');
  });
  afterAll(() => hosts?.dir.cleanup());

  it('the planner finds no failing connection in any phase', () => {
    expect(checkRotation(topology, CLUSTER, steps, 'kubeadm').flatMap((p) => p.failing)).toEqual([]);
  });

  it.each(steps.map((s, i) => [i + 1, s.scope, s.action]))(
    'phase %i (%s: %s): its files, copied over the hosts, keep every connection handshaking',
    async (n) => {
      const phase = phases[n - 1]!;
      hosts.apply(phase.files);
      expect(phase.files.length, phase.title).toBeGreaterThan(0);
      // Only the hosts of the phase's scope receive files; people's kubeconfigs also where kubeadm copies admin.conf.
      const expected = {
        'control-planes': HA_CONTROL_PLANES,
        workers: HA_WORKERS,
        people: ['workstation', ...HA_CONTROL_PLANES],
      }[phase.step.scope];
      for (const host of phase.hosts) expect(expected, `${phase.title}: ${host}`).toContain(host);
      if (phase.step.scope === 'people')
        expect(
          phase.files.filter((f) => f.path.startsWith('cp')).every((f) => f.path.endsWith('admin.conf')),
          phase.title,
        ).toBe(true);
      for (const conn of topology.connections) {
        const result = await hostHandshake(topology, hosts.at, conn, throwaway);
        expect(result.ok, `${phase.title}: ${conn.label}: ${result.summary}`).toBe(true);
      }
      for (const conn of topology.connections) {
        const result = await opensslHandshake(hosts.at, conn);
        expect(result.ok, `${phase.title}: openssl, ${conn.label} (${conn.id}): ${result.output}`).toBe(true);
      }
    },
  );

  it('at the end every host trusts the new CA alone, and every certificate it signed chains to it', () => {
    const newCa = scratch.write('new-ca.crt', rotated.ca.certPem);
    for (const host of [...HA_CONTROL_PLANES, ...HA_WORKERS]) {
      expect(read(hosts.at(host, 'pki/ca.crt')), host).toBe(rotated.ca.certPem);
      expect(openssl(['verify', '-CAfile', newCa, hosts.at(host, 'pki/ca.crt')])).toContain(': OK');
    }
    expect(openssl(['verify', '-CAfile', newCa, hosts.at('cp2', 'pki/apiserver.crt')])).toContain(': OK');
    expect(openssl(['x509', '-in', hosts.at('cp1', 'pki/ca.crt'), '-noout', '-pubkey'])).toBe(
      openssl(['pkey', '-in', hosts.at('cp1', 'pki/ca.key'), '-pubout']),
    );
    // The etcd and front-proxy CAs were not touched.
    expect(read(hosts.at('cp1', 'pki/etcd/ca.crt'))).toBe(current.cas.get(ETCD)!.certPem);
  });
});

describe("a wrong order: the control planes present the new CA's certificates before the workers trust it", () => {
  const steps: RotationStep[] = [
    step('control-planes', 'trust-both'),
    step('control-planes', 'present-new'),
    step('workers', 'trust-both'),
  ];
  let hosts: ReturnType<typeof hostsWith>;
  let phases: ReturnType<typeof rotationBundles>['phases'];
  beforeAll(async () => {
    const bundles = rotationBundles(topology, CLUSTER, steps, current, await rotatePki(topology, current, CLUSTER));
    phases = bundles.phases;
    hosts = hostsWith(bundles.start, 'wrong');
  });
  afterAll(() => hosts?.dir.cleanup());

  it('the planner flags phase 2, and real handshakes fail on exactly the connections it names, with the other connections working', async () => {
    const checked = checkRotation(topology, CLUSTER, steps, 'kubeadm');
    expect(checked[0]!.failing).toEqual([]);
    const flagged = new Set(checked[1]!.failing.flatMap((f) => f.connectionIds));
    expect(flagged.size).toBeGreaterThan(0);
    hosts.apply(phases[0]!.files);
    hosts.apply(phases[1]!.files);
    for (const conn of topology.connections) {
      const result = await hostHandshake(topology, hosts.at, conn, throwaway);
      expect(
        result.ok,
        `${conn.label} (${conn.id}): planner says ${flagged.has(conn.id) ? 'failing' : 'working'}; ${result.summary}`,
      ).toBe(!flagged.has(conn.id));
    }
    const kubelet = topology.connections.find((c) => flagged.has(c.id) && c.label === 'kubelet -> API')!;
    const real = await opensslHandshake(hosts.at, kubelet);
    expect(real.ok).toBe(false);
    expect(real.output).toMatch(/unable to get local issuer certificate|certificate verify failed/);
    // The next phase mends the workers' connections (people's kubeconfigs still trust the old CA alone).
    hosts.apply(phases[2]!.files);
    const still = new Set(checked[2]!.failing.flatMap((f) => f.connectionIds));
    expect(checked[2]!.failing.filter((f) => /\((node|worker)/.test(f.subject))).toEqual([]);
    const people = new Set(
      topology.components.filter((c) => c.hostId === null && c.kind !== 'kube-proxy').map((c) => c.id as string),
    );
    expect([...still].filter((id) => !people.has(topology.connections.find((c) => c.id === id)!.clientId))).toEqual([]);
    for (const conn of topology.connections)
      expect((await hostHandshake(topology, hosts.at, conn, throwaway)).ok, conn.label).toBe(!still.has(conn.id));
  });
});

describe.skipIf(!haveEtcd)('rotating the etcd CA under a real etcd cluster, member by member', () => {
  it('the recommended order keeps the cluster healthy through every rolling restart', async () => {
    const rotated = await rotatePki(topology, current, ETCD);
    const steps = recommendedOrder(topology, ETCD);
    expect(steps.map((s) => s.action)).toEqual(['trust-both', 'present-new', 'trust-new']);
    const { start, phases } = rotationBundles(topology, ETCD, steps, current, rotated);
    const hosts = hostsWith(start, 'etcd');
    const cluster = await etcdCluster(hosts.dir, HA_CONTROL_PLANES);
    try {
      for (const h of HA_CONTROL_PLANES) cluster.start(h, 'new');
      await cluster.healthy();
      expect(cluster.etcdctl('cp1', ['put', '/rotation', 'before']).status).toBe(0);
      for (const phase of phases) {
        // The runbook's rolling restart: one member at a time, each with its host's new files.
        for (const host of HA_CONTROL_PLANES) {
          hosts.apply(phase.files.filter((f) => f.path.startsWith(`${host}/`)));
          await cluster.stop(host);
          cluster.start(host, 'existing');
          await cluster.healthy();
        }
        const put = cluster.etcdctl('cp2', ['put', '/rotation', phase.title]);
        expect(put.status, `${phase.title}: ${put.stderr}`).toBe(0);
        expect(cluster.etcdctl('cp3', ['get', '/rotation', '--print-value-only']).stdout.trim()).toBe(phase.title);
      }
      expect(read(hosts.at('cp1', 'pki/etcd/ca.crt'))).toBe(rotated.ca.certPem);
    } finally {
      cluster.killAll();
      hosts.dir.cleanup();
    }
  });

  it('skipping the first phase: the first member restarted with new certificates is refused, as the planner says', async () => {
    const wrong = [step('control-planes', 'present-new')];
    const flagged = checkRotation(topology, ETCD, wrong, 'kubeadm')[0]!.failing;
    const local = flagged.filter((f) => f.subject === 'kube-apiserver (cp1) → etcd (cp1)');
    expect(local.map((f) => f.quote)).toContain('x509: certificate signed by unknown authority');
    const { start, phases } = rotationBundles(topology, ETCD, wrong, current, await rotatePki(topology, current, ETCD));
    const hosts = hostsWith(start, 'etcd-wrong');
    const cluster = await etcdCluster(hosts.dir, HA_CONTROL_PLANES);
    try {
      for (const h of HA_CONTROL_PLANES) cluster.start(h, 'new');
      await cluster.healthy();
      // The rolling restart begins with cp1. (etcd reads its certificate files again for each new
      // connection, so only the host being restarted may receive its files.)
      hosts.apply(phases[0]!.files.filter((f) => f.path.startsWith('cp1/')));
      await cluster.stop('cp1');
      cluster.start('cp1', 'existing');
      await new Promise((r) => setTimeout(r, 1500));
      const refused = cluster.etcdctl('cp1', ['get', '/rotation', '--dial-timeout=2s', '--command-timeout=2s']);
      expect(refused.status).not.toBe(0);
      // Go's clients answer an unknown CA with a bad_certificate alert, which cp1 logs; its peers log the planner's own words.
      expect(cluster.logs.get('cp1')).toMatch(/rejected connection.*remote error: tls: bad certificate/);
      await expect
        .poll(() => cluster.logs.get('cp2'), { timeout: 5_000 })
        .toMatch(/rejected connection.*x509: certificate signed by unknown authority/);
    } finally {
      cluster.killAll();
      hosts.dir.cleanup();
    }
  });
});
