import type { Finding } from '../topology/checks/finding';

/** A finding as JSON: its fix named, not the edit function that makes it. */
export function findingJson({ fix, ...finding }: Finding): Omit<Finding, 'fix'> & { readonly fix: string | null } {
  return { ...finding, fix: fix?.label ?? null };
}

/** A finding in words, as the Problems panel shows it. */
export function findingText(f: Finding, indent = ''): string {
  return `${indent}${f.severity === 'error' ? 'FAIL' : 'WARN'}  ${f.subject}: "${f.quote}"\n${indent}      ${f.explanation}${f.fix ? `\n${indent}      Fix: ${f.fix.label}` : ''}`;
}
