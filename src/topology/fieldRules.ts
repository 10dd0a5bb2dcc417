import { endpointHost, firstServiceIp, ipv4ToNumber, isDnsName, isIpAddress, isIpv4 } from './network';
import { quoted, UNSAFE_CHARACTER } from './visibleText';

/** A field's verdict: null when the value is acceptable, otherwise why not, in one sentence. */
export type FieldError = string | null;

export { quoted, UNSAFE_CHARACTER, visible } from './visibleText';

/** Half of a UTF-16 surrogate pair with no other half: no UTF-8 encoder (a certificate's, a file's) takes it. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The longest value each kind of text may be: what the inspector accepts, every way in accepts. */
export const TEXT_LIMITS = { name: 100, label: 253, purpose: 500, usedBy: 300, kubeconfigName: 253 } as const;

/** Free text (a component's name, a label): printable, at most `max` characters, and not empty if `required`. */
export function checkText(what: string, value: string, max: number, required = true): FieldError {
  if (required && value.trim().length === 0) return `${what} cannot be empty.`;
  if (value.length > max) return `${what} is at most ${max} characters (this one has ${value.length}).`;
  const bad = UNSAFE_CHARACTER.exec(value);
  if (bad)
    return `${what} cannot hold the control character U+${bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}.`;
  const lone = LONE_SURROGATE.exec(value);
  if (lone)
    return `${what} cannot hold U+${lone[0].charCodeAt(0).toString(16).toUpperCase()}, half of a character: it is not text a certificate or a file can carry.`;
  return null;
}

/** A component's or CA's name, as drawn on the canvas. */
export function checkDisplayName(value: string): FieldError {
  return checkText('A name', value, TEXT_LIMITS.name);
}

/**
 * A name whose last label is all digits: no top-level domain is numeric (RFC 3696 section 2), so
 * it is a mistyped address (256.1.1.1, 010.0.0.1, 127.1). Taken as a DNS name it would pass here
 * and fail at the handshake, where Go reads the dialled address as an IP.
 */
function numericName(value: string): FieldError {
  return /(^|\.)\d+$/.test(value)
    ? `${quoted(value)} is not a valid IP address (four numbers 0-255, no leading zeros), and a DNS name never ends in a number.`
    : null;
}

export function checkDnsSan(value: string): FieldError {
  // All-digit labels are valid DNS, so an IPv4 address would pass as a name: check it first.
  if (isIpAddress(value)) return `${value} is an IP address: add it under IP SANs.`;
  if (isDnsName(value)) return numericName(value);
  return `${quoted(value)} is not a valid DNS name: use lower-case letters, digits, hyphens and dots (RFC 1123).`;
}

export function checkIpSan(value: string): FieldError {
  if (isIpAddress(value)) return null;
  // A name ending in a number (10.0.0, 010.0.0.1) is a mistyped address, not a DNS name.
  if (isDnsName(value) && numericName(value) === null) return `${value} is a DNS name: add it under DNS SANs.`;
  return `${quoted(value)} is not a valid IPv4 or IPv6 address.`;
}

/** Any subject value: printable text within its bound, and not starting with # (RFC 4514 reads that as hex-encoded DER, as the certificate library does). */
function checkSubjectValue(what: string, value: string, max: number): FieldError {
  if (value.startsWith('#')) return `${what} cannot start with # (it would be read as hex-encoded data).`;
  return checkText(what, value, max);
}

export function checkCommonName(value: string): FieldError {
  if (value.trim().length === 0) return 'The common name (CN) cannot be empty: Kubernetes reads the user name from it.';
  if (value.length > 64) return 'A common name is at most 64 characters (RFC 5280 ub-common-name).';
  return checkSubjectValue('A common name', value, 64);
}

export function checkOrganization(value: string): FieldError {
  if (value.trim().length === 0) return 'An organization (group) cannot be empty.';
  return value.length > 64
    ? 'An organization is at most 64 characters.'
    : checkSubjectValue('An organization', value, 64);
}

/** Upper bounds of RFC 5280 Appendix A for the other subject attributes. */
const SUBJECT_LIMITS = { C: 2, ST: 128, L: 128, OU: 64 } as const;

