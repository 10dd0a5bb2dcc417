// Manifests for in-cluster TLS (issue 13): the Secret of each in-cluster server round-trips through
// `kubectl create secret tls --dry-run=client -o yaml` (same data), and the cert-manager resources
// parse, use cert-manager.io/v1, and say what the design says. kubectl comes from Debian's
// kubernetes-client where it is missing; .ci/run installs it and sets REQUIRE_KUBECTL=1.
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { commonNameOf, organizationsOf } from '../pki/profile';
import { topologyOf } from '../topology/design';
import { addCa, addCustomComponent, moveCredentialToCa, updateCredential } from '../topology/edits';
import type { CaId, Topology } from '../topology/model';
import { buildBundleFiles } from './bundle';
import { generatePki, type GeneratedPki } from './generate';
import { certManagerYaml, inClusterCredentials, manifestFiles, objectName } from './manifests';
import { makeTempDir, openssl, type TempDir } from './testing/bundleOnDisk';
import { haDesign } from './testing/haDesign';

const haveKubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;
if (!haveKubectl && process.env.REQUIRE_KUBECTL)
  throw new Error('REQUIRE_KUBECTL is set but kubectl is missing: apt-get install kubernetes-client');

const design = haDesign();
const topology: Topology = topologyOf(design);
let pki: GeneratedPki;
let dir: TempDir;
beforeAll(async () => {
  pki = await generatePki(topology);
  dir = makeTempDir('manifests-');
});
afterAll(() => dir?.cleanup());

const decode = (b64: string) => Buffer.from(b64, 'base64').toString('utf8');
interface SecretDoc {
  apiVersion: string;
  kind: string;
  type: string;
  metadata: { name: string; namespace?: string };
  data: Record<string, string>;
}

