// Each host's folder of a bundle is that host's /etc/kubernetes, complete: checked with tools that
// share no code with the generator (openssl, node:tls), in both layouts, for kubeadm with three
// control planes, two workers and a custom server and client. Where a host finds a file is worked
// out here from kubeadm's layout, not read from the bundle plan, so a file the plan forgot fails.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topologyOf } from '../topology/design';
import type { Component, Credential, Topology } from '../topology/model';
import type { BundleFile } from './bundleFile';
import { buildBundleFiles } from './bundle';
import { isBundleOnly } from './bundlePlan';
import { generatePki, type GeneratedPki } from './generate';
import type { BundleOptions, Layout } from './layouts';
import { makeTempDir, openssl, read, type TempDir } from './testing/bundleOnDisk';
import { HA_INIT, HA_WORKERS, haDesign } from './testing/haDesign';
import { throwawayServerCert, type CertAndKey } from './testing/handshake';
import { embeddedIn, hostHandshake } from './testing/hostHandshake';

const INIT = HA_INIT;
const WORKERS = HA_WORKERS;
const designUnderTest = haDesign;

const topology: Topology = topologyOf(designUnderTest());
const hostName = (c: Component) => topology.hosts.find((h) => h.id === c.hostId)?.name ?? null;
const controlPlanes = topology.hosts.filter((h) => h.role === 'control-plane').map((h) => h.name);

/** The folder of a host (null: people outside the cluster) in the zip, as kubeadm's layout puts it. */
function folderOf(layout: Layout, host: string | null): string {
  if (layout === 'per-host') return `${host ?? 'workstation'}/`;
  return host === null || host === INIT ? '' : `nodes/${host}/`;
}

/** A design path as it is on its host: /etc/kubernetes/<this>. */
const onItsHost = (designPath: string) => designPath.replace(/^nodes\/[^/]+\//, '');

let pki: GeneratedPki;
let scratch: TempDir;
let throwaway: CertAndKey;
beforeAll(async () => {
  pki = await generatePki(topology);
  scratch = makeTempDir('host-folders-');
  throwaway = throwawayServerCert(scratch, 'ec:P-256');
});
afterAll(() => scratch?.cleanup());

/** The paths README.txt names as files: its file list, each credential's files, the key pairs and the wiring. */
function readmePaths(readme: string): string[] {
  const named: string[] = [];
  const section = (title: string) => {
    const lines = readme.split('\n');
    const start = lines.indexOf(title);
    const end = lines.findIndex((l, i) => i > start && /^[A-Z]/.test(l));
    return lines.slice(start + 1, end < 0 ? undefined : end);
  };
  for (const line of section('FOLDERS AND FILES')) if (/^ {4}\S/.test(line)) named.push(line.trim().split(/\s+/)[0]!);
  for (const line of readme.split('\n')) {
    const listed = /^ {4}(?:certificate|key|file): (.*)$/.exec(line);
    if (listed && !listed[1]!.startsWith('not in this bundle'))
      named.push(...listed[1]!.replace(/ and \d+ more copies.*$/, '').split(', '));
  }
  for (const line of section('KEY PAIRS'))
    if (/^ {2}\S/.test(line))
      named.push(
        ...line
          .trim()
          .replace(/ and \d+ more copies[^;]*/g, '')
          .split(/; |, /),
      );
  for (const line of section('WIRING: what each component loads, and through which flag')) {
    const presents = /^ {4}presents (\S+)(?: \+ (\S+))?:/.exec(line);
    const trusts = /^ {4}trusts (\S+) to verify/.exec(line);
    if (presents) named.push(presents[1]!, ...(presents[2] ? [presents[2]] : []));
    if (trusts) named.push(trusts[1]!);
  }
  return named;
}

function filesIn(dir: string): Map<string, number> {
  const found = new Map<string, number>();
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(child);
      else found.set(child, fs.statSync(path.join(dir, child)).mode & 0o777);
    }
  };
  walk('');
  return found;
}

