import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { KEY_ALGORITHMS } from '../pki/keyAlgorithm';
import { buildPreset } from '../topology/presets';
import { caCommands, credentialCommands } from './opensslCommands';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const scratch = () => {
  const dir = mkdtempSync(join(tmpdir(), 'openssl-commands-'));
  dirs.push(dir);
  return dir;
};

const text = (dir: string, file: string, ...args: string[]) =>
  execFileSync('openssl', ['x509', '-in', join(dir, file), '-noout', ...args], { encoding: 'utf8' });

describe.each(['RSA-2048', 'ECDSA-P256', 'ECDSA-P384'] as const)('the openssl commands shown for %s', (algorithm) => {
  test("make, with the real openssl, a CA and leaves with the design's subject, SANs and usages", () => {
    expect(KEY_ALGORITHMS).toContain(algorithm);
    const topology = buildPreset('kubeadm');
    const ca = topology.cas.find((c) => c.id === 'ca:ca')!;
    const dir = scratch();
    const run = (commands: string[]) =>
      execFileSync('bash', ['-euo', 'pipefail', '-c', commands.join('\n')], { cwd: dir, stdio: 'pipe' });
    run(caCommands(ca, algorithm));
    expect(text(dir, 'ca.crt', '-ext', 'basicConstraints,keyUsage')).toMatch(
      /critical\s+CA:TRUE[\s\S]*critical\s+Digital Signature, Key Encipherment, Certificate Sign/,
    );

    for (const id of ['cred:apiserver@controlplane', 'cred:kubelet.conf@node01', 'cred:etcd-server@controlplane']) {
      const credential = topology.credentials.find((c) => c.id === id)!;
      const signer = credential.caId === ca.id ? ca : topology.cas.find((c) => c.id === credential.caId)!;
      if (signer !== ca) run(caCommands(signer, algorithm));
      const commands = credentialCommands(credential, signer, algorithm);
      run(commands);
      const file = commands.at(-1)!.match(/-out (\S+)$/)![1]!;
      execFileSync('openssl', ['verify', '-CAfile', join(dir, signer.certFile.replace(/^.*\//, '')), join(dir, file)], {
        stdio: 'pipe',
      });
      const subject = text(dir, file, '-subject', '-nameopt', 'RFC2253').trim();
      const expected = [...credential.subject]
        .reverse()
        .map((a) => `${a.type}=${a.value}`)
        .join(',');
      expect(subject).toBe(`subject=${expected}`);
      const ext = text(dir, file, '-ext', 'subjectAltName,extendedKeyUsage');
      for (const dns of credential.dnsNames) expect(ext).toContain(`DNS:${dns}`);
      expect(ext.includes('TLS Web Server Authentication')).toBe(credential.serverAuth);
      expect(ext.includes('TLS Web Client Authentication')).toBe(credential.clientAuth);
      const made = text(dir, file, '-text');
      expect(made).toContain(
        { 'RSA-2048': 'Public-Key: (2048 bit)', 'ECDSA-P256': 'prime256v1', 'ECDSA-P384': 'secp384r1' }[algorithm],
      );
      // Signed with the hash the generator uses for a CA of this key type (Go's choice).
      expect(made).toContain(
        { 'RSA-2048': 'sha256WithRSAEncryption', 'ECDSA-P256': 'ecdsa-with-SHA256', 'ECDSA-P384': 'ecdsa-with-SHA384' }[
          algorithm
        ],
      );
    }
  });
});

describe.each(['bash', 'dash'])('the openssl commands shown, pasted into %s', (shell) => {
  test('give every certificate, CA and intermediate alike, its own random serial of at most 63 bits, and leave no .srl file', () => {
    const topology = buildPreset('kubeadm');
    const ca = topology.cas.find((c) => c.id === 'ca:ca')!;
    const intermediate = {
      ...ca,
      id: 'ca:mid' as typeof ca.id,
      name: 'mid',
      certFile: 'mid.crt',
      keyFile: 'mid.key',
      parentCaId: ca.id,
    };
    const leaves = ['cred:apiserver@controlplane', 'cred:kubelet.conf@node01', 'cred:admin.conf'].map((id) =>
      topology.credentials.find((c) => c.id === id)!,
    );
    const dir = scratch();
    const commands = [
      ...caCommands(ca, 'ECDSA-P256'),
      ...caCommands(intermediate, 'ECDSA-P256', 'bare', ca),
      ...leaves.flatMap((c) => credentialCommands(c, ca, 'ECDSA-P256')),
      ...leaves.flatMap((c) =>
        credentialCommands(
          { ...c, files: { cert: `mid-${c.id.replace(/\W/g, '')}.crt`, key: `mid-${c.id.replace(/\W/g, '')}.key` } },
          intermediate,
          'ECDSA-P256',
        ),
      ),
    ];
    execFileSync(shell, ['-euc', commands.join('\n')], { cwd: dir, stdio: 'pipe' });
    const made = readdirSync(dir).filter((f) => f.endsWith('.crt'));
    expect(made).toHaveLength(2 + 2 * leaves.length);
    expect(readdirSync(dir).filter((f) => f.endsWith('.srl'))).toEqual([]);
    const serials = made.map((f) =>
      BigInt(
        `0x${text(dir, f, '-serial')
          .trim()
          .replace(/^serial=/, '')}`,
      ),
    );
    for (const s of serials) expect(s > 0n && s < 2n ** 63n, s.toString(16)).toBe(true);
    expect(new Set(serials).size).toBe(serials.length);
  });
});
