// Test helper: the PKI of Kubernetes The Hard Way, made by the tools the guide itself uses.
//
// The cfssl edition follows kelseyhightower/kubernetes-the-hard-way docs/04-certificate-authority.md
// (cfssl era, e.g. @00f2d63 and the 2019 edition that added service-account and the
// KUBERNETES_HOSTNAMES list): ca-config.json with one "kubernetes" profile (signing, key
// encipherment, server auth, client auth; 8760h), every CSR RSA 2048 with C=US L=Portland
// ST=Oregon, written flat as <name>.pem / <name>-key.pem by `cfssljson -bare`.
// cfssl and cfssljson come from Debian (golang-cfssl); .ci/run installs them and sets REQUIRE_CFSSL=1,
// so there a missing cfssl fails the suite instead of skipping it.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const has = (tool: string) => spawnSync(tool, ['version'], { stdio: 'ignore' }).status === 0;
export const haveKubectl = spawnSync('kubectl', ['version', '--client'], { stdio: 'ignore' }).status === 0;
/** cfssl and cfssljson, and kubectl for the kubeconfigs of lab 05. */
export const haveCfssl =
  has('cfssl') && spawnSync('cfssljson', ['-version'], { stdio: 'ignore' }).error === undefined && haveKubectl;
if (!haveCfssl && process.env.REQUIRE_CFSSL)
  throw new Error(
    'REQUIRE_CFSSL is set but cfssl, cfssljson or kubectl is missing: apt-get install golang-cfssl kubernetes-client',
  );

export const HARDWAY_WORKERS = ['worker-0', 'worker-1', 'worker-2'] as const;
/** The API server's addresses in the guide: the service IP, the three controllers, the public address, loopback. */
export const HARDWAY_PUBLIC_ADDRESS = '203.0.113.10';

/** Kubeconfigs as the guide's lab 05 makes them with kubectl: cluster kubernetes-the-hard-way, context default, embedded certificates. */
function makeKubeconfig(
  dir: string,
  k: { name: string; user: string; server: string; cert: string; key: string; ca: string },
): void {
  const kc = ['--kubeconfig', `${k.name}.kubeconfig`];
  const run = (...args: string[]) => execFileSync('kubectl', ['config', ...args, ...kc], { cwd: dir, stdio: 'pipe' });
  run(
    'set-cluster',
    'kubernetes-the-hard-way',
    `--certificate-authority=${k.ca}`,
    '--embed-certs=true',
    `--server=${k.server}`,
  );
  run('set-credentials', k.user, `--client-certificate=${k.cert}`, `--client-key=${k.key}`, '--embed-certs=true');
  run('set-context', 'default', '--cluster=kubernetes-the-hard-way', `--user=${k.user}`);
  run('use-context', 'default');
}

/**
 * The kubeconfigs of lab 05 (docs/05-kubernetes-configuration-files.md, cfssl era): kubelets and
 * kube-proxy dial the public address, the rest 127.0.0.1.
 */
function kubeconfigs(dir: string): void {
  const make = (name: string, user: string, server: string) =>
    makeKubeconfig(dir, { name, user, server, cert: `${name}.pem`, key: `${name}-key.pem`, ca: 'ca.pem' });
  const remote = `https://${HARDWAY_PUBLIC_ADDRESS}:6443`;
  for (const worker of HARDWAY_WORKERS) make(worker, `system:node:${worker}`, remote);
  make('kube-proxy', 'system:kube-proxy', remote);
  make('kube-controller-manager', 'system:kube-controller-manager', 'https://127.0.0.1:6443');
  make('kube-scheduler', 'system:kube-scheduler', 'https://127.0.0.1:6443');
  make('admin', 'admin', 'https://127.0.0.1:6443');
}

const names = (o: string, ou = 'Kubernetes The Hard Way') => [{ C: 'US', L: 'Portland', O: o, OU: ou, ST: 'Oregon' }];
const csr = (cn: string, o: string, ou?: string) =>
  JSON.stringify({ CN: cn, key: { algo: 'rsa', size: 2048 }, names: names(o, ou) });

