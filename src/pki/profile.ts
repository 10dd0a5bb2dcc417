/** One day in milliseconds: validity is counted in days, as kubeadm's periods are. */
export const DAY_MS = 24 * 60 * 60 * 1000;

/** One relative distinguished name attribute, in the order it appears in the subject. */
export interface NameAttribute {
  readonly type: 'C' | 'ST' | 'L' | 'O' | 'OU' | 'CN';
  readonly value: string;
}

/** Everything that decides the contents of one certificate, apart from its keys and issuer. */
export interface CertProfile {
  /** Subject attributes; Go (kubeadm) orders them C, ST, L, O, OU, CN. */
  readonly subject: readonly NameAttribute[];
  readonly isCa: boolean;
  readonly serverAuth: boolean;
  readonly clientAuth: boolean;
  readonly dnsNames: readonly string[];
  readonly ipAddresses: readonly string[];
  readonly validityDays: number;
  /** A CA's basicConstraints pathlen; absent for none (kubeadm sets none). */
  readonly pathLength?: number;
}

/** Subject in Go's pkix.Name order, from a CN and optional organizations and locality. */
export function subjectOf(
  cn: string,
  organizations: readonly string[] = [],
  locality: { C?: string; ST?: string; L?: string } = {},
): NameAttribute[] {
  const attrs: NameAttribute[] = [];
  if (locality.C) attrs.push({ type: 'C', value: locality.C });
  if (locality.ST) attrs.push({ type: 'ST', value: locality.ST });
  if (locality.L) attrs.push({ type: 'L', value: locality.L });
  for (const o of organizations) attrs.push({ type: 'O', value: o });
  attrs.push({ type: 'CN', value: cn });
  return attrs;
}

/** The subject's CN: the user name Kubernetes reads. */
export function commonNameOf(subject: readonly NameAttribute[]): string {
  return subject.find((a) => a.type === 'CN')?.value ?? '';
}

/** The subject's O values: the groups Kubernetes reads. */
export function organizationsOf(subject: readonly NameAttribute[]): string[] {
  return subject.filter((a) => a.type === 'O').map((a) => a.value);
}

/** The subject with its CN replaced, other attributes kept in place. */
export function withCommonName(subject: readonly NameAttribute[], cn: string): NameAttribute[] {
  return subject.map((a) => (a.type === 'CN' ? { ...a, value: cn } : a));
}

/** The subject with its O values replaced, kept before the CN as Go orders them. */
export function withOrganizations(
  subject: readonly NameAttribute[],
  organizations: readonly string[],
): NameAttribute[] {
  const rest = subject.filter((a) => a.type !== 'O');
  const cnAt = rest.findIndex((a) => a.type === 'CN');
  const at = cnAt < 0 ? rest.length : cnAt;
  return [...rest.slice(0, at), ...organizations.map((value) => ({ type: 'O' as const, value })), ...rest.slice(at)];
}
