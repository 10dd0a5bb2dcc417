import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { topologyOf } from '../topology/design';
import { buildPreset, PRESET_DEFAULTS } from '../topology/presets';
import { buildBundleFiles } from './bundle';
import { generatePki } from './generate';
import { importPki } from './importPki';
import { kubeadmTree } from './testing/importMaterial';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe.each([
  ['RSA-2048', 'openssl genrsa -traditional -out ca.key 2048'],
  ['ECDSA-P256', 'openssl ecparam -name prime256v1 -genkey -noout -out ca.key'],
  ['ECDSA-P384', 'openssl ecparam -name secp384r1 -genkey -noout -out ca.key'],
] as const)('re-signing with an existing %s CA made by openssl', (algorithm, keyCommand) => {
  test('the CA is kept byte for byte and the new leaves verify against the existing ca.crt', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reissue-'));
    dirs.push(dir);
    execFileSync(
      'bash',
      [
        '-euo',
        'pipefail',
        '-c',
        `${keyCommand}
openssl req -x509 -new -key ca.key -sha256 -days 3650 -subj /CN=kubernetes -addext 'basicConstraints=critical,CA:TRUE' -addext 'keyUsage=critical,digitalSignature,keyEncipherment,keyCertSign' -out ca.crt`,
      ],
      { cwd: dir, stdio: 'pipe' },
    );
    const certPem = readFileSync(join(dir, 'ca.crt'), 'utf8');
    const keyPem = readFileSync(join(dir, 'ca.key'), 'utf8');
    const topology = buildPreset('kubeadm', { ...PRESET_DEFAULTS.kubeadm, keyAlgorithm: algorithm });
    const pki = await generatePki(topology, { reuseCas: { 'ca:ca': { certPem, keyPem } } });
    expect(pki.cas.get(topology.cas[0]!.id)?.certPem).toBe(certPem);
    for (const id of ['cred:apiserver@controlplane', 'cred:admin.conf', 'cred:kubelet.conf@node01'] as const) {
      const leaf = join(dir, `${id.replace(/\W/g, '_')}.crt`);
      writeFileSync(leaf, [...pki.credentials].find(([k]) => k === id)![1].certPem);
      expect(
        execFileSync('openssl', ['verify', '-CAfile', join(dir, 'ca.crt'), leaf], { encoding: 'utf8' }).trim(),
      ).toBe(`${leaf}: OK`);
    }
    // The other CAs of the design are new, as nothing was imported for them.
    expect(pki.cas.get(topology.cas[1]!.id)?.certPem).not.toBe(certPem);
  });
});

describe('re-issuing an imported PKI', () => {
  test('writes the imported service-account pair back byte for byte, unless rotation is chosen', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reissue-sa-'));
    dirs.push(dir);
    // An sa pair made by openssl, as kubeadm's own would be on a real control plane.
    execFileSync(
      'bash',
      [
        '-euo',
        'pipefail',
        '-c',
        'openssl genrsa -traditional -out sa.key 2048 && openssl pkey -in sa.key -pubout -out sa.pub',
      ],
      { cwd: dir, stdio: 'pipe' },
    );
    const [saKey, saPub] = [readFileSync(join(dir, 'sa.key'), 'utf8'), readFileSync(join(dir, 'sa.pub'), 'utf8')];
    const tree = await kubeadmTree();
    const files = tree.files.map((f) =>
      f.name.endsWith('pki/sa.key')
        ? { ...f, bytes: new TextEncoder().encode(saKey) }
        : f.name.endsWith('pki/sa.pub')
          ? { ...f, bytes: new TextEncoder().encode(saPub) }
          : f,
    );
    const report = await importPki(files);
    expect(report.refused).toBeNull();
    expect(report.keyPairs['keypair:sa']).toEqual({ privatePem: saKey, publicPem: saPub });

    const topology = topologyOf(report.design);
    const kept = buildBundleFiles(topology, await generatePki(topology, { keepKeyPairs: report.keyPairs }));
    expect(kept.find((f) => f.path === 'pki/sa.key')?.content).toBe(saKey);
    expect(kept.find((f) => f.path === 'pki/sa.pub')?.content).toBe(saPub);

    const rotated = buildBundleFiles(topology, await generatePki(topology));
    expect(rotated.find((f) => f.path === 'pki/sa.key')?.content).not.toBe(saKey);
    expect(rotated.find((f) => f.path === 'pki/sa.pub')?.content).not.toBe(saPub);
  });
});
