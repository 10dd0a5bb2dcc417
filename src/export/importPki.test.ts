import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { x509 } from '../pki/x509';
import { topologyFromCertificates } from '../topology/checks/actualCertificates';
import { validateTopology } from '../topology/checks/validateTopology';
import { topologyOf } from '../topology/design';
import { readActualCertificates } from './actualCertificates';
import { importPki, type ImportInput, type ImportReport } from './importPki';

// kubeadm's /etc/kubernetes for node cp1 at 10.0.0.11, made with the openssl CLI alone.
// Each file gets its own lifetime so expiry dates can be told apart. Planted fault:
// apiserver-etcd-client.crt is signed by the cluster CA instead of the etcd CA.
const MAKE_PKI = String.raw`
set -euo pipefail
cd "$1"
mkdir -p kubernetes/pki/etcd work stray
K=kubernetes
rsa() { openssl genrsa -traditional -out "$1" 2048 2>/dev/null; }
ca() { # base cn days
  rsa "$K/pki/$1.key"
  openssl req -x509 -new -key "$K/pki/$1.key" -subj "/CN=$2" -days "$3" -out "$K/pki/$1.crt" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,digitalSignature,keyEncipherment,keyCertSign" \
    -addext "subjectAltName=DNS:$2"
}
sign() { # key csr-subject ca days eku san out
  openssl req -new -key "$1" -subj "$2" -out work/req.csr
  printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=%s\n' "$5" > work/ext
  if [ -n "$6" ]; then echo "subjectAltName=$6" >> work/ext; fi
  openssl x509 -req -in work/req.csr -CA "$K/pki/$3.crt" -CAkey "$K/pki/$3.key" -set_serial "0x$(openssl rand -hex 8)" \
    -days "$4" -extfile work/ext -out "$7" 2>/dev/null
  echo "$7 $(openssl x509 -in "$7" -noout -enddate -dateopt iso_8601)" >> enddates.txt
}
leaf() { # base subject ca days eku san [keytype]
  kt=rsa; if [ $# -ge 7 ]; then kt=$7; fi
  case "$kt" in
    ec) openssl ecparam -name prime256v1 -genkey -noout -out "$K/pki/$1.key" ;;
    pkcs8) openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$K/pki/$1.key" 2>/dev/null ;;
    *) rsa "$K/pki/$1.key" ;;
  esac
  sign "$K/pki/$1.key" "$2" "$3" "$4" "$5" "$6" "$K/pki/$1.crt"
}
kubeconfig() { # file subject days server user
  rsa "work/$1.key"
  sign "work/$1.key" "$2" ca "$3" clientAuth "" "work/$1.crt"
  sed -i "s#^work/$1.crt #$1 #" enddates.txt
  cat > "$K/$1" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: kubernetes
  cluster:
    certificate-authority-data: $(base64 -w0 "$K/pki/ca.crt")
    server: $4
contexts:
- name: $5@kubernetes
  context:
    cluster: kubernetes
    user: $5
current-context: $5@kubernetes
preferences: {}
users:
- name: $5
  user:
    client-certificate-data: $(base64 -w0 "work/$1.crt")
    client-key-data: $(base64 -w0 "work/$1.key")
EOF
}

ca ca kubernetes 3650
ca etcd/ca etcd-ca 3000
ca front-proxy-ca front-proxy-ca 2900
echo "$K/pki/ca.crt $(openssl x509 -in $K/pki/ca.crt -noout -enddate -dateopt iso_8601)" >> enddates.txt
echo "$K/pki/etcd/ca.crt $(openssl x509 -in $K/pki/etcd/ca.crt -noout -enddate -dateopt iso_8601)" >> enddates.txt
echo "$K/pki/front-proxy-ca.crt $(openssl x509 -in $K/pki/front-proxy-ca.crt -noout -enddate -dateopt iso_8601)" >> enddates.txt

leaf apiserver /CN=kube-apiserver ca 30 serverAuth \
  "DNS:cp1,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local,IP:10.96.0.1,IP:10.0.0.11"
leaf apiserver-kubelet-client /CN=kube-apiserver-kubelet-client ca 40 clientAuth ""
leaf apiserver-etcd-client /CN=kube-apiserver-etcd-client ca 50 clientAuth ""   # the fault: should be etcd/ca
leaf front-proxy-client /CN=front-proxy-client front-proxy-ca 60 clientAuth "" ec
leaf etcd/server /CN=cp1 etcd/ca 70 serverAuth,clientAuth "DNS:cp1,DNS:localhost,IP:10.0.0.11,IP:127.0.0.1,IP:::1"
leaf etcd/peer /CN=cp1 etcd/ca 80 serverAuth,clientAuth "DNS:cp1,DNS:localhost,IP:10.0.0.11,IP:127.0.0.1,IP:::1"
leaf etcd/healthcheck-client /CN=kube-etcd-healthcheck-client etcd/ca 90 clientAuth "" pkcs8
rsa $K/pki/sa.key
openssl rsa -in $K/pki/sa.key -pubout -out $K/pki/sa.pub 2>/dev/null

kubeconfig admin.conf "/O=kubeadm:cluster-admins/CN=kubernetes-admin" 100 https://10.0.0.11:6443 kubernetes-admin
kubeconfig super-admin.conf "/O=system:masters/CN=kubernetes-super-admin" 110 https://10.0.0.11:6443 kubernetes-super-admin
kubeconfig controller-manager.conf /CN=system:kube-controller-manager 120 https://10.0.0.11:6443 system:kube-controller-manager
kubeconfig scheduler.conf /CN=system:kube-scheduler 130 https://10.0.0.11:6443 system:kube-scheduler
kubeconfig kubelet.conf "/O=system:nodes/CN=system:node:cp1" 140 https://10.0.0.11:6443 system:node:cp1
sed -i "s#^$K/##" enddates.txt

# Stray inputs: a CSR, an encrypted key, a README and a corrupt zip.
openssl req -new -key $K/pki/apiserver.key -subj /CN=stray -out stray/stray.csr
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -aes256 -pass pass:x -out stray/encrypted.key 2>/dev/null
echo "These are my cluster's certificates." > stray/README.txt
head -c 300 /dev/urandom > stray/x.zip

python3 -c 'import shutil, sys; shutil.make_archive(sys.argv[1], "zip", sys.argv[2], "kubernetes")' pki "$1"
`;

