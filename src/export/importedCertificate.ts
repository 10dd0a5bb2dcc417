import { keyAlgorithmOfParams, type KeyAlgorithm } from '../pki/keyAlgorithm';
import { DAY_MS, type NameAttribute } from '../pki/profile';
import { x509 } from '../pki/x509';
import { DESIGN_LIMITS } from '../topology/designRules';
import { checkDnsSan, checkIpSan, checkSubjectAttribute, checkValidityDays } from '../topology/fieldRules';
import { shown } from './reportText';

/**
 * What an import takes from one certificate, read at once: @peculiar/x509 decodes some
 * extensions only when asked, and a malformed one must fail here, where the file is rejected,
 * not later in the middle of building the design.
 */
export interface CertificateFacts {
  /** The attributes a design holds (C, ST, L, O, OU, CN), in order. */
  readonly subject: readonly NameAttribute[];
  /** The whole subject as openssl prints it, for the report. */
  readonly subjectText: string;
  readonly cn: string;
  readonly dns: readonly string[];
  readonly ips: readonly string[];
  readonly serverAuth: boolean;
  readonly clientAuth: boolean;
  readonly isCa: boolean;
  /** NotBefore to NotAfter in whole days, at least 1. */
  readonly lifetimeDays: number;
  /** The key algorithm, when it is one this tool issues with. */
  readonly keyAlgorithm: KeyAlgorithm | null;
  readonly publicKey: InstanceType<typeof x509.PublicKey>;
}

const DESIGN_ATTRIBUTES = new Set<string>(['C', 'ST', 'L', 'O', 'OU', 'CN']);

/** The inspector's label of each subject attribute, to name the field a value breaks. */
const ATTRIBUTE_LABELS: Record<NameAttribute['type'], string> = {
  C: 'Country (C)',
  ST: 'State (ST)',
  L: 'Locality (L)',
  O: 'Organization (O)',
  OU: 'Organizational unit (OU)',
  CN: 'Common name (CN)',
};

/** Decodes a certificate PEM and everything the import uses from it; throws when any part does not decode. */
export function readCertificate(pem: string): CertificateFacts {
  const cert = new x509.X509Certificate(pem);
  const subject = cert.subjectName
    .toJSON()
    .flatMap((rdn) =>
      Object.entries(rdn).flatMap(([type, values]) =>
        DESIGN_ATTRIBUTES.has(type) ? values.map((value) => ({ type: type as NameAttribute['type'], value })) : [],
      ),
    );
  const names = cert.getExtension(x509.SubjectAlternativeNameExtension)?.names.toJSON() ?? [];
  const eku = (cert.getExtension(x509.ExtendedKeyUsageExtension)?.usages ?? []).map(String);
  const days = Math.round((cert.notAfter.getTime() - cert.notBefore.getTime()) / DAY_MS);
  return {
    subject,
    subjectText: cert.subject,
    cn: subject.find((a) => a.type === 'CN')?.value ?? '',
    dns: names.filter((n) => n.type === 'dns').map((n) => n.value),
    ips: names.filter((n) => n.type === 'ip').map((n) => n.value),
    serverAuth: eku.includes(x509.ExtendedKeyUsage.serverAuth),
    clientAuth: eku.includes(x509.ExtendedKeyUsage.clientAuth),
    isCa: cert.getExtension(x509.BasicConstraintsExtension)?.ca ?? false,
    // NaN (a date that does not decode) stays NaN, for the validity rule to refuse.
    lifetimeDays: Number.isNaN(days) ? days : Math.max(1, days),
    keyAlgorithm: keyAlgorithmOfParams(cert.publicKey.algorithm as { modulusLength?: number; namedCurve?: string }),
    publicKey: cert.publicKey,
  };
}

const refusal = (field: string, value: string, error: string) =>
  `a certificate the design cannot hold: its ${field} "${shown(value, 80)}" is refused (${error})`;

/**
 * Why the design cannot hold what a certificate says, or null: each value it would put into
 * the design against the inspector's own field rules, so an import holds nothing an edit could not.
 */
export function certificateProblem(facts: CertificateFacts): string | null {
  const { subject, dns, ips } = facts;
  if (subject.length > DESIGN_LIMITS.subjectAttributes) {
    return `a certificate the design cannot hold: its subject has ${subject.length} attributes (at most ${DESIGN_LIMITS.subjectAttributes}).`;
  }
  if (!subject.some((a) => a.type === 'CN'))
    return 'a certificate the design cannot hold: its subject has no common name (CN), which Kubernetes reads the user name from.';
  for (const a of subject) {
    const error = checkSubjectAttribute(a.type, a.value);
    if (error) return refusal(ATTRIBUTE_LABELS[a.type], a.value, error);
  }
  if (dns.length + ips.length > DESIGN_LIMITS.sansPerCertificate) {
    return `a certificate the design cannot hold: it has ${dns.length + ips.length} SANs (at most ${DESIGN_LIMITS.sansPerCertificate}).`;
  }
  for (const name of dns) {
    const error = checkDnsSan(name);
    if (error) return refusal('DNS SAN', name, error);
  }
  for (const ip of ips) {
    const error = checkIpSan(ip);
    if (error) return refusal('IP SAN', ip, error);
  }
  const validity = checkValidityDays(facts.lifetimeDays);
  if (validity) return refusal('validity', `${facts.lifetimeDays} days`, validity);
  return null;
}
