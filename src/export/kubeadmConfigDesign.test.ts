import { readFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { NO_EDITS, topologyOf } from '../topology/design';
import { designFileText } from '../topology/designSchema';
import { PRESET_DEFAULTS } from '../topology/presets';
import { clusterConfigurationYaml } from './kubeadmConfig';
import { kubeadmConfigDesign } from './kubeadmConfigDesign';
import { openedDesign } from './openedDesign';

const EXAMPLE = readFileSync('examples/kubeadm-config.yaml', 'utf8');
const docs = (...documents: object[]) => documents.map((d) => stringify(d)).join('---\n');
const cluster = (version: string, fields: object) => ({
  apiVersion: `kubeadm.k8s.io/${version}`,
  kind: 'ClusterConfiguration',
  ...fields,
});

function read(text: string) {
  const result = kubeadmConfigDesign(text);
  if (!result.ok) throw new Error(result.error);
  return result;
}

function refusal(text: string): string {
  const result = kubeadmConfigDesign(text);
  expect(result.ok).toBe(false);
  return result.ok ? '' : result.error;
}

describe('a kubeadm configuration as a design', () => {
  it('honours every certificate field of examples/kubeadm-config.yaml (v1beta4, three control planes)', () => {
    const { design, notes } = read(EXAMPLE);
    const p = design.params;
    expect(design.presetId).toBe('kubeadm');
    expect(p.clusterName).toBe('prod-eu1');
    expect(p.controlPlaneEndpoint).toBe('api.prod-eu1.example.com:6443');
    expect(p.controlPlane).toEqual([
      { name: 'cp1', ip: '10.0.0.11' },
      { name: 'cp2', ip: '10.0.0.12' },
      { name: 'cp3', ip: '10.0.0.13' },
    ]);
    expect(p.workers).toEqual([]);
    expect(p.extraSans).toEqual(['10.0.0.100', 'api.prod-eu1.example.com', 'api.internal.example.com']);
    expect([p.serviceCidr, p.dnsDomain, p.keyAlgorithm, p.leafValidityDays, p.caValidityDays]).toEqual([
      '10.96.0.0/12',
      'cluster.local',
      'ECDSA-P256',
      365,
      3650,
    ]);
    const t = topologyOf(design);
    const etcd = (file: string) =>
      t.credentials.filter((c) => c.files?.cert === file || c.files?.cert.endsWith(`/${file}`));
    expect(etcd('etcd/server.crt')).toHaveLength(3);
    for (const server of etcd('etcd/server.crt')) expect(server.dnsNames).toContain('etcd.prod-eu1.example.com');
    for (const peer of etcd('etcd/peer.crt')) expect(peer.ipAddresses).toContain('10.0.0.200');
    const apiserver = t.credentials.find((c) => c.files?.cert === 'pki/apiserver.crt')!;
    expect(apiserver.dnsNames).toEqual(
      expect.arrayContaining(['api.prod-eu1.example.com', 'api.internal.example.com']),
    );
    // What has no bearing on certificates is still named, not dropped.
    expect(notes.join('\n')).toMatch(
      /without effect on any certificate: .*ClusterConfiguration\.kubernetesVersion.*ClusterConfiguration\.networking\.podSubnet/,
    );
    expect(notes.join('\n')).not.toMatch(/Not honoured/);
  });

  it('reads v1beta3 as v1beta4, and reads back the ClusterConfiguration a bundle ships', () => {
    const params = {
      ...PRESET_DEFAULTS.kubeadm,
      controlPlaneEndpoint: 'lb.example.com:6443',
      extraSans: ['10.0.0.100'],
      keyAlgorithm: 'RSA-3072' as const,
      leafValidityDays: 90,
      dnsDomain: 'example.internal',
    };
    const back = read(clusterConfigurationYaml(params).replace('v1beta4', 'v1beta3')).design.params;
    expect(back).toMatchObject({
      controlPlaneEndpoint: 'lb.example.com:6443',
      extraSans: ['10.0.0.100'],
      keyAlgorithm: 'RSA-3072',
      leafValidityDays: 90,
      caValidityDays: 3650,
      dnsDomain: 'example.internal',
    });
  });

  it('names every field it cannot honour, and every document it does not read', () => {
    const { notes } = read(
      docs(
        {
          apiVersion: 'kubeadm.k8s.io/v1beta4',
          kind: 'InitConfiguration',
          localAPIEndpoint: { advertiseAddress: '10.1.1.1', bindPort: 8443 },
        },
        cluster('v1beta4', {
          certificatesDir: '/srv/pki',
          etcd: { external: { endpoints: ['https://10.9.9.9:2379'], caFile: '/x/ca.crt' } },
          apiServer: { extraArgs: [{ name: 'v', value: '2' }] },
        }),
        { apiVersion: 'kubelet.config.k8s.io/v1beta1', kind: 'KubeletConfiguration', serverTLSBootstrap: true },
      ),
    );
    const text = notes.join('\n');
    for (const field of [
      'ClusterConfiguration.etcd.external.endpoints',
      'ClusterConfiguration.etcd.external.caFile',
      'ClusterConfiguration.certificatesDir',
      'InitConfiguration.localAPIEndpoint.bindPort',
    ]) {
      expect(text).toMatch(new RegExp(`Not honoured[^\\n]*${field.replace(/\./g, '\\.')}`));
    }
    expect(text).toMatch(/without effect on any certificate: ClusterConfiguration\.apiServer\.extraArgs/);
    expect(text).toMatch(/Not read: "KubeletConfiguration"/);
    // No node name in the file: the one used is said.
    expect(text).toMatch(/InitConfiguration names no node/);
  });

  it("puts every value through the editor's field rules, naming the kubeadm field", () => {
    const bad: Array<[object, RegExp]> = [
      [
        { networking: { dnsDomain: 'Cluster.Local' } },
        /ClusterConfiguration\.networking\.dnsDomain: "Cluster\.Local" is not a valid DNS domain/,
      ],
      [{ networking: { serviceSubnet: '10.96.0.0/33' } }, /ClusterConfiguration\.networking\.serviceSubnet/],
      [
        { apiServer: { certSANs: ['good.example.com', 'bad name'] } },
        /ClusterConfiguration\.apiServer\.certSANs: "bad name"/,
      ],
      [{ etcd: { local: { peerCertSANs: ['10.0.0.1.5'] } } }, /ClusterConfiguration\.etcd\.local\.peerCertSANs/],
      [{ controlPlaneEndpoint: 'https://' }, /ClusterConfiguration\.controlPlaneEndpoint/],
      [{ clusterName: 'a.b' }, /ClusterConfiguration\.clusterName/],
      [
        { encryptionAlgorithm: 'RSA-1024' },
        /ClusterConfiguration\.encryptionAlgorithm: "RSA-1024" is not one of RSA-2048/,
      ],
      [
        { certificateValidityPeriod: '100h' },
        /ClusterConfiguration\.certificateValidityPeriod: "100h" is not a whole number of days/,
      ],
      [{ certificateValidityPeriod: '1e3h' }, /certificateValidityPeriod/],
      [
        { caCertificateValidityPeriod: '0h' },
        /ClusterConfiguration\.caCertificateValidityPeriod: Validity is a whole number of days, at least 1/,
      ],
      [{ certificateValidityPeriod: 8760 }, /certificateValidityPeriod: a string is expected/],
    ];
    for (const [fields, message] of bad) expect(refusal(stringify(cluster('v1beta4', fields)))).toMatch(message);
    expect(
      refusal(
        docs({ apiVersion: 'kubeadm.k8s.io/v1beta4', kind: 'InitConfiguration', nodeRegistration: { name: 'Node_1' } }),
      ),
    ).toMatch(/InitConfiguration\.nodeRegistration\.name: "Node_1" is not a valid node name/);
    expect(
      refusal(
        docs({
          apiVersion: 'kubeadm.k8s.io/v1beta4',
          kind: 'InitConfiguration',
          localAPIEndpoint: { advertiseAddress: '10.0.0.256' },
        }),
      ),
    ).toMatch(/InitConfiguration\.localAPIEndpoint\.advertiseAddress/);
    // Two nodes of one name, as kubeadm would refuse at join.
    expect(
      refusal(
        docs(
          { apiVersion: 'kubeadm.k8s.io/v1beta4', kind: 'InitConfiguration', nodeRegistration: { name: 'cp1' } },
          {
            apiVersion: 'kubeadm.k8s.io/v1beta4',
            kind: 'JoinConfiguration',
            nodeRegistration: { name: 'cp1' },
            controlPlane: {},
          },
        ),
      ),
    ).toMatch(/JoinConfiguration\.nodeRegistration\.name: Another node is already called cp1/);
  });

  it("a worker's JoinConfiguration adds a worker, its address (never in the file) said", () => {
    const { design, notes } = read(
      docs(
        {
          apiVersion: 'kubeadm.k8s.io/v1beta4',
          kind: 'InitConfiguration',
          nodeRegistration: { name: 'cp1' },
          localAPIEndpoint: { advertiseAddress: '10.0.0.11' },
        },
        { apiVersion: 'kubeadm.k8s.io/v1beta4', kind: 'JoinConfiguration', nodeRegistration: { name: 'worker-a' } },
      ),
    );
    expect(design.params.workers).toEqual([{ name: 'worker-a', ip: '10.0.0.12' }]);
    expect(notes.join('\n')).toMatch(
      /JoinConfiguration gives no address for worker-a, as a worker's never has: 10\.0\.0\.12 is used here/,
    );
  });

  it('refuses what is not a kubeadm configuration it reads, with the reason', () => {
    expect(refusal('a: [b')).toMatch(/not valid YAML \(document 1/);
    expect(refusal(stringify(cluster('v1beta2', {})))).toMatch(
      /"kubeadm\.k8s\.io\/v1beta2" \(document 1\) is not read: this tool reads kubeadm\.k8s\.io\/v1beta3 and v1beta4/,
    );
    expect(refusal('hello')).toMatch(/not a mapping/);
    expect(refusal(stringify({ apiVersion: 'v1', kind: 'ConfigMap' }))).toMatch(
      /holds no InitConfiguration, ClusterConfiguration or JoinConfiguration/,
    );
    expect(
      refusal('apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\nclusterName: a\nclusterName: b\n'),
    ).toMatch(/not valid YAML/);
    expect(refusal(docs(cluster('v1beta4', {}), cluster('v1beta4', {})))).toMatch(/at most one ClusterConfiguration/);
  });
});

describe('a file opened as a design', () => {
  it('is a saved design when it is JSON, a kubeadm configuration otherwise', () => {
    const saved = openedDesign(
      `\uFEFF${designFileText({ presetId: 'course', params: PRESET_DEFAULTS.course, edits: NO_EDITS })}`,
      'saved.txt',
    );
    expect(saved.ok && saved.source).toBe('design');
    const kubeadm = openedDesign(EXAMPLE, 'kubeadm-config.yaml');
    expect(kubeadm.ok && kubeadm.source).toBe('kubeadm');
    expect(kubeadm.ok && kubeadm.design.params.clusterName).toBe('prod-eu1');
    const foreign = openedDesign('{"kind":"other"}', 'other.yaml');
    expect(!foreign.ok && foreign.error).toMatch(/not a Kubernetes TLS Designer design/);
    const damaged = openedDesign('certificates: [not json', 'notes.json');
    expect(!damaged.ok && damaged.error).toMatch(/not JSON/);
  });
});
