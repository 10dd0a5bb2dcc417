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
 * crypto/x509 reports (verify.go, HostnameError.Error), DNS names in certificate order
 * (sorted, as issued).
 */
export function sanError(credential: Credential, address: string): string | null {
  const dnsNames = [...new Set(credential.dnsNames)].sort();
  const ips = [...new Set(credential.ipAddresses.map(normaliseIp))];
  const host = address.replace(/\.$/, '');
  const ip = isIpAddress(host);
  if (ip ? ips.includes(normaliseIp(host)) : dnsNames.some((name) => dnsMatches(name, host))) return null;
  const cn = credential.subject.find((a) => a.type === 'CN')?.value ?? '';
  if (dnsNames.length === 0 && ips.length === 0 && dnsMatches(cn, host)) {
    return 'x509: certificate relies on legacy Common Name field, use SANs instead';
  }
  if (ip && ips.length === 0)
    return `x509: cannot validate certificate for ${host} because it doesn't contain any IP SANs`;
  const valid = ip ? ips.join(', ') : dnsNames.join(', ');
  if (valid === '') return `x509: certificate is not valid for any names, but wanted to match ${host}`;
  return `x509: certificate is valid for ${valid}, not ${host}`;
}
