import { x509 } from './x509';

/** What a certificate says, decoded, for people to read. */
export interface CertificateFacts {
  readonly subject: string;
  readonly issuer: string;
  readonly serialNumber: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly dnsNames: readonly string[];
  readonly ipAddresses: readonly string[];
  readonly isCa: boolean;
  readonly keyUsage: readonly string[];
  readonly extendedKeyUsage: readonly string[];
  readonly publicKey: string;
  readonly signatureAlgorithm: string;
  readonly sha256Fingerprint: string;
  readonly sha1Fingerprint: string;
}

const KEY_USAGE_NAMES: ReadonlyArray<[number, string]> = [
  [x509.KeyUsageFlags.digitalSignature, 'Digital Signature'],
  [x509.KeyUsageFlags.nonRepudiation, 'Non Repudiation'],
  [x509.KeyUsageFlags.keyEncipherment, 'Key Encipherment'],
  [x509.KeyUsageFlags.dataEncipherment, 'Data Encipherment'],
  [x509.KeyUsageFlags.keyAgreement, 'Key Agreement'],
  [x509.KeyUsageFlags.keyCertSign, 'Certificate Sign'],
  [x509.KeyUsageFlags.cRLSign, 'CRL Sign'],
];
const EKU_NAMES: Record<string, string> = {
  [x509.ExtendedKeyUsage.serverAuth]: 'serverAuth',
  [x509.ExtendedKeyUsage.clientAuth]: 'clientAuth',
};

function hex(bytes: ArrayBuffer): string {
  return Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0').toUpperCase()).join(':');
}

function describeKey(algorithm: KeyAlgorithm | RsaHashedKeyAlgorithm | EcKeyAlgorithm): string {
  if ('modulusLength' in algorithm) return `RSA ${algorithm.modulusLength} bit`;
  if ('namedCurve' in algorithm) return `ECDSA ${algorithm.namedCurve}`;
  return algorithm.name;
}

/** Decodes a PEM certificate as `openssl x509 -noout -text` would summarise it. */
export async function describeCertificate(pem: string): Promise<CertificateFacts> {
  const cert = new x509.X509Certificate(pem);
  const san = cert.getExtension(x509.SubjectAlternativeNameExtension);
  const ku = cert.getExtension(x509.KeyUsagesExtension);
  const eku = cert.getExtension(x509.ExtendedKeyUsageExtension);
  const bc = cert.getExtension(x509.BasicConstraintsExtension);
  const names = san?.names.toJSON() ?? [];
  const key = await cert.publicKey.export();
  return {
    subject: cert.subject,
    issuer: cert.issuer,
    serialNumber: cert.serialNumber.toUpperCase(),
    notBefore: cert.notBefore,
    notAfter: cert.notAfter,
    dnsNames: names.filter((n) => n.type === 'dns').map((n) => n.value),
    ipAddresses: names.filter((n) => n.type === 'ip').map((n) => n.value),
    isCa: bc?.ca ?? false,
    keyUsage: KEY_USAGE_NAMES.filter(([flag]) => ku && (ku.usages & flag) !== 0).map(([, name]) => name),
    extendedKeyUsage: (eku?.usages ?? []).map((u) => EKU_NAMES[String(u)] ?? String(u)),
    publicKey: describeKey(key.algorithm),
    signatureAlgorithm: `${cert.signatureAlgorithm.name}${'hash' in cert.signatureAlgorithm ? ` ${(cert.signatureAlgorithm.hash as Algorithm).name}` : ''}`,
    sha256Fingerprint: hex(await cert.getThumbprint('SHA-256')),
    sha1Fingerprint: hex(await cert.getThumbprint('SHA-1')),
  };
}

/** True when `issuerPem`'s key verifies `pem`'s signature: the issuer really signed it. */
export async function isSignedBy(pem: string, issuerPem: string): Promise<boolean> {
  const cert = new x509.X509Certificate(pem);
  const issuer = new x509.X509Certificate(issuerPem);
  return cert.verify({ publicKey: issuer.publicKey, signatureOnly: true });
}
