import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { x509 } from '../pki/x509';
import { caChain, casById } from '../topology/caChain';
import type { Topology } from '../topology/model';
import { isPersonal, pkcs12Path } from './bundlePlan';
import type { GeneratedPki } from './generate';
import { importPrivateKeyPem } from './importKeys';

/** PBKDF2 and MAC iterations: what OpenSSL 3's `pkcs12 -export` uses by default. */
const ITERATIONS = 2048;
const KEY_BAG = '1.2.840.113549.1.12.10.1.2';
const CERT_BAG = '1.2.840.113549.1.12.10.1.3';
const LOCAL_KEY_ID = '1.2.840.113549.1.9.21';
const FRIENDLY_NAME = '1.2.840.113549.1.9.20';

/**
 * A PKCS#12 file of a person's client credential, for browsers and OS keychains, as OpenSSL 3
 * writes one: the key in a PKCS#8 shrouded bag and the certificates (the leaf and its CA) in an
 * encrypted bag, both PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC), and an HMAC-SHA256 MAC with
 * the PKCS#12 key derivation. PKI.js builds the structures; WebCrypto encrypts.
 */
export async function pkcs12(
  certPem: string,
  keyPem: string,
  caPems: readonly string[],
  password: string,
  name: string,
): Promise<Uint8Array> {
  const certificate = (pem: string) => pkijs.Certificate.fromBER(new Uint8Array(x509.PemConverter.decodeFirst(pem)));
  const leafDer = x509.PemConverter.decodeFirst(certPem);
  const pkcs8 = await globalThis.crypto.subtle.exportKey('pkcs8', await importPrivateKeyPem(keyPem));
  // The same local key id on the key and its certificate pairs them, as OpenSSL does (SHA-1 of the certificate).
  const keyId = await globalThis.crypto.subtle.digest('SHA-1', leafDer);
  const attributes = () => [
    new pkijs.Attribute({ type: LOCAL_KEY_ID, values: [new asn1js.OctetString({ valueHex: keyId })] }),
    new pkijs.Attribute({ type: FRIENDLY_NAME, values: [new asn1js.BmpString({ value: name })] }),
  ];
  const keyBag = new pkijs.PKCS8ShroudedKeyBag({ parsedValue: pkijs.PrivateKeyInfo.fromBER(new Uint8Array(pkcs8)) });
  const certBags = [certPem, ...caPems].map(
    (pem, i) =>
      new pkijs.SafeBag({
        bagId: CERT_BAG,
        bagValue: new pkijs.CertBag({ parsedValue: certificate(pem) }),
        ...(i === 0 ? { bagAttributes: attributes() } : {}),
      }),
  );
  const pfx = new pkijs.PFX({
    parsedValue: {
      integrityMode: 0,
      authenticatedSafe: new pkijs.AuthenticatedSafe({
        parsedValue: {
          safeContents: [
            {
              privacyMode: 0,
              value: new pkijs.SafeContents({
                safeBags: [new pkijs.SafeBag({ bagId: KEY_BAG, bagValue: keyBag, bagAttributes: attributes() })],
              }),
            },
            { privacyMode: 1, value: new pkijs.SafeContents({ safeBags: certBags }) },
          ],
        },
      }),
    },
  });
  const secret = new TextEncoder().encode(password).buffer;
  const encryption = {
    password: secret,
    contentEncryptionAlgorithm: { name: 'AES-CBC', length: 256 } as never,
    hmacHashAlgorithm: 'SHA-256',
    iterationCount: ITERATIONS,
  };
  await keyBag.makeInternalValues(encryption);
  await pfx.parsedValue!.authenticatedSafe!.makeInternalValues({ safeContents: [{}, encryption] });
  await pfx.makeInternalValues({
    password: secret,
    iterations: ITERATIONS,
    pbkdf2HashAlgorithm: { name: 'SHA-256' },
    hmacHashAlgorithm: 'SHA-256',
  });
  return new Uint8Array(pfx.toSchema().toBER(false));
}

/** The PKCS#12 file of each person's client credential of a generated design, by its design path. */
export async function pkcs12Files(
  topology: Topology,
  pki: GeneratedPki,
  password: string,
): Promise<Map<string, Uint8Array>> {
  const files = new Map<string, Uint8Array>();
  const caById = casById(topology.cas);
  for (const credential of topology.credentials.filter((c) => isPersonal(topology, c))) {
    const issued = pki.credentials.get(credential.id);
    // Its whole chain, intermediates and root, as a keychain wants it.
    const chain = caChain(credential.caId, caById).map((ca) => pki.cas.get(ca.id)?.certPem);
    if (!issued || chain.length === 0 || chain.some((pem) => !pem))
      throw new Error(`${credential.label} was not generated`);
    const name = credential.subject.find((a) => a.type === 'CN')?.value ?? credential.label;
    files.set(pkcs12Path(credential), await pkcs12(issued.certPem, issued.keyPem, chain as string[], password, name));
  }
  return files;
}
