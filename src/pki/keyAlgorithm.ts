/** Key algorithms kubeadm accepts (`ClusterConfiguration.encryptionAlgorithm`; ECDSA-P384 from v1.34). */
export const KEY_ALGORITHMS = ['RSA-2048', 'RSA-3072', 'RSA-4096', 'ECDSA-P256', 'ECDSA-P384'] as const;
export type KeyAlgorithm = (typeof KEY_ALGORITHMS)[number];

export function isKeyAlgorithm(value: unknown): value is KeyAlgorithm {
  return typeof value === 'string' && (KEY_ALGORITHMS as readonly string[]).includes(value);
}

const RSA_PUBLIC_EXPONENT = new Uint8Array([1, 0, 1]);

/** WebCrypto parameters for generating, importing and signing with a key of this algorithm. */
export function webCryptoAlgorithm(algorithm: KeyAlgorithm): RsaHashedKeyGenParams | EcKeyGenParams {
  if (isEcdsa(algorithm)) return { name: 'ECDSA', namedCurve: algorithm === 'ECDSA-P384' ? 'P-384' : 'P-256' };
  const modulusLength = Number(algorithm.slice('RSA-'.length));
  return { name: 'RSASSA-PKCS1-v1_5', modulusLength, publicExponent: RSA_PUBLIC_EXPONENT, hash: 'SHA-256' };
}

/** The key algorithm of a key's parameters (WebCrypto's, or a certificate's), when it is one this tool issues with. */
export function keyAlgorithmOfParams(algorithm: {
  readonly modulusLength?: number;
  readonly namedCurve?: string;
}): KeyAlgorithm | null {
  if (algorithm.namedCurve === 'P-256') return 'ECDSA-P256';
  if (algorithm.namedCurve === 'P-384') return 'ECDSA-P384';
  const size = algorithm.modulusLength;
  return size === 2048 || size === 3072 || size === 4096 ? `RSA-${size}` : null;
}

/** An elliptic-curve algorithm: its keys take microseconds to make, unlike RSA's. */
export function isEcdsa(algorithm: KeyAlgorithm): algorithm is 'ECDSA-P256' | 'ECDSA-P384' {
  return algorithm.startsWith('ECDSA-');
}

/** The hash a CA of this key type signs with, as Go's x509 picks it: SHA-384 for P-384, else SHA-256. */
export function signatureHash(algorithm: KeyAlgorithm): 'SHA-256' | 'SHA-384' {
  return algorithm === 'ECDSA-P384' ? 'SHA-384' : 'SHA-256';
}

/** Signature algorithm a CA of this key type signs with (Go's x509 signingParamsForPublicKey). */
export function signingAlgorithm(algorithm: KeyAlgorithm): Algorithm | EcdsaParams {
  return isEcdsa(algorithm) ? { name: 'ECDSA', hash: signatureHash(algorithm) } : { name: 'RSASSA-PKCS1-v1_5' };
}

/** A fresh, extractable key pair (extractable so the private key can go into the bundle). */
export async function generateKeyPair(algorithm: KeyAlgorithm): Promise<CryptoKeyPair> {
  return globalThis.crypto.subtle.generateKey(webCryptoAlgorithm(algorithm), true, ['sign', 'verify']);
}
