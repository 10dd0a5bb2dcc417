import { isDnsName, isIpAddress } from './network';

/** A field's verdict: null when the value is acceptable, otherwise why not, in one sentence. */
export type FieldError = string | null;

export function checkDnsSan(value: string): FieldError {
  // All-digit labels are valid DNS, so an IPv4 address would pass as a name: check it first.
  if (isIpAddress(value)) return `${value} is an IP address: add it under IP SANs.`;
  if (isDnsName(value)) return null;
  return `"${value}" is not a valid DNS name: use lower-case letters, digits, hyphens and dots (RFC 1123).`;
}

export function checkIpSan(value: string): FieldError {
  if (isIpAddress(value)) return null;
  if (isDnsName(value)) return `${value} is a DNS name: add it under DNS SANs.`;
  return `"${value}" is not a valid IPv4 or IPv6 address.`;
}

export function checkCommonName(value: string): FieldError {
  if (value.trim().length === 0) return 'The common name (CN) cannot be empty: Kubernetes reads the user name from it.';
  if (value.length > 64) return 'A common name is at most 64 characters (RFC 5280 ub-common-name).';
  return null;
}

export function checkOrganization(value: string): FieldError {
  if (value.trim().length === 0) return 'An organization (group) cannot be empty.';
  return value.length > 64 ? 'An organization is at most 64 characters.' : null;
}

export function checkValidityDays(value: number): FieldError {
  if (!Number.isInteger(value) || value < 1) return 'Validity is a whole number of days, at least 1.';
  return value > 36500 ? 'Validity is at most 36500 days (100 years).' : null;
}

const SAFE_PATH = /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/;

/** A bundle path: relative, no `..`, unique among the bundle's other files. */
export function checkFilePath(value: string, otherPaths: readonly string[]): FieldError {
  if (value.length === 0) return 'A file name cannot be empty.';
  if (!SAFE_PATH.test(value) || value.split('/').some((part) => part === '..' || part === '.')) {
    return `"${value}" is not a safe relative path: use letters, digits, dots, hyphens, underscores and / between folders.`;
  }
  if (otherPaths.includes(value)) return `${value} is already used by another file of the bundle.`;
  return null;
}

/** A node name: an RFC 1123 DNS subdomain, as the kubelet registers it, unique in the cluster. */
export function checkNodeName(value: string, otherNames: readonly string[]): FieldError {
  if (!isDnsName(value) || value.startsWith('*')) return `"${value}" is not a valid node name: lower-case letters, digits, hyphens and dots.`;
  return otherNames.includes(value) ? `Another node is already called ${value}.` : null;
}

export function checkAddress(value: string): FieldError {
  return isDnsName(value) || isIpAddress(value) ? null : `"${value}" is neither a DNS name nor an IP address.`;
}

export function checkPort(value: number): FieldError {
  return Number.isInteger(value) && value >= 1 && value <= 65535 ? null : 'A port is a whole number from 1 to 65535.';
}