/** Any subject attribute: CN and O as above, C two letters (ISO 3166), ST, L and OU within RFC 5280's bounds. */
export function checkSubjectAttribute(type: 'C' | 'ST' | 'L' | 'O' | 'OU' | 'CN', value: string): FieldError {
  if (type === 'CN') return checkCommonName(value);
  if (type === 'O') return checkOrganization(value);
  if (type === 'C') return /^[A-Z]{2}$/.test(value) ? null : `${quoted(value)} is not a two-letter country code (C).`;
  return checkSubjectValue(`The ${type} attribute`, value, SUBJECT_LIMITS[type]);
}

export function checkValidityDays(value: number): FieldError {
  if (!Number.isInteger(value) || value < 1) return 'Validity is a whole number of days, at least 1.';
  return value > 36500 ? 'Validity is at most 36500 days (100 years).' : null;
}

const SAFE_PATH = /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/;

export const MAX_PATH_LENGTH = 200;

/**
 * The longest path a bundle writes: a design's path under the folders a layout adds (a host's
 * folder, nodes/<node>/, each name at most 64 characters), far below PATH_MAX; no part of it is
 * longer than a design's path, so it stays below NAME_MAX too.
 */
export const MAX_BUNDLE_PATH_LENGTH = MAX_PATH_LENGTH + 200;

/**
 * A path inside the bundle: relative, no `..` or `.`, no part that starts with `-` (a command
 * would read it as an option), only characters no shell or unzip treats specially.
 */
export function checkRelativePath(value: string, maxLength = MAX_PATH_LENGTH): FieldError {
  if (value.length === 0) return 'A file name cannot be empty.';
  if (value.length > maxLength) return `A file path is at most ${maxLength} characters.`;
  if (
    !SAFE_PATH.test(value) ||
    value.split('/').some((part) => part === '..' || part === '.' || part.startsWith('-'))
  ) {
    return `${quoted(value)} is not a safe relative path: use letters, digits, dots, hyphens, underscores and / between folders (no .., no leading -).`;
  }
  return null;
}

/** A bundle path: a safe relative path, unique among the bundle's other files. */
export function checkFilePath(value: string, otherPaths: readonly string[]): FieldError {
  const unsafe = checkRelativePath(value);
  if (unsafe) return unsafe;
  if (otherPaths.includes(value)) return `${value} is already used by another file of the bundle.`;
  return null;
}

/** 64 (RFC 5280 ub-common-name, which openssl enforces) less "system:node:" and a pool member's "-100000". */
export const MAX_NODE_NAME = 64 - 'system:node:'.length - '-100000'.length;

/** A node name: an RFC 1123 DNS subdomain, as the kubelet registers it, unique in the cluster. */
export function checkNodeName(value: string, otherNames: readonly string[]): FieldError {
  if (!isDnsName(value) || value.startsWith('*'))
    return `${quoted(value, 253)} is not a valid node name: lower-case letters, digits, hyphens and dots.`;
  // The name is the kubelet's DNS SAN: ending in a number, it would be read as an address.
  if (/(^|\.)\d+$/.test(value))
    return `${quoted(value, 253)} is not a usable node name: it is the kubelet's DNS name, and a DNS name never ends in a number.`;
  if (value.length > MAX_NODE_NAME) {
    return `A node name is at most ${MAX_NODE_NAME} characters here: its kubelet's CN, system:node:<name>, must fit a certificate's 64, even as a pool member <name>-100000.`;
  }
  return otherNames.includes(value) ? `Another node is already called ${value}.` : null;
}

/** A cluster name: one DNS label, as kubeconfigs and kubeadm's clusterName use it. */
export function checkClusterName(value: string): FieldError {
  return isDnsName(value) && !value.includes('.') && !value.startsWith('*')
    ? null
    : `${quoted(value)} is not a cluster name: lower-case letters, digits and hyphens, at most 63.`;
}

/** A node's address: IPv4, since pools count up from it. */
export function checkNodeIp(value: string): FieldError {
  if (isIpv4(value)) return null;
  return value.includes(':')
    ? 'Pools and nodes use IPv4 here.'
    : `${quoted(value)} is not a valid IPv4 address: four numbers 0-255, no leading zeros.`;
}

