/** Key algorithms kubeadm accepts (`ClusterConfiguration.encryptionAlgorithm`). */
export const KEY_ALGORITHMS = ['RSA-2048', 'RSA-3072', 'RSA-4096', 'ECDSA-P256'] as const;
export type KeyAlgorithm = (typeof KEY_ALGORITHMS)[number];

export function isKeyAlgorithm(value: unknown): value is KeyAlgorithm {
  return typeof value === 'string' && (KEY_ALGORITHMS as readonly string[]).includes(value);
}

const RSA_PUBLIC_EXPONENT = new Uint8Array([1, 0, 1]);

/** WebCrypto parameters for generating, importing and signing with a key of this algorithm. */
export function webCryptoAlgorithm(algorithm: KeyAlgorithm): RsaHashedKeyGenParams | EcKeyGenParams {
  if (algorithm === 'ECDSA-P256') return { name: 'ECDSA', namedCurve: 'P-256' };
  const modulusLength = Number(algorithm.slice('RSA-'.length));
  return { name: 'RSASSA-PKCS1-v1_5', modulusLength, publicExponent: RSA_PUBLIC_EXPONENT, hash: 'SHA-256' };
}

/** Signature algorithm a CA of this key type signs with: SHA-256, as Go's x509 defaults to. */
export function signingAlgorithm(algorithm: KeyAlgorithm): Algorithm | EcdsaParams {
  return algorithm === 'ECDSA-P256' ? { name: 'ECDSA', hash: 'SHA-256' } : { name: 'RSASSA-PKCS1-v1_5' };
}

/** A fresh, extractable key pair (extractable so the private key can go into the bundle). */
export async function generateKeyPair(algorithm: KeyAlgorithm): Promise<CryptoKeyPair> {
  return globalThis.crypto.subtle.generateKey(webCryptoAlgorithm(algorithm), true, ['sign', 'verify']);
}
