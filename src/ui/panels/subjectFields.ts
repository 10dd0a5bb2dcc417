import type { NameAttribute } from '../../pki/profile';

export function commonNameOf(subject: readonly NameAttribute[]): string {
  return subject.find((a) => a.type === 'CN')?.value ?? '';
}

export function organizationsOf(subject: readonly NameAttribute[]): string[] {
  return subject.filter((a) => a.type === 'O').map((a) => a.value);
}

/** The subject with its CN replaced, other attributes kept in place. */
export function withCommonName(subject: readonly NameAttribute[], cn: string): NameAttribute[] {
  return subject.map((a) => (a.type === 'CN' ? { ...a, value: cn } : a));
}

/** The subject with its O values replaced, kept before the CN as Go orders them. */
export function withOrganizations(subject: readonly NameAttribute[], organizations: readonly string[]): NameAttribute[] {
  const rest = subject.filter((a) => a.type !== 'O');
  const cnAt = rest.findIndex((a) => a.type === 'CN');
  const at = cnAt < 0 ? rest.length : cnAt;
  return [...rest.slice(0, at), ...organizations.map((value) => ({ type: 'O' as const, value })), ...rest.slice(at)];
}