const CREDENTIALS: Record<string, string> = {
  'pki/ca.crt': 'ca:ca',
  'pki/etcd/ca.crt': 'ca:etcd-ca',
  'pki/front-proxy-ca.crt': 'ca:front-proxy-ca',
  'pki/apiserver.crt': 'cred:apiserver@cp1',
  'pki/apiserver-kubelet-client.crt': 'cred:apiserver-kubelet-client@cp1',
  'pki/apiserver-etcd-client.crt': 'cred:apiserver-etcd-client@cp1',
  'pki/front-proxy-client.crt': 'cred:front-proxy-client@cp1',
  'pki/etcd/server.crt': 'cred:etcd-server@cp1',
  'pki/etcd/peer.crt': 'cred:etcd-peer@cp1',
  'pki/etcd/healthcheck-client.crt': 'cred:etcd-healthcheck-client@cp1',
  'admin.conf': 'cred:admin.conf',
  'super-admin.conf': 'cred:super-admin.conf',
  'controller-manager.conf': 'cred:controller-manager.conf@cp1',
  'scheduler.conf': 'cred:scheduler.conf@cp1',
  'kubelet.conf': 'cred:kubelet.conf@cp1',
};

/** Every private key, with the element whose certificate it belongs to. */
const KEYS: Record<string, string> = {
  ...Object.fromEntries(Object.entries(CREDENTIALS).map(([path, id]) => [path.replace(/\.crt$/, '.key'), id])),
  'pki/sa.key': 'keypair:sa',
};

const STRAY_REASONS: Array<[string, RegExp]> = [
  ['stray.csr', /^a certificate signing request, not a certificate/],
  ['encrypted.key', /^encrypted key: decrypt it first, e\.g\. openssl pkey -in encrypted\.key/],
  ['README.txt', /^not a certificate, key or kubeconfig/],
  ['x.zip', /is not a readable zip/],
];

let dir = '';
let endDates = new Map<string, Date>();

