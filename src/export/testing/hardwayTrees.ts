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
const haveKubectl = spawnSync('kubectl', ['version', '--client'], { stdio: 'ignore' }).status === 0;
/** cfssl and cfssljson, and kubectl for the kubeconfigs of lab 05. */
export const haveCfssl = has('cfssl') && spawnSync('cfssljson', ['-version'], { stdio: 'ignore' }).error === undefined && haveKubectl;
if (!haveCfssl && process.env.REQUIRE_CFSSL) throw new Error('REQUIRE_CFSSL is set but cfssl, cfssljson or kubectl is missing: apt-get install golang-cfssl kubernetes-client');

export const HARDWAY_WORKERS = ['worker-0', 'worker-1', 'worker-2'] as const;
/** The API server's addresses in the guide: the service IP, the three controllers, the public address, loopback. */
export const HARDWAY_PUBLIC_ADDRESS = '203.0.113.10';

/**
 * The kubeconfigs of lab 05 (docs/05-kubernetes-configuration-files.md, cfssl era), made with
 * kubectl as the guide makes them: cluster kubernetes-the-hard-way, context default, embedded
 * certificates; kubelets and kube-proxy dial the public address, the rest 127.0.0.1.
 */
function kubeconfigs(dir: string): void {
  const make = (name: string, user: string, server: string) => {
    const kc = ['--kubeconfig', `${name}.kubeconfig`];
    const run = (...args: string[]) => execFileSync('kubectl', ['config', ...args, ...kc], { cwd: dir, stdio: 'pipe' });
    run('set-cluster', 'kubernetes-the-hard-way', '--certificate-authority=ca.pem', '--embed-certs=true', `--server=${server}`);
    run('set-credentials', user, `--client-certificate=${name}.pem`, `--client-key=${name}-key.pem`, '--embed-certs=true');
    run('set-context', 'default', '--cluster=kubernetes-the-hard-way', `--user=${user}`);
    run('use-context', 'default');
  };
  const remote = `https://${HARDWAY_PUBLIC_ADDRESS}:6443`;
  for (const worker of HARDWAY_WORKERS) make(worker, `system:node:${worker}`, remote);
  make('kube-proxy', 'system:kube-proxy', remote);
  make('kube-controller-manager', 'system:kube-controller-manager', 'https://127.0.0.1:6443');
  make('kube-scheduler', 'system:kube-scheduler', 'https://127.0.0.1:6443');
  make('admin', 'admin', 'https://127.0.0.1:6443');
}

const names = (o: string, ou = 'Kubernetes The Hard Way') => [{ C: 'US', L: 'Portland', O: o, OU: ou, ST: 'Oregon' }];
const csr = (cn: string, o: string, ou?: string) => JSON.stringify({ CN: cn, key: { algo: 'rsa', size: 2048 }, names: names(o, ou) });

/** Runs `cfssl gencert ... | cfssljson -bare <name>` in `dir`. */
function gencert(dir: string, name: string, args: readonly string[], csrJson: string): void {
  fs.writeFileSync(path.join(dir, `${name}-csr.json`), csrJson);
  const json = execFileSync('cfssl', ['gencert', ...args, `${name}-csr.json`], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  execFileSync('cfssljson', ['-bare', name], { cwd: dir, input: json, stdio: ['pipe', 'pipe', 'pipe'] });
}

/**
 * Writes the cfssl-edition Hard Way PKI into `dir` (flat, as the guide leaves it) and removes the
 * CSR and JSON files the guide leaves beside it, keeping only certificates and keys.
 */
export function makeHardwayCfssl(dir: string, opts: { readonly keepInputs?: boolean } = {}): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'ca-config.json'), JSON.stringify({
    signing: { default: { expiry: '8760h' }, profiles: { kubernetes: { usages: ['signing', 'key encipherment', 'server auth', 'client auth'], expiry: '8760h' } } },
  }));
  fs.writeFileSync(path.join(dir, 'ca-csr.json'), csr('Kubernetes', 'Kubernetes', 'CA'));
  execFileSync('cfssljson', ['-bare', 'ca'], { cwd: dir, input: execFileSync('cfssl', ['gencert', '-initca', 'ca-csr.json'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] }), stdio: ['pipe', 'pipe', 'pipe'] });
  const signed = ['-ca=ca.pem', '-ca-key=ca-key.pem', '-config=ca-config.json', '-profile=kubernetes'];
  gencert(dir, 'admin', signed, csr('admin', 'system:masters'));
  HARDWAY_WORKERS.forEach((worker, i) => {
    gencert(dir, worker, [...signed, `-hostname=${worker},198.51.100.${20 + i},10.240.0.${20 + i}`], csr(`system:node:${worker}`, 'system:nodes'));
  });
  gencert(dir, 'kube-controller-manager', signed, csr('system:kube-controller-manager', 'system:kube-controller-manager'));
  gencert(dir, 'kube-proxy', signed, csr('system:kube-proxy', 'system:node-proxier'));
  gencert(dir, 'kube-scheduler', signed, csr('system:kube-scheduler', 'system:kube-scheduler'));
  const hostnames = 'kubernetes,kubernetes.default,kubernetes.default.svc,kubernetes.default.svc.cluster,kubernetes.svc.cluster.local';
  gencert(dir, 'kubernetes', [...signed, `-hostname=10.32.0.1,10.240.0.10,10.240.0.11,10.240.0.12,${HARDWAY_PUBLIC_ADDRESS},127.0.0.1,${hostnames}`], csr('kubernetes', 'Kubernetes'));
  gencert(dir, 'service-account', signed, csr('service-accounts', 'Kubernetes'));
  kubeconfigs(dir);
  if (!opts.keepInputs) {
    for (const f of fs.readdirSync(dir)) if (/\.(csr|json)$/.test(f)) fs.rmSync(path.join(dir, f));
  }
}
