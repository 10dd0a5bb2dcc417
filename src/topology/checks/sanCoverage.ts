import type { Credential } from '../model';
import { isIpAddress } from '../network';

/** Go's hostname matching: exact, or a leading `*.` wildcard covering exactly one label. */
function dnsMatches(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase();
  const h = host.toLowerCase();
  if (p === h) return true;
  if (!p.startsWith('*.')) return false;
  const dot = h.indexOf('.');
  return dot > 0 && h.slice(dot + 1) === p.slice(2);
}

function normaliseIp(ip: string): string {
  return ip.includes(':') ? new URL(`http://[${ip}]/`).hostname.slice(1, -1) : ip;
}

/**
 * Null when the certificate's SANs cover the dialled address; otherwise the error Go's
 * crypto/x509 (verify.go, HostnameError) reports.
 */
export function sanError(credential: Credential, address: string): string | null {
  if (credential.dnsNames.length === 0 && credential.ipAddresses.length === 0) {
    return 'x509: certificate relies on legacy Common Name field, use SANs instead';
  }
  if (isIpAddress(address)) {
    const ips = credential.ipAddresses.map(normaliseIp);
    if (ips.includes(normaliseIp(address))) return null;
    if (ips.length === 0) return `x509: cannot validate certificate for ${address} because it doesn't contain any IP SANs`;
    return `x509: certificate is valid for ${ips.join(', ')}, not ${address}`;
  }
  if (credential.dnsNames.some((name) => dnsMatches(name, address))) return null;
  if (credential.dnsNames.length === 0) {
    return `x509: certificate is not valid for any names, but wanted to match ${address}`;
  }
  return `x509: certificate is valid for ${credential.dnsNames.join(', ')}, not ${address}`;
}
