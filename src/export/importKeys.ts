import { AsnConvert } from '@peculiar/asn1-schema';
import { PrivateKeyInfo, PrivateKey } from '@peculiar/asn1-pkcs8';
import { rsaEncryption } from '@peculiar/asn1-rsa';
import { ECParameters, ECPrivateKey, id_ecPublicKey, id_secp256r1, id_secp384r1 } from '@peculiar/asn1-ecc';
import { AlgorithmIdentifier } from '@peculiar/asn1-x509';
import { x509 } from '../pki/x509';

// Keys: each private key's public half, compared with certificates' public keys.

const CURVES: Record<string, string> = { [id_secp256r1]: 'P-256', [id_secp384r1]: 'P-384' };

/** The PKCS#8 form WebCrypto imports, from PKCS#1 RSA, SEC1 EC or PKCS#8 PEM (`label` is the PEM block's type). */
function pkcs8Of(
  pem: string,
  label: string,
): { der: ArrayBuffer; algorithm: RsaHashedImportParams | EcKeyImportParams } {
  const der = x509.PemConverter.decodeFirst(pem);
  if (label === 'RSA PRIVATE KEY') {
    const info = new PrivateKeyInfo({ privateKeyAlgorithm: rsaEncryption, privateKey: new PrivateKey(der) });
    return { der: AsnConvert.serialize(info), algorithm: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } };
  }
  if (label === 'EC PRIVATE KEY') {
    const ec = AsnConvert.parse(der, ECPrivateKey);
    const curve = ec.parameters?.namedCurve;
    if (!curve || !CURVES[curve]) throw new Error('an EC key on a curve other than P-256 or P-384');
    const info = new PrivateKeyInfo({
      privateKeyAlgorithm: new AlgorithmIdentifier({
        algorithm: id_ecPublicKey,
        parameters: AsnConvert.serialize(new ECParameters({ namedCurve: curve })),
      }),
      privateKey: new PrivateKey(der),
    });
    return { der: AsnConvert.serialize(info), algorithm: { name: 'ECDSA', namedCurve: CURVES[curve] } };
  }
  const info = AsnConvert.parse(der, PrivateKeyInfo);
  const oid = info.privateKeyAlgorithm.algorithm;
  if (oid === rsaEncryption.algorithm) return { der, algorithm: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } };
  if (oid === id_ecPublicKey && info.privateKeyAlgorithm.parameters) {
    const curve = AsnConvert.parse(info.privateKeyAlgorithm.parameters, ECParameters).namedCurve;
    if (curve && CURVES[curve]) return { der, algorithm: { name: 'ECDSA', namedCurve: CURVES[curve] } };
  }
  throw new Error(`a key of algorithm ${oid}, which is neither RSA nor ECDSA P-256/P-384`);
}

/** The public key's identity: "RSA n e" or "EC crv x y". */
function jwkIdentity(jwk: JsonWebKey): string {
  return jwk.kty === 'RSA' ? `RSA ${jwk.n} ${jwk.e}` : `EC ${jwk.crv} ${jwk.x} ${jwk.y}`;
}

/** A private key PEM (PKCS#1, SEC1 or PKCS#8) as a WebCrypto signing key. */
export async function importPrivateKeyPem(pem: string): Promise<CryptoKey> {
  const label = /-----BEGIN ([A-Z ]+)-----/.exec(pem)?.[1] ?? 'PRIVATE KEY';
  const { der, algorithm } = pkcs8Of(pem, label);
  return globalThis.crypto.subtle.importKey('pkcs8', der, algorithm, true, ['sign']);
}

/** The identity of a private key's public half; throws when the key does not decode. */
export async function privateKeyIdentity(pem: string, label: string): Promise<string> {
  const { der, algorithm } = pkcs8Of(pem, label);
  const imported = await globalThis.crypto.subtle.importKey('pkcs8', der, algorithm, true, ['sign']);
  return jwkIdentity(await globalThis.crypto.subtle.exportKey('jwk', imported));
}

/** The identity of a public key, or null when WebCrypto cannot import it. */
export async function publicKeyIdentity(publicKey: InstanceType<typeof x509.PublicKey>): Promise<string | null> {
  try {
    const algorithm = publicKey.algorithm as Algorithm & { namedCurve?: string };
    const params: RsaHashedImportParams | EcKeyImportParams =
      algorithm.name === 'ECDSA' || algorithm.name === 'ECDH'
        ? { name: 'ECDSA', namedCurve: algorithm.namedCurve ?? 'P-256' }
        : { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
    const imported = await globalThis.crypto.subtle.importKey('spki', publicKey.rawData, params, true, ['verify']);
    return jwkIdentity(await globalThis.crypto.subtle.exportKey('jwk', imported));
  } catch {
    return null;
  }
}

/** What the keys of an import matched: each key's element, CA keys to re-sign with, whole bare pairs. */
export interface KeyMatches {
  readonly keys: Array<{ path: string; matches: string | null }>;
  readonly caKeys: Record<string, string>;
  /** Each leaf's key, by credential id: a renewal may keep it. */
  readonly leafKeys: Record<string, string>;
  readonly keyPairs: Record<string, { privatePem: string; publicPem: string }>;
}

/**
 * Matches every private key found to the public key it belongs with: `publics` maps a public
 * key's identity to what it stands for (an element id, or a certificate with no role). A CA's
 * key is kept for re-signing; a bare pair is kept whole, as its files were, when its public
 * file was read (`pairPublics`: element id -> the public file's text).
 */
export async function matchKeys(
  found: ReadonlyArray<{ path: string; pem: string; label: string; file: string | null }>,
  publics: ReadonlyMap<string, string>,
  caIds: ReadonlySet<string>,
  pairPublics: ReadonlyMap<string, string>,
  rejected: Array<{ path: string; reason: string }>,
): Promise<KeyMatches> {
  const out: KeyMatches = { keys: [], caKeys: {}, leafKeys: {}, keyPairs: {} };
  for (const k of found) {
    let identity: string;
    try {
      identity = await privateKeyIdentity(k.pem, k.label);
    } catch (error) {
      rejected.push({
        path: k.path,
        reason: `a private key that does not decode (${error instanceof Error ? error.message : String(error)}).`,
      });
      continue;
    }
    const matched = publics.get(identity) ?? null;
    out.keys.push({ path: k.path, matches: matched });
    // As the file held it (or the block, ended as a file would be): written back, it is the same bytes.
    const asFile = k.file ?? `${k.pem}\n`;
    if (matched && caIds.has(matched)) out.caKeys[matched] = asFile;
    else if (matched?.startsWith('cred:')) out.leafKeys[matched] = asFile;
    const pub = matched ? pairPublics.get(matched) : undefined;
    if (matched && pub !== undefined) out.keyPairs[matched] = { privatePem: k.file ?? `${k.pem}\n`, publicPem: pub };
  }
  return out;
}

/** The public half of a WebCrypto private key (extractable), as a key that verifies. */
export async function publicKeyOfPrivate(privateKey: CryptoKey): Promise<CryptoKey> {
  const jwk = await globalThis.crypto.subtle.exportKey('jwk', privateKey);
  // The private members go; what is left is the public key.
  const publicJwk: JsonWebKey = { ...jwk, key_ops: ['verify'] };
  for (const secret of ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth'] as const) delete publicJwk[secret];
  return globalThis.crypto.subtle.importKey(
    'jwk',
    publicJwk,
    privateKey.algorithm as RsaHashedImportParams | EcKeyImportParams,
    true,
    ['verify'],
  );
}
