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
