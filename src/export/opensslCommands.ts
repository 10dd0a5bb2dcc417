import { isEcdsa, signatureHash, type KeyAlgorithm } from '../pki/keyAlgorithm';
import type { NameAttribute } from '../pki/profile';
import type { CertificateAuthority, Credential } from '../topology/model';
import { opensslConfigValue, shellQuote as q } from './shell';

export function keyCommand(algorithm: KeyAlgorithm, keyFile: string): string {
  if (isEcdsa(algorithm))
    return `openssl ecparam -name ${algorithm === 'ECDSA-P384' ? 'secp384r1' : 'prime256v1'} -genkey -noout -out ${q(keyFile)}`;
  return `openssl genrsa -traditional -out ${q(keyFile)} ${algorithm.slice('RSA-'.length)}`;
}

/**
 * A certificate's serial: 63 random bits, the first clear, as the app draws them (pki/issue.ts).
 * The draw is a command of its own, so `set -e` stops a script when it fails (inside an argument
 * it would not); only its first hex digit goes through shell arithmetic, which a 64-bit constant
 * would overflow differently in bash, dash and zsh. No `.srl` file is kept beside the CA.
 */
const DRAW_SERIAL = 'serial=$(openssl rand -hex 8)';
const SET_SERIAL = '-set_serial "0x$(( 0x${serial%???????????????} & 7 ))${serial#?}"';

/** openssl's digest flag for what a CA of this key type signs with. */
const digestFlag = (algorithm: KeyAlgorithm) => `-${signatureHash(algorithm).replace('-', '').toLowerCase()}`;

/** An -subj argument (read as UTF-8 with -utf8); `/`, `+` and `\` inside values are escaped as openssl requires. */
function subjectArg(subject: readonly NameAttribute[]): string {
  return q(subject.map((a) => `/${a.type}=${a.value.replace(/[/+\\]/g, '\\$&')}`).join(''));
}

function base(path: string): string {
  return path.replace(/^.*\//, '');
}

function sanLine(dnsNames: readonly string[], ips: readonly string[]): string[] {
  const sans = [
    ...dnsNames.map((d) => `DNS:${opensslConfigValue(d)}`),
    ...ips.map((ip) => `IP:${opensslConfigValue(ip)}`),
  ];
  return sans.length > 0 ? [`subjectAltName=${sans.join(',')}`] : [];
}

/** Where the commands read and write: bundle paths in a script, bare names for one credential by hand. */
export type PathStyle = 'bundle' | 'bare';

/** A CA's basicConstraints as openssl's config reads it: critical, with its pathlen when it sets one. */
function caConstraints(ca: CertificateAuthority): string {
  return `basicConstraints=critical,CA:TRUE${ca.pathLength !== undefined ? `,pathlen:${ca.pathLength}` : ''}`;
}

/**
 * The openssl commands that make the same CA by hand: a key, then a self-signed certificate
 * with kubeadm's extensions (critical CA:TRUE and keyCertSign, SKI). Given the CA that signs
 * it, an intermediate instead: a CSR signed by that CA, with an AKI naming its key.
 */
export function caCommands(
  ca: CertificateAuthority,
  algorithm: KeyAlgorithm,
  paths: PathStyle = 'bare',
  parent?: CertificateAuthority,
): string[] {
  const at = (path: string) => (paths === 'bare' ? base(path) : path);
  const [key, crt] = [at(ca.keyFile), at(ca.certFile)];
  const usage = 'keyUsage=critical,digitalSignature,keyEncipherment,keyCertSign';
  if (parent) {
    const stem = crt.replace(/\.crt$/, '');
    const extensions = [
      caConstraints(ca),
      usage,
      ...sanLine(ca.dnsNames, []),
      'subjectKeyIdentifier=hash',
      'authorityKeyIdentifier=keyid',
    ];
    return [
      keyCommand(algorithm, key),
      `openssl req -new -key ${q(key)} -utf8 -subj ${subjectArg(ca.subject)} -out ${q(`${stem}.csr`)}`,
      `printf '%s\\n' ${extensions.map(q).join(' ')} > ${q(`${stem}.ext`)}`,
      DRAW_SERIAL,
      [
        `openssl x509 -req -in ${q(`${stem}.csr`)} -CA ${q(at(parent.certFile))} -CAkey ${q(at(parent.keyFile))} ${SET_SERIAL}`,
        `-days ${ca.validityDays} ${digestFlag(algorithm)} -extfile ${q(`${stem}.ext`)} -out ${q(crt)}`,
      ].join(' \\\n  '),
    ];
  }
  return [
    keyCommand(algorithm, key),
    DRAW_SERIAL,
    [
      `openssl req -x509 -new -key ${q(key)} ${digestFlag(algorithm)} -days ${ca.validityDays} ${SET_SERIAL} -utf8 -subj ${subjectArg(ca.subject)}`,
      `-addext ${q(caConstraints(ca))} -addext ${q(usage)}`,
      ...sanLine(ca.dnsNames, []).map((l) => `-addext ${q(l)}`),
      `-out ${q(crt)}`,
    ].join(' \\\n  '),
  ];
}

/** Cert and key paths of a credential; a kubeconfig-only one gets a pair named after its kubeconfig. */
export function credentialPaths(credential: Credential, paths: PathStyle): { cert: string; key: string } {
  const stem = (credential.files?.cert ?? credential.kubeconfig?.file ?? credential.label).replace(
    /\.(crt|conf|kubeconfig)$/,
    '',
  );
  const full = credential.files ?? { cert: `${stem}.crt`, key: `${stem}.key` };
  return paths === 'bare' ? { cert: base(full.cert), key: base(full.key) } : full;
}

/**
 * The openssl commands that make the same credential by hand: key, CSR, and a certificate
 * signed by its CA with the same subject, SANs and usages.
 */
export function credentialCommands(
  credential: Credential,
  ca: CertificateAuthority,
  algorithm: KeyAlgorithm,
  paths: PathStyle = 'bare',
): string[] {
  const { cert, key } = credentialPaths(credential, paths);
  const stem = cert.replace(/\.crt$/, '');
  const caCert = paths === 'bare' ? base(ca.certFile) : ca.certFile;
  const caKey = paths === 'bare' ? base(ca.keyFile) : ca.keyFile;
  const eku = [credential.serverAuth && 'serverAuth', credential.clientAuth && 'clientAuth'].filter(Boolean).join(',');
  const extensions = [
    'basicConstraints=critical,CA:FALSE',
    'keyUsage=critical,digitalSignature,keyEncipherment',
    ...(eku ? [`extendedKeyUsage=${eku}`] : []),
    ...sanLine(credential.dnsNames, credential.ipAddresses),
    'authorityKeyIdentifier=keyid',
  ];
  return [
    keyCommand(credential.keyAlgorithm ?? algorithm, key),
    `openssl req -new -key ${q(key)} -utf8 -subj ${subjectArg(credential.subject)} -out ${q(`${stem}.csr`)}`,
    `printf '%s\\n' ${extensions.map(q).join(' ')} > ${q(`${stem}.ext`)}`,
    DRAW_SERIAL,
    [
      `openssl x509 -req -in ${q(`${stem}.csr`)} -CA ${q(caCert)} -CAkey ${q(caKey)} ${SET_SERIAL}`,
      // The CA's key is of the design's algorithm: it signs as the generator does.
      `-days ${credential.validityDays} ${digestFlag(algorithm)} -extfile ${q(`${stem}.ext`)} -out ${q(cert)}`,
    ].join(' \\\n  '),
  ];
}
