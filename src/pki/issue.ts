import { x509 } from './x509';
import { generateKeyPair, keyAlgorithmOfParams, signingAlgorithm, type KeyAlgorithm } from './keyAlgorithm';
import { certificatePem, exportPrivateKeyPem, type PemString } from './pem';
import { DAY_MS, type CertProfile, type NameAttribute } from './profile';

type Certificate = InstanceType<typeof x509.X509Certificate>;

/** A certificate with its key pair, in memory and as PEM. */
export interface IssuedCredential {
  readonly cert: Certificate;
  readonly keys: CryptoKeyPair;
  readonly algorithm: KeyAlgorithm;
  readonly certPem: PemString;
  readonly keyPem: PemString;
}

/** kubeadm backdates NotBefore by five minutes to tolerate clock skew (constants.CertificateBackdate). */
export const CERTIFICATE_BACKDATE_MS = 5 * 60 * 1000;

/**
 * A random positive serial of 63 random bits, as kubeadm draws from [1, 2^63) (CA/B Forum
 * asks for at least 64 bits of output, 63 of them random once the sign bit is kept clear).
 */
export function randomSerialHex(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(8));
  bytes[0] = bytes[0]! & 0x7f;
  if (bytes.every((b) => b === 0)) return randomSerialHex();
  // DER wants the shortest two's-complement form: drop leading zero bytes while the value stays positive.
  let start = 0;
  while (start < 7 && bytes[start] === 0 && bytes[start + 1]! < 0x80) start++;
  return Array.from(bytes.subarray(start), (b) => b.toString(16).padStart(2, '0')).join('');
}

function jsonName(subject: readonly NameAttribute[]): Array<Record<string, string[]>> {
  return subject.map((a) => ({ [a.type]: [a.value] }));
}

/** DNS names de-duplicated and sorted, IPs de-duplicated in order (kubeadm RemoveDuplicateAltNames). */
function subjectAltNames(profile: CertProfile): Array<{ type: 'dns' | 'ip'; value: string }> {
  const dns = [...new Set(profile.dnsNames)].sort();
  const ips = [...new Set(profile.ipAddresses)];
  return [
    ...dns.map((value) => ({ type: 'dns' as const, value })),
    ...ips.map((value) => ({ type: 'ip' as const, value })),
  ];
}

async function extensionsFor(
  profile: CertProfile,
  publicKey: CryptoKey,
  issuer: Certificate | null,
): Promise<x509.Extension[]> {
  const { KeyUsageFlags: K, ExtendedKeyUsage: E } = x509;
  // RFC 5280 4.2.1.9 / 4.2.1.3: both critical, as Go marks them.
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(profile.isCa, profile.isCa ? profile.pathLength : undefined, true),
  ];
  const usages = K.digitalSignature | K.keyEncipherment | (profile.isCa ? K.keyCertSign : 0);
  extensions.push(new x509.KeyUsagesExtension(usages, true));
  const eku = [...(profile.serverAuth ? [E.serverAuth] : []), ...(profile.clientAuth ? [E.clientAuth] : [])];
  if (eku.length > 0) extensions.push(new x509.ExtendedKeyUsageExtension(eku, false));
  const sans = subjectAltNames(profile);
  if (sans.length > 0) extensions.push(new x509.SubjectAlternativeNameExtension(sans, false));
  if (profile.isCa) extensions.push(await x509.SubjectKeyIdentifierExtension.create(publicKey));
  if (issuer) {
    const ski = issuer.getExtension(x509.SubjectKeyIdentifierExtension);
    if (ski) extensions.push(new x509.AuthorityKeyIdentifierExtension(ski.keyId));
  }
  return extensions;
}

/** The validity window: backdated five minutes, ending validityDays after `now`. */
export function validityWindow(validityDays: number, now: Date): { notBefore: Date; notAfter: Date } {
  return {
    notBefore: new Date(now.getTime() - CERTIFICATE_BACKDATE_MS),
    notAfter: new Date(now.getTime() + validityDays * DAY_MS),
  };
}

