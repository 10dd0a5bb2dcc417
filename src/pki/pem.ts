import { AsnConvert } from '@peculiar/asn1-schema';
import { PrivateKeyInfo } from '@peculiar/asn1-pkcs8';
import { ECParameters, ECPrivateKey, id_secp256r1, id_secp384r1 } from '@peculiar/asn1-ecc';
import { x509 } from './x509';

declare const pemBrand: unique symbol;
/** Text holding one or more PEM blocks. */
export type PemString = string & { readonly [pemBrand]: true };

function toPem(der: BufferSource, tag: string): PemString {
  // PemConverter folds at 64 columns as RFC 7468 requires; we end files with a newline.
  return `${x509.PemConverter.encode(der, tag).replace(/\r\n/g, '\n')}\n` as PemString;
}

/**
 * The private key in the PEM form kubeadm writes (client-go keyutil.MarshalPrivateKeyToPEM):
 * RSA as PKCS#1 `RSA PRIVATE KEY`, ECDSA as SEC1 `EC PRIVATE KEY` carrying its named curve.
 */
export async function exportPrivateKeyPem(key: CryptoKey): Promise<PemString> {
  const pkcs8 = await globalThis.crypto.subtle.exportKey('pkcs8', key);
  const info = AsnConvert.parse(pkcs8, PrivateKeyInfo);
  const inner = info.privateKey.buffer;
  if (key.algorithm.name === 'ECDSA') {
    // Inside PKCS#8 the curve lives in the outer AlgorithmIdentifier; a standalone SEC1 key
    // must name it itself, or Go and OpenSSL refuse it.
    const ec = AsnConvert.parse(inner, ECPrivateKey);
    const curve = (key.algorithm as EcKeyAlgorithm).namedCurve === 'P-384' ? id_secp384r1 : id_secp256r1;
    ec.parameters = new ECParameters({ namedCurve: curve });
    return toPem(AsnConvert.serialize(ec), 'EC PRIVATE KEY');
  }
  // For rsaEncryption the PKCS#8 payload is exactly the PKCS#1 RSAPrivateKey.
  return toPem(inner, 'RSA PRIVATE KEY');
}

/** The public key as PKIX `PUBLIC KEY` PEM, as kubeadm writes `sa.pub`. */
export async function exportPublicKeyPem(key: CryptoKey): Promise<PemString> {
  return toPem(await globalThis.crypto.subtle.exportKey('spki', key), 'PUBLIC KEY');
}

/** A certificate as a single `CERTIFICATE` PEM block. */
export function certificatePem(cert: InstanceType<typeof x509.X509Certificate>): PemString {
  return toPem(cert.rawData, 'CERTIFICATE');
}