const pubOfKey = (file: string) => openssl(['pkey', '-in', file, '-pubout']);
const pubOfCert = (file: string) => openssl(['x509', '-in', file, '-noout', '-pubkey']);

const embedded = embeddedIn;

describe.each([['design'], ['per-host']] as const)(
  'kubeadm 3 control planes + 2 workers + custom server and client, %s layout',
  (layout) => {
    const options: BundleOptions = { layout, externalCa: false };
    let files: BundleFile[];
    let bundle: TempDir;
    const at = (host: string | null, designPath: string) =>
      bundle.path(`${folderOf(layout, host)}${onItsHost(designPath)}`);
    const ownerHost = (cred: Credential) => hostName(topology.components.find((c) => c.id === cred.ownerId)!);
    const ca = (id: string) => topology.cas.find((x) => x.id === id)!;

    beforeAll(() => {
      files = buildBundleFiles(topology, pki, options, designUnderTest());
      bundle = makeTempDir(`host-folders-${layout}-`);
      for (const f of files) bundle.write(f.path, f.content, f.mode);
    });
    afterAll(() => bundle?.cleanup());

    it.each(controlPlanes.map((h) => [h]))(
      "control plane %s holds every CA pair, the service-account pair and kubeadm's kubeconfigs",
      (host) => {
        for (const c of topology.cas)
          expect(pubOfKey(at(host, c.keyFile)), `${host}: ${c.keyFile}`).toBe(pubOfCert(at(host, c.certFile)));
        const sa = topology.keyPairs[0]!;
        expect(read(at(host, sa.publicFile))).toBe(pubOfKey(at(host, sa.privateFile)));
        const clusterCa = at(host, 'pki/ca.crt');
        for (const conf of [
          'admin.conf',
          'controller-manager.conf',
          'scheduler.conf',
          'kubelet.conf',
          ...(host === INIT ? ['super-admin.conf'] : []),
        ]) {
          const k = embedded(at(host, conf));
          expect(read(k.ca), `${host}/${conf}: its CA is the host's pki/ca.crt`).toBe(read(clusterCa));
          expect(openssl(['verify', '-CAfile', clusterCa, k.cert]), `${host}/${conf}`).toContain(': OK');
          expect(pubOfKey(k.key), `${host}/${conf}`).toBe(pubOfCert(k.cert));
        }
        // super-admin.conf stays on the init node (and the workstation), as kubeadm writes it.
        if (host !== INIT) expect(fs.existsSync(at(host, 'super-admin.conf')), `${host}/super-admin.conf`).toBe(false);
      },
    );

    it.each(topology.hosts.map((h) => [h.name]))(
      '%s: each certificate of its own components is there and verifies against the CA file beside it',
      (host) => {
        const own = topology.credentials.filter((c) => ownerHost(c) === host);
        expect(own.length).toBeGreaterThan(0);
        for (const c of own) {
          const [cert, key] = c.files
            ? [at(host, c.files.cert), at(host, c.files.key)]
            : (() => {
                const k = embedded(at(host, c.kubeconfig!.file));
                return [k.cert, k.key];
              })();
          expect(openssl(['verify', '-CAfile', at(host, ca(c.caId).certFile), cert]), `${host}: ${c.label}`).toContain(
            ': OK',
          );
          expect(pubOfKey(key), `${host}: ${c.label}`).toBe(pubOfCert(cert));
        }
      },
    );

    it.each(WORKERS.map((w) => [w]))(
      "worker %s: its kubelet.conf, the CA its kubelet trusts, and no key but its own components'",
      (host) => {
        const k = embedded(at(host, 'kubelet.conf'));
        expect(read(k.ca)).toBe(read(at(host, 'pki/ca.crt')));
        expect(openssl(['verify', '-CAfile', at(host, 'pki/ca.crt'), k.cert])).toContain(': OK');
        expect(openssl(['x509', '-in', k.cert, '-noout', '-subject', '-nameopt', 'RFC2253'])).toBe(
          `subject=CN=system:node:${host},O=system:nodes\n`,
        );
        const ownKeys = topology.credentials
          .filter((c) => ownerHost(c) === host && c.files)
          .map((c) => `${folderOf(layout, host)}${onItsHost(c.files!.key)}`);
        const keysThere = files
          .filter((f) => f.path.startsWith(folderOf(layout, host)) && /\.key$/.test(f.path))
          .map((f) => f.path);
        expect(keysThere.sort()).toEqual(ownKeys.sort());
      },
    );

    it("custom components' files are on their own hosts, not on the control plane", () => {
      const custom = topology.credentials.filter((c) =>
        topology.components.find((x) => x.id === c.ownerId)?.kind.startsWith('custom-'),
      );
      expect(custom.map(ownerHost).sort()).toEqual(['node01', 'node02']);
      for (const c of custom) {
        expect(fs.existsSync(at(ownerHost(c), c.files!.cert)), c.label).toBe(true);
        expect(
          files.some(
            (f) =>
              f.path.startsWith(folderOf(layout, INIT)) &&
              f.path.endsWith(c.files!.cert.replace(/^.*\//, '')) &&
              !f.path.startsWith('nodes/'),
          ),
        ).toBe(false);
      }
    });

    it.each(topology.connections.map((c) => [c.label, c.id, c] as const))(
      '%s (%s): a real handshake with the files each side finds in its own folder',
      async (_label, _id, conn) => {
        const result = await hostHandshake(topology, at, conn, throwaway);
        expect(result.ok, result.summary).toBe(true);
        // Each side that checks the other's certificate did check it and accept it.
        if (conn.clientTrustsCaId !== null) expect(result.client.authorized, result.summary).toBe(true);
        if (conn.serverTrustsCaId !== null && conn.clientCredentialId !== null)
          expect(result.server.authorized, result.summary).toBe(true);
      },
    );

    it("handshakes all 37 connections, both certificates checked on all but the 6 whose server's certificate is not the bundle's", () => {
      expect(topology.connections).toHaveLength(37);
      // A kubelet serves with the certificate it signs itself (kubeadm's default serverTLSBootstrap: false), and an
      // aggregated API server is not part of the cluster's PKI: the API server does not verify them, so these
      // handshakes check the API server's client certificate alone.
      const clientOnly = topology.connections.filter((c) => c.clientTrustsCaId === null);
      expect(clientOnly.map((c) => `${c.label} ${c.serverId}`).sort()).toEqual(
        [
          'API -> aggregated API extension-apiserver@node01',
          ...WORKERS.concat(controlPlanes)
            .sort()
            .map((h) => `API -> kubelet kubelet@${h}`),
        ].sort(),
      );
      for (const c of clientOnly)
        expect(topology.credentials.find((x) => x.id === c.serverCredentialId)?.files, c.label).toBeUndefined();
    });

    it('README.txt and its wiring name only files the zip holds, and list every file the zip holds', () => {
      const readme = String(files.find((f) => f.path === 'README.txt')!.content);
      const inZip = new Set(files.map((f) => f.path));
      const named = readmePaths(readme);
      expect(named.length).toBeGreaterThan(files.length);
      for (const p of named) expect(inZip, `README names ${p}`).toContain(p);
      const listed = new Set(named);
      for (const p of inZip) expect(listed, `README lists ${p}`).toContain(p);
      // The wiring names each component's own copy: cp2's API server loads cp2's files.
      expect(readme).toContain(
        `presents ${folderOf(layout, 'cp2')}pki/apiserver.crt + ${folderOf(layout, 'cp2')}pki/apiserver.key`,
      );
    });

    it("make-certs.sh, run with the real openssl, makes exactly the zip's files with the same modes, and will not overwrite them", () => {
      const out = scratch.path(`script-${layout}`);
      execFileSync('bash', [bundle.path('make-certs.sh'), out], { stdio: 'pipe' });
      const made = filesIn(out);
      const expected = files.filter((f) => !isBundleOnly(f.path));
      expect([...made.keys()].sort()).toEqual(expected.map((f) => f.path).sort());
      for (const f of expected) expect(made.get(f.path)!.toString(8), f.path).toBe(f.mode.toString(8));
      const cp2 = folderOf(layout, 'cp2');
      expect(
        openssl([
          'verify',
          '-CAfile',
          path.join(out, `${cp2}pki/etcd/ca.crt`),
          path.join(out, `${cp2}pki/etcd/peer.crt`),
        ]),
      ).toContain(': OK');
      const again = spawnSync('bash', [bundle.path('make-certs.sh'), out], { encoding: 'utf8' });
      expect(again.status).toBe(1);
      expect(again.stderr).toMatch(/is not empty: it holds .*Nothing was changed/);
    });
  },
);

describe("external-CA mode: make-certs.sh signs with the operator's CA files and never makes one", () => {
  let files: BundleFile[];
  let bundle: TempDir;
  let operatorCa: string;
  beforeAll(() => {
    files = buildBundleFiles(topology, pki, { layout: 'per-host', externalCa: true }, designUnderTest());
    bundle = makeTempDir('host-folders-external-');
    for (const f of files) bundle.write(f.path, f.content, f.mode);
    // The operator's own CAs, made by the openssl command line alone.
    operatorCa = scratch.path('operator');
    for (const c of topology.cas) {
      fs.mkdirSync(path.dirname(path.join(operatorCa, c.certFile)), { recursive: true });
      openssl([
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-subj',
        `/CN=operator-${c.name.replace(/\W/g, '')}`,
        '-days',
        '30',
        '-keyout',
        path.join(operatorCa, c.keyFile),
        '-out',
        path.join(operatorCa, c.certFile),
      ]);
    }
  });
  afterAll(() => bundle?.cleanup());
  const script = () => bundle.path('make-certs.sh');

  it('without a CA folder it stops and says why', () => {
    const run = spawnSync('bash', [script(), scratch.path('ext-none')], { encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/external-CA mode: the script signs with your CA and never makes one/);
  });

  it('with a CA key missing it stops, names the file, and writes nothing', () => {
    const partial = scratch.path('operator-partial');
    fs.cpSync(operatorCa, partial, { recursive: true });
    fs.rmSync(path.join(partial, 'pki/etcd/ca.key'));
    const out = scratch.path('ext-partial');
    const run = spawnSync('bash', [script(), out, partial], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`${partial}/pki/etcd/ca.key is missing`);
    expect(fs.existsSync(out)).toBe(false);
  });

  it("with the CA files it signs every leaf with them and makes the zip's file list, no CA key among them", () => {
    const out = scratch.path('ext-ok');
    execFileSync('bash', [script(), out, operatorCa], { stdio: 'pipe' });
    const made = [...filesIn(out).keys()].sort();
    expect(made).toEqual(
      files
        .map((f) => f.path)
        .filter((p) => !isBundleOnly(p))
        .sort(),
    );
    expect(made.some((p) => /(^|\/)(ca|front-proxy-ca)\.key$/.test(p))).toBe(false);
    expect(read(path.join(out, 'cp2/pki/ca.crt'))).toBe(read(path.join(operatorCa, 'pki/ca.crt')));
    expect(
      openssl(['verify', '-CAfile', path.join(operatorCa, 'pki/ca.crt'), path.join(out, 'cp2/pki/apiserver.crt')]),
    ).toContain(': OK');
    expect(
      openssl([
        'verify',
        '-CAfile',
        path.join(operatorCa, 'pki/etcd/ca.crt'),
        path.join(out, 'cp3/pki/etcd/server.crt'),
      ]),
    ).toContain(': OK');
  });
});