async function finish(cert: Certificate, keys: CryptoKeyPair, algorithm: KeyAlgorithm): Promise<IssuedCredential> {
  return { cert, keys, algorithm, certPem: certificatePem(cert), keyPem: await exportPrivateKeyPem(keys.privateKey) };
}

/** Creates a self-signed root CA (kubeadm NewSelfSignedCACert: CA:TRUE, keyCertSign, SKI, no AKI). */
export async function createCa(
  profile: CertProfile,
  algorithm: KeyAlgorithm,
  now = new Date(),
  given?: CryptoKeyPair,
): Promise<IssuedCredential> {
  const keys = given ?? (await generateKeyPair(algorithm));
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerialHex(),
    subject: jsonName(profile.subject),
    issuer: jsonName(profile.subject),
    ...validityWindow(profile.validityDays, now),
    signingAlgorithm: signingAlgorithm(algorithm),
    publicKey: keys.publicKey,
    signingKey: keys.privateKey,
    extensions: await extensionsFor({ ...profile, isCa: true }, keys.publicKey, null),
  });
  return finish(cert, keys, algorithm);
}

/** A certificate signed by `issuer`, its AKI naming the issuer's key: a leaf, or an intermediate CA. */
async function signedBy(
  profile: CertProfile,
  algorithm: KeyAlgorithm,
  issuer: IssuedCredential,
  now: Date,
  given?: CryptoKeyPair,
): Promise<IssuedCredential> {
  const keys = given ?? (await generateKeyPair(algorithm));
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerialHex(),
    subject: jsonName(profile.subject),
    issuer: issuer.cert.subjectName,
    ...validityWindow(profile.validityDays, now),
    signingAlgorithm: signingAlgorithm(issuer.algorithm),
    publicKey: keys.publicKey,
    signingKey: issuer.keys.privateKey,
    extensions: await extensionsFor(profile, keys.publicKey, issuer.cert),
  });
  return finish(cert, keys, algorithm);
}

/**
 * Issues an intermediate CA signed by `parent`: the root's extensions (critical CA:TRUE with its
 * pathlen, keyCertSign, SKI) plus an AKI naming the parent's key, as a leaf has.
 */
export function issueIntermediateCa(
  profile: CertProfile,
  algorithm: KeyAlgorithm,
  parent: IssuedCredential,
  now = new Date(),
  given?: CryptoKeyPair,
): Promise<IssuedCredential> {
  return signedBy({ ...profile, isCa: true }, algorithm, parent, now, given);
}

/** Issues a leaf signed by `ca` (kubeadm NewSignedCert: CA:FALSE, EKU per role, SANs, AKI = CA's SKI). */
export function issueLeaf(
  profile: CertProfile,
  algorithm: KeyAlgorithm,
  ca: IssuedCredential,
  now = new Date(),
  given?: CryptoKeyPair,
): Promise<IssuedCredential> {
  return signedBy({ ...profile, isCa: false }, algorithm, ca, now, given);
}

/** The key algorithm of a certificate's public key, when it is one this tool issues with. */
export async function keyAlgorithmOf(cert: Certificate): Promise<KeyAlgorithm> {
  const algorithm = (await cert.publicKey.export()).algorithm as RsaHashedKeyAlgorithm | EcKeyAlgorithm;
  const known = keyAlgorithmOfParams(algorithm);
  if (known) return known;
  throw new Error(
    `a CA key of ${algorithm.name}${'namedCurve' in algorithm ? ` ${algorithm.namedCurve}` : ''}, which kubeadm does not use`,
  );
}

/** An existing CA, from its certificate and private key, to sign new leaves with. */
export async function existingCa(certPem: string, privateKey: CryptoKey, keyPem: string): Promise<IssuedCredential> {
  const cert = new x509.X509Certificate(certPem);
  const publicKey = await cert.publicKey.export();
  return {
    cert,
    keys: { privateKey, publicKey },
    algorithm: await keyAlgorithmOf(cert),
    certPem: certPem as PemString,
    keyPem: keyPem as PemString,
  };
}
