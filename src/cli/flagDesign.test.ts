import { describe, expect, it } from 'vitest';
import { topologyOf } from '../topology/design';
import { parseDesignFile } from '../topology/designSchema';
import { PRESET_DEFAULTS } from '../topology/presets';
import type { DesignFlagValues } from './designFlags';
import { designFromFlags } from './flagDesign';
import { main } from './main';
import type { CliIo } from './io';

const refused = (values: DesignFlagValues) => {
  try {
    designFromFlags(values);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('accepted');
};

/** One run of main() in this process, its output kept. */
async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    progress: () => {},
    outBytes: async () => {},
    outIsTerminal: false,
  };
  const status = await main(argv, io);
  return { status, stdout: out.join(''), stderr: err.join('') };
}

describe('a design from flags', () => {
  it('takes the nodes given (no preset lab nodes then), pools, endpoint, algorithm, validity and SANs', () => {
    const design = designFromFlags({
      preset: 'kubeadm',
      'control-plane': ['cp1=10.0.0.11', 'cp2=10.0.0.12', 'cp3=10.0.0.13'],
      worker: ['w1=10.0.1.1'],
      pool: ['gpu=10.0.2.1:50'],
      endpoint: 'lb.example.com:6443',
      'key-algorithm': 'RSA-3072',
      'validity-days': '90',
      'ca-validity-days': '1825',
      'extra-san': ['10.0.0.100', 'api.example.com'],
      'cluster-name': 'prod',
      'service-cidr': '10.100.0.0/16',
      'dns-domain': 'example.internal',
    });
    expect(design.params).toMatchObject({
      clusterName: 'prod',
      controlPlane: [
        { name: 'cp1', ip: '10.0.0.11' },
        { name: 'cp2', ip: '10.0.0.12' },
        { name: 'cp3', ip: '10.0.0.13' },
      ],
      workers: [
        { name: 'w1', ip: '10.0.1.1' },
        { name: 'gpu', ip: '10.0.2.1', count: 50 },
      ],
      controlPlaneEndpoint: 'lb.example.com:6443',
      keyAlgorithm: 'RSA-3072',
      leafValidityDays: 90,
      caValidityDays: 1825,
      extraSans: ['10.0.0.100', 'api.example.com'],
      serviceCidr: '10.100.0.0/16',
      dnsDomain: 'example.internal',
    });
    const apiserver = topologyOf(design).credentials.find((c) => c.files?.cert === 'pki/apiserver.crt')!;
    expect(apiserver.dnsNames).toContain('api.example.com');
    expect(apiserver.ipAddresses).toEqual(expect.arrayContaining(['10.0.0.100', '10.100.0.1']));
  });

  it("keeps the preset's own nodes when none are given, and turns the course preset's etcd CA on", () => {
    expect(designFromFlags({ preset: 'hardway' }).params).toEqual(PRESET_DEFAULTS.hardway);
    const course = designFromFlags({ preset: 'course', 'separate-etcd-ca': true });
    expect(topologyOf(course).cas.map((c) => c.certFile)).toEqual(['ca.crt', 'etcd-ca.crt']);
  });

  it('refuses each bad value by the field rule, naming the flag', () => {
    const cases: Array<[DesignFlagValues, RegExp]> = [
      [{ preset: 'kubeadmm' }, /--preset is course, kubeadm, hardway, not "kubeadmm"/],
      [{ preset: 'kubeadm', 'control-plane': ['cp1'] }, /--control-plane is NAME=IP/],
      [{ preset: 'kubeadm', 'control-plane': ['CP_1=10.0.0.1'] }, /--control-plane: "CP_1" is not a valid node name/],
      [
        { preset: 'kubeadm', 'control-plane': ['cp1=10.0.0.300'] },
        /--control-plane: "10\.0\.0\.300" is not a valid IPv4 address/,
      ],
      [
        { preset: 'kubeadm', 'control-plane': ['cp1=10.0.0.1'], worker: ['cp1=10.0.0.2'] },
        /--worker: Another node is already called cp1/,
      ],
      [{ preset: 'kubeadm', worker: ['w=10.0.0.2'] }, /need at least one --control-plane/],
      [{ preset: 'kubeadm', 'control-plane': ['cp1=10.0.0.1'], pool: ['p=10.0.0.5'] }, /--pool is NAME=IP:COUNT/],
      [
        { preset: 'kubeadm', 'control-plane': ['cp1=10.0.0.1'], pool: ['p=10.0.0.5:1e3'] },
        /--pool is a whole number from 1 to 100000, written in digits \(not "1e3"\)/,
      ],
      [
        { preset: 'kubeadm', 'control-plane': ['cp1=10.0.0.1'], pool: ['p=255.255.255.250:10'] },
        /--pool: 10 nodes from 255\.255\.255\.250 run past/,
      ],
      [{ preset: 'kubeadm', endpoint: 'lb example' }, /--endpoint: "lb example" is not host/],
      [
        { preset: 'kubeadm', 'key-algorithm': 'rsa2048' },
        /--key-algorithm is one of RSA-2048, RSA-3072, RSA-4096, ECDSA-P256, ECDSA-P384, not "rsa2048"/,
      ],
      [
        { preset: 'kubeadm', 'validity-days': '0x10' },
        /--validity-days is a whole number from 1 to 36500, written in digits \(not "0x10"\)/,
      ],
      [{ preset: 'kubeadm', 'validity-days': ' 90' }, /--validity-days is a whole number/],
      [{ preset: 'kubeadm', 'ca-validity-days': '36501' }, /--ca-validity-days is a whole number from 1 to 36500/],
      [
        { preset: 'kubeadm', 'extra-san': ['ok.example.com', 'api.1'] },
        /--extra-san: "api\.1" is not a valid IP address/,
      ],
      [{ preset: 'kubeadm', 'cluster-name': 'a.b' }, /--cluster-name: "a\.b" is not a cluster name/],
      [{ preset: 'kubeadm', 'service-cidr': '10.96.0.0/40' }, /--service-cidr: /],
      [{ preset: 'kubeadm', 'dns-domain': 'cluster.1' }, /--dns-domain: "cluster\.1" is not a usable DNS domain/],
      [
        { preset: 'hardway', 'separate-etcd-ca': true },
        /--separate-etcd-ca: Kubernetes The Hard Way runs etcd without TLS/,
      ],
      [{ preset: 'kubeadm', 'cluster-name': 'x\u001b[2J' }, /--cluster-name: "x\\u001B\[2J"/],
    ];
    for (const [values, message] of cases) expect(refused(values), JSON.stringify(values)).toMatch(message);
  });
});