export const MAX_POOL_SIZE = 100_000;

/** A pool's size; given its first address, the members' addresses must also stay within IPv4 (they count up from it). */
export function checkPoolSize(value: number, firstIp?: string): FieldError {
  if (!Number.isInteger(value) || value < 1 || value > MAX_POOL_SIZE)
    return `A pool holds 1 to ${MAX_POOL_SIZE.toLocaleString('en')} nodes.`;
  if (firstIp !== undefined && isIpv4(firstIp) && ipv4ToNumber(firstIp) + value - 1 > 0xffffffff) {
    return `${value.toLocaleString('en')} nodes from ${firstIp} run past 255.255.255.255: start the pool lower or make it smaller.`;
  }
  return null;
}

export function checkValidFromDays(value: number): FieldError {
  return Number.isInteger(value) && Math.abs(value) <= 36500
    ? null
    : 'A whole number of days, negative to backdate, at most 36500 either way.';
}

export function checkServiceCidr(value: string): FieldError {
  try {
    firstServiceIp(value);
    return null;
  } catch (error) {
    return error instanceof Error ? `${error.message}.` : String(error);
  }
}

export function checkDnsDomain(value: string): FieldError {
  if (!isDnsName(value) || value.startsWith('*')) return `${quoted(value)} is not a valid DNS domain.`;
  // The domain ends the API server's kubernetes.default.svc.<domain> SAN.
  return /(^|\.)\d+$/.test(value)
    ? `${quoted(value)} is not a usable DNS domain: a DNS name never ends in a number.`
    : null;
}

/** The control-plane endpoint: empty, or host[:port] (an https URL too) whose host is a DNS name or an IP. */
export function checkEndpoint(value: string): FieldError {
  if (value === '') return null;
  if (value.length > 300 || UNSAFE_CHARACTER.test(value))
    return `${quoted(value, 300)} is not host, host:port or an https URL.`;
  try {
    return checkAddress(endpointHost(value));
  } catch {
    return `${quoted(value)} is not host, host:port or an https URL.`;
  }
}

/** A kubeconfig's `server:`, an https URL whose host is a DNS name or an IP, with an optional port. */
export function checkServerUrl(value: string): FieldError {
  const match = /^https:\/\/(\[[0-9a-fA-F:.]+\]|[^/:[\]]+)(:(\d{1,5}))?\/?$/.exec(value);
  const host = match?.[1]?.replace(/^\[|\]$/g, '') ?? '';
  if (!match || checkAddress(host) !== null || (match[3] !== undefined && checkPort(Number(match[3])) !== null)) {
    return `${quoted(value)} is not an https URL of a DNS name or IP address, with an optional port.`;
  }
  return null;
}

/** A kubeconfig's cluster, context or user name. */
export function checkKubeconfigName(value: string): FieldError {
  return checkText('A kubeconfig name', value, TEXT_LIMITS.kubeconfigName);
}

/** A CA's colour on the canvas: #rrggbb, so it can only ever be a colour in the page's styles. */
export function checkColor(value: string): FieldError {
  return /^#[0-9a-fA-F]{6}$/.test(value) ? null : `${quoted(value)} is not a colour of the form #rrggbb.`;
}

export function checkAddress(value: string): FieldError {
  if (isIpAddress(value)) return null;
  return isDnsName(value) ? numericName(value) : `${quoted(value)} is neither a DNS name nor an IP address.`;
}

export function checkPort(value: number): FieldError {
  return Number.isInteger(value) && value >= 1 && value <= 65535 ? null : 'A port is a whole number from 1 to 65535.';
}

/** The shortest password a PKCS#12 file gets: openssl pkcs12 asks for at least 4 characters. */
export const MIN_PKCS12_PASSWORD = 4;

/** A PKCS#12 password: empty (no PKCS#12 files), or long enough, with no control character. */
export function checkPkcs12Password(value: string): FieldError {
  if (value === '') return null;
  if (value.length < MIN_PKCS12_PASSWORD)
    return `The password needs at least ${MIN_PKCS12_PASSWORD} characters, or leave it empty for no PKCS#12 files.`;
  return checkText('The password', value, 256);
}