describe('manifests for the servers that run in the cluster', () => {
  it("only in-cluster servers get them: the ingress controller and the aggregated API server, not kubeadm's own", () => {
    expect(
      inClusterCredentials(topology)
        .map((c) => c.label)
        .sort(),
    ).toEqual(['ingress-controller.crt']);
    const paths = buildBundleFiles(topology, pki, { layout: 'per-host', externalCa: false }, design)
      .map((f) => f.path)
      .filter((p) => p.startsWith('manifests/'));
    expect(paths.sort()).toEqual(['manifests/cert-manager.yaml', 'manifests/ingress-controller-tls-secret.yaml']);
  });

  it.skipIf(!haveKubectl)(
    'the Secret is what kubectl create secret tls writes for the same files, plus ca.crt that verifies it',
    () => {
      const file = manifestFiles(topology, pki, false).find((f) => f.path.endsWith('-secret.yaml'))!;
      const ours = parse(String(file.content)) as SecretDoc;
      const cert = dir.write('tls.crt', decode(ours.data['tls.crt']!));
      const key = dir.write('tls.key', decode(ours.data['tls.key']!));
      const run = spawnSync(
        'kubectl',
        [
          'create',
          'secret',
          'tls',
          ours.metadata.name,
          `--cert=${cert}`,
          `--key=${key}`,
          '-n',
          'default',
          '--dry-run=client',
          '-o',
          'yaml',
        ],
        { encoding: 'utf8' },
      );
      expect(run.status, run.stderr).toBe(0);
      const theirs = parse(run.stdout) as SecretDoc;
      expect(ours.type).toBe(theirs.type);
      expect(ours.metadata.name).toBe(theirs.metadata.name);
      expect(ours.metadata.namespace).toBe(theirs.metadata.namespace);
      expect(ours.data['tls.crt']).toBe(theirs.data['tls.crt']);
      expect(ours.data['tls.key']).toBe(theirs.data['tls.key']);
      const ca = dir.write('ca.crt', decode(ours.data['ca.crt']!));
      expect(openssl(['verify', '-CAfile', ca, cert])).toContain(': OK');
    },
  );

  it("the cluster CA's key never goes into the cluster: signed by it, the Issuer says which Secret to make and why", () => {
    const text = certManagerYaml(topology, pki, false);
    expect(parseAllDocuments(text).map((d) => (d.toJS() as { kind: string }).kind)).toEqual(['Issuer', 'Certificate']);
    expect(text).toMatch(/Kubernetes CA signs more than these servers, so its key is not written into the cluster/);
    expect(text).not.toContain(
      Buffer.from(pki.cas.get('ca:ca' as never)!.keyPem)
        .toString('base64')
        .slice(0, 40),
    );
  });

  it("cert-manager, for a CA of their own: a CA Issuer with its Secret, and a Certificate whose fields are the design's", async () => {
    const own = topologyOf(
      moveCredentialToCa(inClusterCredentials(topology)[0]!.id, 'ca:custom-ca1' as CaId)(addCa(design)),
    );
    const ownPki = await generatePki(own);
    const docs = parseAllDocuments(certManagerYaml(own, ownPki, false)).map(
      (d) => d.toJS() as Record<string, unknown> & { kind: string; apiVersion: string },
    );
    expect(
      docs.every((d) => (d.kind === 'Secret' ? d.apiVersion === 'v1' : d.apiVersion === 'cert-manager.io/v1')),
    ).toBe(true);
    const issuer = docs.find((d) => d.kind === 'Issuer') as unknown as {
      metadata: { name: string };
      spec: { ca: { secretName: string } };
    };
    const caSecret = docs.find((d) => d.kind === 'Secret') as unknown as SecretDoc;
    expect(caSecret.metadata.name).toBe(issuer.spec.ca.secretName);
    const cred = inClusterCredentials(own)[0]!;
    expect(cred.caId).toBe('ca:custom-ca1');
    expect(decode(caSecret.data['tls.crt']!)).toBe(ownPki.cas.get(cred.caId)!.certPem);
    const caKey = dir.write('issuer.key', decode(caSecret.data['tls.key']!));
    const caCert = dir.write('issuer.crt', decode(caSecret.data['tls.crt']!));
    expect(openssl(['pkey', '-in', caKey, '-pubout'])).toBe(openssl(['x509', '-in', caCert, '-noout', '-pubkey']));
    const certificate = docs.find((d) => d.kind === 'Certificate') as unknown as {
      spec: Record<string, unknown> & { issuerRef: { name: string; kind: string } };
    };
    expect(certificate.spec).toMatchObject({
      secretName: 'ingress-controller-tls',
      commonName: commonNameOf(cred.subject),
      dnsNames: cred.dnsNames,
      duration: `${cred.validityDays * 24}h`,
      usages: ['digital signature', 'key encipherment', 'server auth'],
      privateKey: { algorithm: 'ECDSA', size: 256 },
      issuerRef: { name: issuer.metadata.name, kind: 'Issuer', group: 'cert-manager.io' },
    });
    expect(certificate.spec.ipAddresses ?? []).toEqual(cred.ipAddresses);
    expect((certificate.spec.subject as { organizations?: string[] } | undefined)?.organizations ?? []).toEqual(
      organizationsOf(cred.subject),
    );
  });

  it('external-CA mode: no CA key is written; the Issuer says which Secret to create', () => {
    const text = certManagerYaml(topology, pki, true);
    expect(parseAllDocuments(text).map((d) => (d.toJS() as { kind: string }).kind)).toEqual(['Issuer', 'Certificate']);
    expect(text).toContain('Create the Secret');
  });

  it('object names are DNS-1123 names whatever a file is called', () => {
    expect(objectName('My Ingress_Controller.crt', '-tls')).toBe('my-ingress-controller-tls');
    expect(objectName('$(reboot).crt')).toBe('reboot');
  });
});

describe('two in-cluster servers whose files share a name', () => {
  it('get distinct Secrets and Certificates, none replacing the other', async () => {
    let d = haDesign();
    const node02 = topologyOf(d).hosts.find((h) => h.name === 'node02')!.id;
    d = addCustomComponent('server', 'ingress controller', node02)(d);
    // The second one's files moved into a folder of their own, under the first one's name.
    const second = inClusterCredentials(topologyOf(d))[1]!;
    d = updateCredential(second.id, {
      files: { cert: 'web/ingress-controller.crt', key: 'web/ingress-controller.key' },
    })(d);
    const t = topologyOf(d);
    const creds = inClusterCredentials(t);
    expect(creds.length).toBe(2);
    expect(new Set(creds.map((c) => c.files!.cert.replace(/^.*\//, ''))).size).toBe(1);
    const files = manifestFiles(t, await generatePki(t), false);
    expect(files.map((f) => f.path).sort()).toEqual([
      'manifests/cert-manager.yaml',
      'manifests/ingress-controller-2-tls-secret.yaml',
      'manifests/ingress-controller-tls-secret.yaml',
    ]);
    const certificates = parseAllDocuments(String(files.at(-1)!.content))
      .map((doc) => doc.toJS() as { kind: string; spec?: { secretName?: string } })
      .filter((doc) => doc.kind === 'Certificate');
    expect(certificates.map((c) => c.spec!.secretName).sort()).toEqual([
      'ingress-controller-2-tls',
      'ingress-controller-tls',
    ]);
  });
});
