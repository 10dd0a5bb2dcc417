import { generateKeyPair, webCryptoAlgorithm, type KeyAlgorithm } from './keyAlgorithm';

/** Where generation gets each key pair: made on the spot, or taken from keys made earlier or elsewhere. */
export interface KeySource {
  next(algorithm: KeyAlgorithm): Promise<CryptoKeyPair>;
  /** `count` keys already made, as bytes, to hand to another thread; none unless it holds that many. */
  takeReady?(algorithm: KeyAlgorithm, count: number): KeyBytes[];
}

/** Every key made when it is needed. */
export const FRESH_KEYS: KeySource = { next: generateKeyPair };

/** A key pair as bytes (PKCS#8 and SPKI): how keys travel between renderers, workers and the pool. */
export interface KeyBytes {
  readonly algorithm: KeyAlgorithm;
  readonly pkcs8: ArrayBuffer;
  readonly spki: ArrayBuffer;
}

/** A key pair made here, as bytes. */
export async function makeKeyBytes(algorithm: KeyAlgorithm): Promise<KeyBytes> {
  const pair = await generateKeyPair(algorithm);
  const [pkcs8, spki] = await Promise.all([
    globalThis.crypto.subtle.exportKey('pkcs8', pair.privateKey),
    globalThis.crypto.subtle.exportKey('spki', pair.publicKey),
  ]);
  return { algorithm, pkcs8, spki };
}

/** Key bytes as a WebCrypto key pair that signs (extractable, so the private key can go into the bundle). */
export async function importKeyBytes(key: KeyBytes): Promise<CryptoKeyPair> {
  const params = webCryptoAlgorithm(key.algorithm);
  const [privateKey, publicKey] = await Promise.all([
    globalThis.crypto.subtle.importKey('pkcs8', key.pkcs8, params, true, ['sign']),
    globalThis.crypto.subtle.importKey('spki', key.spki, params, true, ['verify']),
  ]);
  return { privateKey, publicKey };
}
