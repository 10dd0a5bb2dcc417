import { describeCertificate, isSignedBy } from '../pki/inspect';
import type { ActualCertificate } from '../topology/checks/actualCertificates';
import type { NameAttribute } from '../pki/profile';
import type { Topology } from '../topology/model';

const NAME_TYPES = new Set(['C', 'ST', 'L', 'O', 'OU', 'CN']);

/** "O=a, CN=b" as @peculiar/x509 prints a name, back to attributes (values here hold no ", "). */
function parseName(text: string): NameAttribute[] {
  return text
    .split(/,\s*(?=[A-Z]+=)/)
    .map((part) => {
      const at = part.indexOf('=');
      return { type: part.slice(0, at) as NameAttribute['type'], value: part.slice(at + 1) };
    })
    .filter((a) => NAME_TYPES.has(a.type));
}

/** Reads generated (or imported) certificates back: what each says, and which CA's key signed it. */
export async function readActualCertificates(
  topology: Topology,
  pems: Readonly<Record<string, string>>,
): Promise<Map<string, ActualCertificate>> {
  const caPems = topology.cas
    .map((ca) => [ca.id, pems[ca.id]] as const)
    .filter((e): e is readonly [(typeof e)[0], string] => !!e[1]);
  const actual = new Map<string, ActualCertificate>();
  for (const credential of topology.credentials) {
    const pem = pems[credential.id];
    if (!pem) continue;
    const facts = await describeCertificate(pem);
    let signedBy: string | null = null;
    for (const [caId, caPem] of caPems) {
      if (await isSignedBy(pem, caPem)) {
        signedBy = caId;
        break;
      }
    }
    actual.set(credential.id, {
      dnsNames: facts.dnsNames,
      ipAddresses: facts.ipAddresses,
      subject: parseName(facts.subject),
      serverAuth: facts.extendedKeyUsage.includes('serverAuth'),
      clientAuth: facts.extendedKeyUsage.includes('clientAuth'),
      notBefore: facts.notBefore,
      notAfter: facts.notAfter,
      signedBy,
    });
  }
  return actual;
}
