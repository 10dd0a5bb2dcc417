// Issue 20 (partly): a k3s server's tls/ tree, made with openssl after k3s's own names and subjects
// (k3s-io/k3s pkg/daemons/control/deps/deps.go: CAs "<program>-<kind>-ca@<unix>", leaves written
// with their CA after them). This tool does not draw k3s or RKE2 yet: audit names the layout and
// refuses (exit 2) instead of reading it as kubeadm's with false failures.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, openssl, type TempDir } from './testing/bundleOnDisk';
import { builtCli } from '../cli/testing/builtCli';

// The command line as installed: the bin over the built JavaScript.
const BIN = builtCli();
let tmp: TempDir;

/** A server/tls tree of `program` (k3s or rke2): its five CAs, the admin client and the API server's serving pair. */
function serverTls(program: string): string {
  const tls = tmp.path(`${program}/server/tls`);
  fs.mkdirSync(path.join(tls, 'etcd'), { recursive: true });
  const at = (f: string) => path.join(tls, f);
  const ca = (file: string, cn: string) => {
    openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', at(`${file}.key`)]);
    openssl([
      'req',
      '-x509',
      '-new',
      '-key',
      at(`${file}.key`),
      '-subj',
      `/CN=${cn}@1700000000`,
      '-days',
      '3650',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,digitalSignature,keyEncipherment,keyCertSign',
      '-out',
      at(`${file}.crt`),
    ]);
  };
  ca('client-ca', `${program}-client-ca`);
  ca('server-ca', `${program}-server-ca`);
  ca('request-header-ca', `${program}-request-header-ca`);
  ca('etcd/server-ca', 'etcd-server-ca');
  ca('etcd/peer-ca', 'etcd-peer-ca');
  const leaf = (file: string, subj: string, issuer: string, ext: string) => {
    openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', at(`${file}.key`)]);
    openssl(['req', '-new', '-key', at(`${file}.key`), '-subj', subj, '-out', at('r.csr')]);
    fs.writeFileSync(
      at('ext'),
      `basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\n${ext}\n`,
    );
    openssl([
      'x509',
      '-req',
      '-in',
      at('r.csr'),
      '-CA',
      at(`${issuer}.crt`),
      '-CAkey',
      at(`${issuer}.key`),
      '-set_serial',
      '7',
      '-days',
      '365',
      '-extfile',
      at('ext'),
      '-out',
      at(`${file}.crt`),
    ]);
    // k3s writes the leaf with its CA after it (util.EncodeCertsPEM(cert, caCerts)).
    fs.appendFileSync(at(`${file}.crt`), fs.readFileSync(at(`${issuer}.crt`)));
    for (const f of ['r.csr', 'ext']) fs.rmSync(at(f));
  };
  leaf('client-admin', '/O=system:masters/CN=system:admin', 'client-ca', 'extendedKeyUsage=clientAuth');
  leaf(
    'serving-kube-apiserver',
    '/CN=kube-apiserver',
    'server-ca',
    'extendedKeyUsage=serverAuth\nsubjectAltName=DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local,IP:10.43.0.1,IP:127.0.0.1',
  );
  return tls;
}

beforeAll(() => {
  tmp = makeTempDir('k3s-');
}, 60_000);
afterAll(() => tmp?.cleanup());

describe('k3s and RKE2 server trees', () => {
  for (const [program, layout] of [
    ['k3s', 'k3s'],
    ['rke2', 'RKE2'],
  ] as const) {
    it(`${layout}: named by its CAs and refused with the reason, not read as kubeadm (exit 2)`, () => {
      const run = spawnSync(process.execPath, [BIN, 'audit', serverTls(program)], {
        encoding: 'utf8',
        timeout: 120_000,
      });
      expect(run.status, run.stdout + run.stderr).toBe(2);
      expect(run.stderr).toContain(
        `a ${layout} PKI (its CAs: etcd-peer-ca, etcd-server-ca, ${program}-client-ca, ${program}-request-header-ca, ${program}-server-ca)`,
      );
      expect(run.stderr).toContain(`${program} certificate check`);
      expect(run.stdout).not.toMatch(/FAIL/);
    });
  }
});
