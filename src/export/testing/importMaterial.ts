// Test helper: files to import. A valid kubeadm /etc/kubernetes made by the project itself,
// certificates with whatever subject and SANs a test asks for (the pki/ functions write any
// value; x509 raw extensions write what no API would), kubeconfigs around them, and the keys
// and requests only the openssl CLI makes (encrypted keys, CSRs, curves this tool does not use).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { zipSync } from 'fflate';
import { createCa, issueLeaf, type IssuedCredential } from '../../pki/issue';
import type { NameAttribute } from '../../pki/profile';
import { x509 } from '../../pki/x509';
import { buildPreset, PRESET_DEFAULTS } from '../../topology/presets';
import { buildBundleFiles } from '../bundle';
import { generatePki } from '../generate';
import type { ImportInput } from '../importPki';
import { makeTempDir } from './bundleOnDisk';

const encode = (text: string) => new TextEncoder().encode(text);

export interface KubeadmTree {
  /** Every file under etc/kubernetes/, as a folder import gives them. */
  readonly files: readonly ImportInput[];
  /** The same tree zipped under kubernetes/, as the app's download. */
  readonly zip: Uint8Array;
  /** A file's text by its path in the tree (pki/ca.crt, admin.conf). */
  text(path: string): string;
}

/** kubeadm's tree for the default kubeadm design (ECDSA P-256 keys, for speed), made by the project's own generator. */
export async function kubeadmTree(): Promise<KubeadmTree> {
  const topology = buildPreset('kubeadm', { ...PRESET_DEFAULTS.kubeadm, keyAlgorithm: 'ECDSA-P256' });
  const files = buildBundleFiles(topology, await generatePki(topology)).filter(
    (f) => !['make-certs.sh', 'README.txt'].includes(f.path),
  );
  // Every file of this tree is text: it holds no PKCS#12.
  const byPath = new Map(files.map((f) => [f.path, String(f.content)]));
  return {
    files: files.map((f) => ({ name: `etc/kubernetes/${f.path}`, bytes: encode(String(f.content)) })),
    zip: zipSync(Object.fromEntries(files.map((f) => [`kubernetes/${f.path}`, encode(String(f.content))]))),
    text: (path) => {
      const text = byPath.get(path);
      if (text === undefined) throw new Error(`${path} is not in the tree`);
      return text;
    },
  };
}

export interface CertificateSpec {
  readonly subject: readonly NameAttribute[];
  readonly dnsNames?: readonly string[];
  readonly ipAddresses?: readonly string[];
  readonly validityDays?: number;
  readonly serverAuth?: boolean;
  readonly clientAuth?: boolean;
}

let signer: Promise<IssuedCredential> | null = null;

/** A leaf signed by one throwaway CA, holding exactly the values of the spec (the pki/ functions check none of them). */
export async function leafWith(spec: CertificateSpec): Promise<IssuedCredential> {
  signer ??= createCa(
    {
      subject: [{ type: 'CN', value: 'test-ca' }],
      isCa: true,
      serverAuth: false,
      clientAuth: false,
      dnsNames: [],
      ipAddresses: [],
      validityDays: 30,
    },
    'ECDSA-P256',
  );
  return issueLeaf(
    {
      subject: spec.subject,
      isCa: false,
      serverAuth: spec.serverAuth ?? true,
      clientAuth: spec.clientAuth ?? true,
      dnsNames: spec.dnsNames ?? [],
      ipAddresses: spec.ipAddresses ?? [],
      validityDays: spec.validityDays ?? 365,
    },
    'ECDSA-P256',
    await signer,
  );
}

/** A self-signed certificate whose subjectAltName extension is the given DER, whatever it holds. */
export async function certificateWithRawSan(sanDer: Uint8Array<ArrayBuffer>): Promise<string> {
  const keys = await globalThis.crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, [
    'sign',
    'verify',
  ]);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: 'CN=raw-san',
    notBefore: new Date(),
    notAfter: new Date(Date.now() + 86_400_000),
    keys,
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
    extensions: [new x509.Extension('2.5.29.17', false, sanDer)],
  });
  return cert.toString('pem');
}

export interface KubeconfigSpec {
  readonly clusterName: string;
  readonly server: string;
  readonly userName: string;
  readonly contextName: string;
  readonly certPem: string;
  readonly keyPem: string;
}

const base64 = (text: string) => Buffer.from(text).toString('base64');

/** A kubeconfig as kubeadm writes it; every value is written as a JSON string, so any value stays one YAML scalar. */
export function kubeconfigText(spec: KubeconfigSpec): string {
  const q = (value: string) => JSON.stringify(value);
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- name: ${q(spec.clusterName)}`,
    '  cluster:',
    `    server: ${q(spec.server)}`,
    'contexts:',
    `- name: ${q(spec.contextName)}`,
    '  context:',
    `    cluster: ${q(spec.clusterName)}`,
    `    user: ${q(spec.userName)}`,
    `current-context: ${q(spec.contextName)}`,
    'users:',
    `- name: ${q(spec.userName)}`,
    '  user:',
    `    client-certificate-data: ${base64(spec.certPem)}`,
    `    client-key-data: ${base64(spec.keyPem)}`,
    '',
  ].join('\n');
}

/** What only the openssl CLI makes here, each file by name. */
export interface OpensslMaterial {
  readonly encryptedPkcs8: string;
  readonly encryptedTraditional: string;
  readonly csr: string;
  readonly secp256k1Key: string;
  readonly ed25519Key: string;
  readonly ed25519Cert: string;
  /** A client certificate whose CN is a legal 28-character HTML tag. */
  readonly xssCert: string;
  readonly xssKey: string;
}

export const XSS_CN = '<img src=x onerror=alert(1)>';

export function opensslMaterial(): OpensslMaterial {
  const tmp = makeTempDir('hostile-openssl-');
  try {
    const run = (...args: string[]) => execFileSync('openssl', args, { cwd: tmp.dir, stdio: 'pipe' });
    const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
    run(
      'genpkey',
      '-algorithm',
      'EC',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-aes256',
      '-pass',
      'pass:x',
      '-out',
      'enc8.key',
    );
    run('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'plain.key');
    run('ec', '-in', 'plain.key', '-aes256', '-passout', 'pass:x', '-out', 'enc-trad.key');
    run('req', '-new', '-key', 'plain.key', '-subj', '/CN=stray', '-out', 'req.csr');
    run('ecparam', '-name', 'secp256k1', '-genkey', '-noout', '-out', 'k1.key');
    run('genpkey', '-algorithm', 'ed25519', '-out', 'ed.key');
    run(
      'req',
      '-x509',
      '-key',
      'ed.key',
      '-subj',
      '/CN=kube-apiserver-kubelet-client',
      '-days',
      '30',
      '-out',
      'ed.crt',
    );
    run(
      'req',
      '-x509',
      ...ec,
      '-keyout',
      'xss.key',
      '-out',
      'xss.crt',
      '-days',
      '365',
      '-subj',
      `/CN=${XSS_CN}`,
      '-addext',
      'basicConstraints=critical,CA:FALSE',
      '-addext',
      'extendedKeyUsage=clientAuth',
    );
    const read = (name: string) => readFileSync(tmp.path(name), 'utf8');
    return {
      encryptedPkcs8: read('enc8.key'),
      encryptedTraditional: read('enc-trad.key'),
      csr: read('req.csr'),
      secp256k1Key: read('k1.key'),
      ed25519Key: read('ed.key'),
      ed25519Cert: read('ed.crt'),
      xssCert: read('xss.crt'),
      xssKey: read('xss.key'),
    };
  } finally {
    tmp.cleanup();
  }
}
