import { describe, expect, test } from 'vitest';
import { endpointHost, endpointPort, firstServiceIp, httpsUrl, isDnsName, isIpAddress } from './network';

describe('firstServiceIp', () => {
  test.each([
    ['10.96.0.0/12', '10.96.0.1'],
    ['10.32.0.0/24', '10.32.0.1'],
    ['172.20.5.7/16', '172.20.0.1'],
    ['192.168.255.0/30', '192.168.255.1'],
  ])('%s -> %s', (cidr, ip) => expect(firstServiceIp(cidr)).toBe(ip));

  test.each(['10.96.0.0', '10.96.0.0/33', '300.1.1.1/24', 'fd00::/108', ''])('refuses %j', (cidr) => {
    expect(() => firstServiceIp(cidr)).toThrow(/IPv4 CIDR/);
  });
});

describe('names and addresses', () => {
  test.each(['kubernetes', 'kubernetes.default.svc.cluster.local', '*.apps.example.com', 'node-0', 'a1'])(
    '%s is a DNS name',
    (n) => {
      expect(isDnsName(n)).toBe(true);
    },
  );
  test.each(['', 'Kubernetes', '-node', 'node-', 'a..b', 'has space', '*', 'a.*.b', `${'a'.repeat(64)}.com`])(
    '%j is not a DNS name',
    (n) => {
      expect(isDnsName(n)).toBe(false);
    },
  );
  test.each(['10.0.0.1', '::1', 'fd00::10', '2001:db8::1'])('%s is an IP', (ip) => expect(isIpAddress(ip)).toBe(true));
  test.each(['10.0.0.256', '10.0.0', 'node01', '::g', ':::'])('%s is not an IP', (ip) =>
    expect(isIpAddress(ip)).toBe(false),
  );
});

describe('endpoints', () => {
  test.each([
    ['lb.example.com:6443', 'lb.example.com', 6443],
    ['lb.example.com', 'lb.example.com', 6443],
    ['https://10.0.0.5:8443', '10.0.0.5', 8443],
    ['lb.example.com:443', 'lb.example.com', 443],
    ['[fd00::1]:6443', 'fd00::1', 6443],
  ])('%s -> host %s port %d', (endpoint, host, port) => {
    expect(endpointHost(endpoint)).toBe(host);
    expect(endpointPort(endpoint)).toBe(port);
  });
  test('https URLs bracket IPv6 hosts', () => {
    expect(httpsUrl('fd00::1', 6443)).toBe('https://[fd00::1]:6443');
    expect(httpsUrl('10.0.0.1', 6443)).toBe('https://10.0.0.1:6443');
  });
});
