import { quoted } from './visibleText';

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

export function isIpv4(value: string): boolean {
  return IPV4.test(value);
}

/** IPv6 in any textual form the URL parser accepts (it normalises, which also validates). */
export function isIpv6(value: string): boolean {
  if (!value.includes(':')) return false;
  try {
    return new URL(`http://[${value}]/`).hostname.length > 2;
  } catch {
    return false;
  }
}

export function isIpAddress(value: string): boolean {
  return isIpv4(value) || isIpv6(value);
}

/** An RFC 1123 DNS name, optionally with a leading wildcard label, as kubeadm accepts in certSANs. */
export function isDnsName(value: string): boolean {
  if (value.length === 0 || value.length > 253) return false;
  const labels = value.split('.');
  return labels.every((label, i) => (i === 0 && label === '*' && labels.length > 1) || DNS_LABEL.test(label));
}

/** An IPv4 address as a number, for arithmetic on addresses. */
export function ipv4ToNumber(ip: string): number {
  return ip.split('.').reduce((acc, octet) => acc * 256 + Number(octet), 0);
}

/** The dotted form of an IPv4 address number. */
export function numberToIpv4(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}

/** The network address (as a number) of `ip` under a prefix length. */
export function ipv4NetworkOf(ip: string, prefix: number): number {
  const mask = prefix === 0 ? 0 : 2 ** 32 - 2 ** (32 - prefix);
  return Number(BigInt(ipv4ToNumber(ip)) & BigInt(mask));
}

/**
 * The first usable IP of an IPv4 CIDR: kubeadm's GetAPIServerVirtualIP (index 1 of the
 * first service subnet), the in-cluster address of the `kubernetes` Service.
 */
export function firstServiceIp(cidr: string): string {
  const [base, prefixText] = cidr.split('/');
  const prefix = Number(prefixText);
  if (!base || !isIpv4(base) || !Number.isInteger(prefix) || prefix < 0 || prefix > 30) {
    throw new Error(`${quoted(cidr)} is not an IPv4 CIDR with a prefix of /30 or shorter`);
  }
  return numberToIpv4(ipv4NetworkOf(base, prefix) + 1);
}

/** Host part of an endpoint written `host`, `host:port`, `[v6]:port` or as an https URL. */
export function endpointHost(endpoint: string): string {
  const url = new URL(endpoint.includes('://') ? endpoint : `https://${endpoint}`);
  return url.hostname.replace(/^\[|\]$/g, '');
}

/** Port of such an endpoint, defaulting to the apiserver's 6443. */
export function endpointPort(endpoint: string): number {
  const url = new URL(endpoint.includes('://') ? endpoint : `https://${endpoint}`);
  if (url.port) return Number(url.port);
  // The URL parser drops an explicit default port (443 for https), so look for it.
  return /\]?:443(\/|$)/.test(endpoint.replace(/^https:\/\//, '')) ? 443 : 6443;
}

/** An https URL for a host and port, bracketing IPv6. */
export function httpsUrl(host: string, port: number): string {
  return `https://${isIpv6(host) ? `[${host}]` : host}:${port}`;
}