function filesUnder(root: string): string[] {
  return readdirSync(root).flatMap((name) => {
    const path = join(root, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

const input = (name: string, path: string): ImportInput => ({ name, bytes: new Uint8Array(readFileSync(path)) });
const strays = () => ['stray.csr', 'encrypted.key', 'README.txt', 'x.zip'].map((n) => input(n, join(dir, 'stray', n)));

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'import-pki-'));
  execFileSync('bash', ['-c', MAKE_PKI, 'make-pki', dir], { stdio: ['ignore', 'ignore', 'pipe'] });
  endDates = new Map(
    readFileSync(join(dir, 'enddates.txt'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => {
        const [path, date] = line.split(' notAfter=') as [string, string];
        return [path, new Date(date.replace(' ', 'T'))];
      }),
  );
});

function expectFullImport(report: ImportReport) {
  // Every role, and nothing else.
  const recognised = Object.fromEntries(report.recognised.map((r) => [r.path, r.elementId]));
  expect(recognised).toEqual({ ...CREDENTIALS, 'pki/sa.pub': 'keypair:sa' });
  expect(report.recognised.find((r) => r.path === 'pki/sa.pub')?.role).toBe('service-account public key');
  expect(report.unassigned).toEqual([]);

  // The expiry dates openssl printed, decoded from the imported certificates.
  expect(endDates.size).toBe(Object.keys(CREDENTIALS).length);
  for (const [path, id] of Object.entries(CREDENTIALS)) {
    const pem = report.certificates[id];
    expect(pem, id).toBeDefined();
    expect(new x509.X509Certificate(pem!).notAfter.toISOString(), path).toBe(endDates.get(path)?.toISOString());
  }

  // The rejected files, each with its reason.
  expect(report.rejected.map((r) => r.path).sort()).toEqual(STRAY_REASONS.map(([p]) => p).sort());
  for (const [path, reason] of STRAY_REASONS) {
    expect(report.rejected.find((r) => r.path === path)?.reason, path).toMatch(reason);
  }

  // The design: node, address, cluster name, and the imported SANs on the apiserver.
  const topology = topologyOf(report.design);
  expect(report.design.presetId).toBe('kubeadm');
  expect(report.design.params.controlPlane).toEqual([{ name: 'cp1', ip: '10.0.0.11' }]);
  expect(report.design.params.workers).toEqual([]);
  expect(report.design.params.clusterName).toBe('kubernetes');
  expect(report.design.params.controlPlaneEndpoint).toBe('');
  expect(report.design.params.serviceCidr).toBe('10.96.0.0/12');
  const apiserver = topology.credentials.find((c) => c.id === 'cred:apiserver@cp1');
  expect(apiserver?.dnsNames).toEqual([
    'cp1',
    'kubernetes',
    'kubernetes.default',
    'kubernetes.default.svc',
    'kubernetes.default.svc.cluster.local',
  ]);
  expect(apiserver?.ipAddresses).toEqual(['10.96.0.1', '10.0.0.11']);
  expect(apiserver?.validityDays).toBe(30);
  expect(topology.credentials.find((c) => c.id === 'cred:kubelet.conf@cp1')?.validityDays).toBe(140);
  expect(topology.credentials.find((c) => c.id === 'cred:admin.conf')?.subject).toEqual([
    { type: 'O', value: 'kubeadm:cluster-admins' },
    { type: 'CN', value: 'kubernetes-admin' },
  ]);
}

async function expectPlantedFaultOnly(report: ImportReport) {
  const topology = topologyOf(report.design);
  const actual = await readActualCertificates(topology, report.certificates);
  const findings = validateTopology(topologyFromCertificates(topology, actual, new Date()), 'kubeadm');
  const errors = findings.filter((f) => f.severity === 'error').map((f) => f.id);
  expect(errors).toEqual(['client-trust:conn:kube-apiserver@cp1->etcd@cp1']);
}

describe('importPki of a kubeadm tree made with openssl', () => {
  it('reads the zipped tree: every role, expiry dates, keys, strays and the planted fault', async () => {
    const report = await importPki([input('pki.zip', join(dir, 'pki.zip')), ...strays()]);
    expectFullImport(report);
    expect(Object.fromEntries(report.keys.map((k) => [k.path, k.matches]))).toEqual(KEYS);
    await expectPlantedFaultOnly(report);
  });

  it('reads the files given one by one (under etc/kubernetes/), and follows a key swapped between two files', async () => {
    const tree = join(dir, 'kubernetes');
    const swap: Record<string, string> = {
      'pki/apiserver-kubelet-client.key': 'pki/etcd/peer.key',
      'pki/etcd/peer.key': 'pki/apiserver-kubelet-client.key',
    };
    const inputs = filesUnder(tree).map((path) => {
      const name = relative(tree, path);
      return input(`etc/kubernetes/${name}`, swap[name] ? join(tree, swap[name]) : path);
    });
    const report = await importPki([...inputs, ...strays()]);
    expectFullImport(report);
    expect(Object.fromEntries(report.keys.map((k) => [k.path, k.matches]))).toEqual({
      ...KEYS,
      'pki/apiserver-kubelet-client.key': 'cred:etcd-peer@cp1',
      'pki/etcd/peer.key': 'cred:apiserver-kubelet-client@cp1',
    });
    await expectPlantedFaultOnly(report);
  });

  it('rejects a zip that is not one, and tells certificates with unknown roles apart', async () => {
    writeFileSync(join(dir, 'odd.pem'), readFileSync(join(dir, 'kubernetes/pki/etcd/ca.crt')));
    const report = await importPki([input('x.zip', join(dir, 'stray/x.zip')), input('odd.pem', join(dir, 'odd.pem'))]);
    expect(report.rejected).toEqual([{ path: 'x.zip', reason: expect.stringMatching(/is not a readable zip/) }]);
    expect(report.recognised).toEqual([{ path: 'odd.pem', role: 'etcd-ca', elementId: 'ca:etcd-ca' }]);
  });
});