/** Runs `cfssl gencert ... | cfssljson -bare <name>` in `dir`. */
function gencert(dir: string, name: string, args: readonly string[], csrJson: string): void {
  fs.writeFileSync(path.join(dir, `${name}-csr.json`), csrJson);
  const json = execFileSync('cfssl', ['gencert', ...args, `${name}-csr.json`], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  execFileSync('cfssljson', ['-bare', name], { cwd: dir, input: json, stdio: ['pipe', 'pipe', 'pipe'] });
}

/**
 * Writes the cfssl-edition Hard Way PKI into `dir` (flat, as the guide leaves it) and removes the
 * CSR and JSON files the guide leaves beside it, keeping only certificates and keys.
 */
export function makeHardwayCfssl(dir: string, opts: { readonly keepInputs?: boolean } = {}): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'ca-config.json'),
    JSON.stringify({
      signing: {
        default: { expiry: '8760h' },
        profiles: {
          kubernetes: { usages: ['signing', 'key encipherment', 'server auth', 'client auth'], expiry: '8760h' },
        },
      },
    }),
  );
  fs.writeFileSync(path.join(dir, 'ca-csr.json'), csr('Kubernetes', 'Kubernetes', 'CA'));
  execFileSync('cfssljson', ['-bare', 'ca'], {
    cwd: dir,
    input: execFileSync('cfssl', ['gencert', '-initca', 'ca-csr.json'], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const signed = ['-ca=ca.pem', '-ca-key=ca-key.pem', '-config=ca-config.json', '-profile=kubernetes'];
  gencert(dir, 'admin', signed, csr('admin', 'system:masters'));
  HARDWAY_WORKERS.forEach((worker, i) => {
    gencert(
      dir,
      worker,
      [...signed, `-hostname=${worker},198.51.100.${20 + i},10.240.0.${20 + i}`],
      csr(`system:node:${worker}`, 'system:nodes'),
    );
  });
  gencert(
    dir,
    'kube-controller-manager',
    signed,
    csr('system:kube-controller-manager', 'system:kube-controller-manager'),
  );
  gencert(dir, 'kube-proxy', signed, csr('system:kube-proxy', 'system:node-proxier'));
  gencert(dir, 'kube-scheduler', signed, csr('system:kube-scheduler', 'system:kube-scheduler'));
  const hostnames =
    'kubernetes,kubernetes.default,kubernetes.default.svc,kubernetes.default.svc.cluster,kubernetes.svc.cluster.local';
  gencert(
    dir,
    'kubernetes',
    [
      ...signed,
      `-hostname=10.32.0.1,10.240.0.10,10.240.0.11,10.240.0.12,${HARDWAY_PUBLIC_ADDRESS},127.0.0.1,${hostnames}`,
    ],
    csr('kubernetes', 'Kubernetes'),
  );
  gencert(dir, 'service-account', signed, csr('service-accounts', 'Kubernetes'));
  kubeconfigs(dir);
  if (!opts.keepInputs) {
    for (const f of fs.readdirSync(dir)) if (/\.(csr|json)$/.test(f)) fs.rmSync(path.join(dir, f));
  }
}

/**
 * The openssl edition (kelseyhightower/kubernetes-the-hard-way ca.conf and docs/04 at 52eb26d):
 * each section's subject and req_extensions as ca.conf has them, then the guide's commands:
 * `openssl genrsa 4096`, a self-signed CA (sha512, 3653 days), and per certificate a CSR signed with
 * `-copy_extensions copyall`. Files: ca.crt/ca.key, <name>.crt/<name>.key (kube-api-server,
 * service-accounts, node-0, node-1 ...). The config below is written from those facts, not copied.
 */
export const HARDWAY_OPENSSL_WORKERS = ['node-0', 'node-1'] as const;
export function makeHardwayOpenssl(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  const seattle = ['C = US', 'ST = Washington', 'L = Seattle'];
  const leaf = (name: string, dn: string[], ext: { eku: string; san?: string; comment: string }) => [
    `[${name}]`,
    `distinguished_name = ${name}_dn`,
    'prompt = no',
    `req_extensions = ${name}_ext`,
    `[${name}_ext]`,
    'basicConstraints = CA:FALSE',
    `extendedKeyUsage = ${ext.eku}`,
    'keyUsage = critical, digitalSignature, keyEncipherment',
    'nsCertType = client',
    `nsComment = "${ext.comment}"`,
    ...(ext.san ? [`subjectAltName = ${ext.san}`] : []),
    'subjectKeyIdentifier = hash',
    `[${name}_dn]`,
    ...dn,
  ];
  const serving = (name: string, cn: string, o: string, comment: string) =>
    leaf(name, [`CN = ${cn}`, `O = ${o}`, ...seattle], {
      eku: 'clientAuth, serverAuth',
      san: `DNS:${name}, IP:127.0.0.1`,
      comment,
    });
  const conf = [
    '[req]',
    'distinguished_name = ca_dn',
    'prompt = no',
    'x509_extensions = ca_ext',
    '[ca_ext]',
    'basicConstraints = CA:TRUE',
    'keyUsage = cRLSign, keyCertSign',
    '[ca_dn]',
    ...seattle,
    'CN = CA',
    ...leaf('admin', ['CN = admin', 'O = system:masters'], { eku: 'clientAuth', comment: 'Admin Client Certificate' }),
    ...leaf('service-accounts', ['CN = service-accounts'], { eku: 'clientAuth', comment: 'Admin Client Certificate' }),
    ...HARDWAY_OPENSSL_WORKERS.flatMap((n) => serving(n, `system:node:${n}`, 'system:nodes', `${n} Certificate`)),
    ...serving('kube-proxy', 'system:kube-proxy', 'system:node-proxier', 'Kube Proxy Certificate'),
    ...serving(
      'kube-controller-manager',
      'system:kube-controller-manager',
      'system:kube-controller-manager',
      'Kube Controller Manager Certificate',
    ),
    // Upstream's O really is system:system:kube-scheduler.
    ...serving('kube-scheduler', 'system:kube-scheduler', 'system:system:kube-scheduler', 'Kube Scheduler Certificate'),
    ...leaf('kube-api-server', ['CN = kubernetes', ...seattle], {
      eku: 'clientAuth, serverAuth',
      comment: 'Kube API Server Certificate',
      san: 'IP:127.0.0.1, IP:10.32.0.1, DNS:kubernetes, DNS:kubernetes.default, DNS:kubernetes.default.svc, DNS:kubernetes.default.svc.cluster, DNS:kubernetes.svc.cluster.local, DNS:server.kubernetes.local, DNS:api-server.kubernetes.local',
    }),
  ].join('\n');
  fs.writeFileSync(path.join(dir, 'ca.conf'), `${conf}\n`);
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  ssl('genrsa', '-out', 'ca.key', '4096');
  ssl(
    'req',
    '-x509',
    '-new',
    '-sha512',
    '-noenc',
    '-key',
    'ca.key',
    '-days',
    '3653',
    '-config',
    'ca.conf',
    '-out',
    'ca.crt',
  );
  const certs = [
    'admin',
    ...HARDWAY_OPENSSL_WORKERS,
    'kube-proxy',
    'kube-scheduler',
    'kube-controller-manager',
    'kube-api-server',
    'service-accounts',
  ];
  for (const name of certs) {
    ssl('genrsa', '-out', `${name}.key`, '4096');
    ssl('req', '-new', '-key', `${name}.key`, '-sha256', '-config', 'ca.conf', '-section', name, '-out', `${name}.csr`);
    ssl(
      'x509',
      '-req',
      '-days',
      '3653',
      '-in',
      `${name}.csr`,
      '-copy_extensions',
      'copyall',
      '-sha256',
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      `${name}.crt`,
    );
  }
  // Lab 05: kubelets, kube-proxy, the controller manager and the scheduler dial server.kubernetes.local, admin 127.0.0.1.
  for (const name of [...HARDWAY_OPENSSL_WORKERS, 'kube-proxy', 'kube-controller-manager', 'kube-scheduler', 'admin']) {
    const user = name.startsWith('node-') ? `system:node:${name}` : name === 'admin' ? 'admin' : `system:${name}`;
    const server = name === 'admin' ? 'https://127.0.0.1:6443' : 'https://server.kubernetes.local:6443';
    makeKubeconfig(dir, { name, user, server, cert: `${name}.crt`, key: `${name}.key`, ca: 'ca.crt' });
  }
  for (const f of fs.readdirSync(dir)) if (/\.(csr|conf|srl)$/.test(f)) fs.rmSync(path.join(dir, f));
}
