import type { KeyAlgorithm } from '../pki/keyAlgorithm';
import type { NameAttribute } from '../pki/profile';
import type { CertificateAuthority, Credential } from '../topology/model';

function keyCommand(algorithm: KeyAlgorithm, keyFile: string): string {
  return algorithm === 'ECDSA-P256'
    ? `openssl ecparam -name prime256v1 -genkey -noout -out ${keyFile}`
    : `openssl genrsa -traditional -out ${keyFile} ${algorithm.slice('RSA-'.length)}`;
}

/** An -subj argument; `/` and `+` inside values are escaped as openssl requires. */
function subjectArg(subject: readonly NameAttribute[]): string {
  return `'${subject.map((a) => `/${a.type}=${a.value.replace(/[/+\\]/g, '\\$&')}`).join('')}'`;
}

function base(path: string): string {
  return path.replace(/^.*\//, '');
}

function sanLine(dnsNames: readonly string[], ips: readonly string[]): string[] {
  const sans = [...dnsNames.map((d) => `DNS:${d}`), ...ips.map((ip) => `IP:${ip}`)];
  return sans.length > 0 ? [`subjectAltName=${sans.join(',')}`] : [];
}

/**
 * The openssl commands that make the same CA by hand: a key, then a self-signed certificate
 * with kubeadm's extensions (critical CA:TRUE and keyCertSign, SKI). Run in the CA's folder.
 */
export function caCommands(ca: CertificateAuthority, algorithm: KeyAlgorithm): string[] {
  const key = base(ca.keyFile);
  const crt = base(ca.certFile);
  return [
    keyCommand(algorithm, key),
    [
      `openssl req -x509 -new -key ${key} -sha256 -days ${ca.validityDays} -subj ${subjectArg(ca.subject)}`,
      `-addext 'basicConstraints=critical,CA:TRUE' -addext 'keyUsage=critical,digitalSignature,keyEncipherment,keyCertSign'`,
      ...sanLine(ca.dnsNames, []).map((l) => `-addext '${l}'`),
      `-out ${crt}`,
    ].join(' \\\n  '),
  ];
}

/**
 * The openssl commands that make the same credential by hand: key, CSR, and a certificate
 * signed by its CA with the same subject, SANs and usages. Run where the CA's files are.
 */
export function credentialCommands(credential: Credential, ca: CertificateAuthority, algorithm: KeyAlgorithm): string[] {
  const name = base(credential.files?.cert ?? credential.label).replace(/\.(crt|conf|kubeconfig)$/, '');
  const eku = [credential.serverAuth && 'serverAuth', credential.clientAuth && 'clientAuth'].filter(Boolean).join(',');
  const extensions = [
    'basicConstraints=critical,CA:FALSE',
    'keyUsage=critical,digitalSignature,keyEncipherment',
    ...(eku ? [`extendedKeyUsage=${eku}`] : []),
    ...sanLine(credential.dnsNames, credential.ipAddresses),
    'authorityKeyIdentifier=keyid',
  ];
  return [
    keyCommand(algorithm, `${name}.key`),
    `openssl req -new -key ${name}.key -subj ${subjectArg(credential.subject)} -out ${name}.csr`,
    `printf '%s\\n' ${extensions.map((e) => `'${e}'`).join(' ')} > ${name}.ext`,
    [
      `openssl x509 -req -in ${name}.csr -CA ${base(ca.certFile)} -CAkey ${base(ca.keyFile)} -CAcreateserial`,
      `-days ${credential.validityDays} -sha256 -extfile ${name}.ext -out ${name}.crt`,
    ].join(' \\\n  '),
  ];
}
