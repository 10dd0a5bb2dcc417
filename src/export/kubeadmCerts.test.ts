// The kubeadm preset's values as openssl reads them from generated certificates
// (../shared/docs/k8s-pki-reference.md §1.1-§1.3), not as the model states them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPreset, PRESET_DEFAULTS } from '../topology/presets';
import { openssl, writeBundle, type BundleOnDisk } from './testing/bundleOnDisk';

const DEFAULTS = PRESET_DEFAULTS.kubeadm;
const NODE = 'controlplane';
const ADVERTISE = '192.168.56.10';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Parses openssl's "Nov 28 09:08:06 2026 GMT". */
function opensslDate(text: string): number {
  const m = /^([A-Z][a-z]{2}) +(\d{1,2}) (\d{2}):(\d{2}):(\d{2}) (\d{4}) GMT$/.exec(text.trim());
  if (!m) throw new Error(`not an openssl date: ${text}`);
  const [, mon, day, hh, mm, ss, year] = m;
  return Date.UTC(Number(year), MONTHS.indexOf(mon!), Number(day), Number(hh), Number(mm), Number(ss));
}

function validity(file: string): { notBefore: number; notAfter: number } {
  const out = openssl(['x509', '-in', file, '-noout', '-startdate', '-enddate']);
  const field = (name: string) => {
    const line = out.split('\n').find((l) => l.startsWith(`${name}=`));
    if (!line) throw new Error(`${file}: no ${name} in ${out}`);
    return opensslDate(line.slice(name.length + 1));
  };
  return { notBefore: field('notBefore'), notAfter: field('notAfter') };
}

/** SAN entries as openssl prints them, IPv6 in compressed form (OpenSSL 3.0 prints 0:0:0:0:0:0:0:1). */
function sans(file: string): string[] {
  const out = openssl(['x509', '-in', file, '-noout', '-ext', 'subjectAltName']);
  const line = out.split('\n')[1]?.trim() ?? '';
  return line.split(', ').map((entry) => {
    const ip = /^IP Address:(.*:.*)$/.exec(entry)?.[1];
    return ip ? `IP Address:${new URL(`http://[${ip}]/`).hostname.slice(1, -1)}` : entry;
  });
}

function subject(file: string): string {
  return openssl(['x509', '-in', file, '-noout', '-subject', '-nameopt', 'RFC2253']).trim();
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

describe('kubeadm bundle, real certificates (ECDSA-P256, endpoint + certSANs)', () => {
  let bundle: BundleOnDisk;
  let startedAt: number;
  let finishedAt: number;

  beforeAll(async () => {
    startedAt = Date.now();
    bundle = await writeBundle(
      buildPreset('kubeadm', {
        ...DEFAULTS,
        keyAlgorithm: 'ECDSA-P256',
        controlPlaneEndpoint: 'lb.example.com:6443',
        extraSans: ['10.0.0.100', 'api.example.com'],
      }),
    );
    finishedAt = Date.now();
  });
  afterAll(() => bundle?.cleanup());

  it('pki/apiserver.crt: CN=kube-apiserver, DNS SANs sorted, IP SANs in kubeadm order', () => {
    const file = bundle.path('pki/apiserver.crt');
    expect(subject(file)).toBe('subject=CN=kube-apiserver');
    expect(sans(file)).toEqual([
      'DNS:api.example.com',
      `DNS:${NODE}`,
      'DNS:kubernetes',
      'DNS:kubernetes.default',
      'DNS:kubernetes.default.svc',
      'DNS:kubernetes.default.svc.cluster.local',
      'DNS:lb.example.com',
      'IP Address:10.96.0.1',
      `IP Address:${ADVERTISE}`,
      'IP Address:10.0.0.100',
    ]);
  });

  it('pki/etcd/server.crt: CN=<node name>, DNS node + localhost, IP advertise + 127.0.0.1 + ::1', () => {
    const file = bundle.path('pki/etcd/server.crt');
    expect(subject(file)).toBe(`subject=CN=${NODE}`);
    expect(sans(file)).toEqual([
      `DNS:${NODE}`,
      'DNS:localhost',
      `IP Address:${ADVERTISE}`,
      'IP Address:127.0.0.1',
      'IP Address:::1',
    ]);
  });

  it('pki/ca.crt carries the CA quirk SAN DNS:kubernetes', () => {
    const file = bundle.path('pki/ca.crt');
    expect(subject(file)).toBe('subject=CN=kubernetes');
    expect(sans(file)).toEqual(['DNS:kubernetes']);
  });

  it('a leaf lives 365 days + the 5-minute backdate', () => {
    const { notBefore, notAfter } = validity(bundle.path('pki/apiserver.crt'));
    expect(notAfter - notBefore).toBe(365 * DAY + 5 * MINUTE);
    // Backdated (NotBefore moves back), not extended: NotBefore is 5 minutes before generation.
    expect(notBefore).toBeGreaterThanOrEqual(Math.floor((startedAt - 5 * MINUTE) / 1000) * 1000);
    expect(notBefore).toBeLessThanOrEqual(finishedAt - 5 * MINUTE);
  });

  it('a CA lives 3650 days + the 5-minute backdate', () => {
    const { notBefore, notAfter } = validity(bundle.path('pki/ca.crt'));
    expect(notAfter - notBefore).toBe(3650 * DAY + 5 * MINUTE);
    expect(notBefore).toBeLessThanOrEqual(finishedAt - 5 * MINUTE);
  });

  it('every other leaf and CA has the same lifetimes', () => {
    const lifetimes = new Map<string, number>();
    for (const f of bundle.files.filter((x) => x.path.endsWith('.crt'))) {
      const { notBefore, notAfter } = validity(bundle.path(f.path));
      lifetimes.set(f.path, notAfter - notBefore);
    }
    const caFile = /(^|\/)pki\/(ca|etcd\/ca|front-proxy-ca)\.crt$/;
    for (const [path, ms] of lifetimes) expect(ms, path).toBe((caFile.test(path) ? 3650 : 365) * DAY + 5 * MINUTE);
    // Ten made on the init node, and the workers' copies of the CA certificates their components trust.
    expect(lifetimes.size).toBe(13);
  });
});
