import { x509 } from '../pki/x509';
import type { FoundCert } from './importedFiles';

/** A certificate's issuer among the certificates found (itself for a self-signed root), or null. */
export type IssuerOf = (cert: FoundCert) => Promise<FoundCert | null>;

interface Parsed {
  readonly cert: InstanceType<typeof x509.X509Certificate>;
  readonly ski: string | null;
  readonly aki: string | null;
}

function parse(found: FoundCert): Parsed {
  const cert = new x509.X509Certificate(found.pem);
  return {
    cert,
    ski: cert.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId ?? null,
    aki: cert.getExtension(x509.AuthorityKeyIdentifierExtension)?.keyId ?? null,
  };
}

/**
 * Who signed whom, by what the certificates say: a candidate issuer is a CA whose subject is the
 * certificate's issuer name and, when both carry them, whose SKI is its AKI; it is the issuer only
 * when its key verifies the signature. File names play no part. Asked one certificate at a time,
 * and remembered: an import of hundreds of certificates asks about a few.
 */
export function issuerResolver(certs: readonly FoundCert[]): IssuerOf {
  const parsed = new Map<FoundCert, Parsed>();
  const parsedOf = (c: FoundCert) => parsed.get(c) ?? parsed.set(c, parse(c)).get(c)!;
  const known = new Map<FoundCert, FoundCert | null>();
  const cas = certs.filter((c) => c.facts.isCa);
  return async (found) => {
    if (known.has(found)) return known.get(found)!;
    const me = parsedOf(found);
    let issuer: FoundCert | null = null;
    for (const ca of cas) {
      const them = parsedOf(ca);
      if (them.cert.subject !== me.cert.issuer) continue;
      if (me.aki && them.ski && me.aki !== them.ski) continue;
      if (await me.cert.verify({ publicKey: them.cert.publicKey, signatureOnly: true })) {
        issuer = ca;
        break;
      }
    }
    known.set(found, issuer);
    return issuer;
  };
}