describe('init, check and generate with flags', () => {
  it('init prints the design file generate would use; check reads flags as it reads a file', async () => {
    const init = await run(
      'init',
      '--preset',
      'kubeadm',
      '--control-plane',
      'cp1=10.0.0.11',
      '--endpoint',
      'lb.example.com',
    );
    expect(init.status, init.stderr).toBe(0);
    const file = parseDesignFile(init.stdout);
    // The same design generate makes from the same flags, through the same gate as Open design.
    expect(file.ok && file.design).toEqual(
      designFromFlags({ preset: 'kubeadm', 'control-plane': ['cp1=10.0.0.11'], endpoint: 'lb.example.com' }),
    );
    expect(file.ok && file.design.params.controlPlane).toEqual([{ name: 'cp1', ip: '10.0.0.11' }]);
    const check = await run(
      'check',
      '--preset',
      'kubeadm',
      '--control-plane',
      'cp1=10.0.0.11',
      '--control-plane',
      'cp2=10.0.0.12',
    );
    // kubeadm's own rule: two control planes need an endpoint.
    expect(check.status).toBe(1);
    expect(check.stdout).toMatch(/controlPlaneEndpoint|control-plane endpoint/i);
  });

  it('exits 2 naming the flag for a bad value, a flag without --preset, and a file with --preset', async () => {
    const bad = await run(
      'generate',
      '--preset',
      'kubeadm',
      '--worker',
      'node01=192.168.56.300',
      '--control-plane',
      'cp=10.0.0.1',
      '-o',
      'x.zip',
    );
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^k8s-tls-designer generate: --worker: "192\.168\.56\.300" is not a valid IPv4 address/);
    expect((await run('check', 'design.json', '--worker', 'a=10.0.0.1')).stderr).toMatch(
      /the design options need --preset/,
    );
    expect((await run('check', 'design.json', '--preset', 'kubeadm')).stderr).toMatch(
      /from a file or from --preset, not both/,
    );
    expect((await run('audit', 'x', '--preset', 'kubeadm')).stderr).toMatch(/audit has no --preset option/);
    expect((await run('check')).stderr).toMatch(/give one design file/);
  });
});
