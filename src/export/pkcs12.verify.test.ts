// PKCS#12 files of people's client credentials, checked by OpenSSL 3 and by Node's TLS.
import { execFileSync } from 'node:child_process';
import tls from 'node:tls';
import { afterAll, describe, expect, it } from 'vitest';
import { createCa, issueLeaf } from '../pki/issue';
import type { KeyAlgorithm } from '../pki/keyAlgorithm';
import { topologyOf } from '../topology/design';
import { buildBundleFiles } from './bundle';
import { isBundleOnly } from './bundlePlan';
import { generatePki } from './generate';
import { pkcs12, pkcs12Files } from './pkcs12';
import { makeTempDir } from './testing/bundleOnDisk';
import { haDesign } from './testing/haDesign';

const dir = makeTempDir('pkcs12-');
afterAll(() => dir.cleanup());
const PASSWORD = 'correct horse battery stäple';

describe.each([['RSA-2048'], ['ECDSA-P256'], ['ECDSA-P384']] as const)(
  'a %s client credential as PKCS#12',
  (algorithm: KeyAlgorithm) => {
    it('opens with openssl pkcs12 (OpenSSL 3) with the password, AES-256 and PBKDF2-SHA256, and holds the key, the leaf and its CA', async () => {
      const ca = await createCa(
        {
          subject: [{ type: 'CN', value: 'kubernetes' }],
          isCa: true,
          serverAuth: false,
          clientAuth: false,
          dnsNames: [],
          ipAddresses: [],
          validityDays: 30,
        },
        algorithm,
      );
      const leaf = await issueLeaf(
        {
          subject: [
            { type: 'CN', value: 'kubernetes-admin' },
            { type: 'O', value: 'kubeadm:cluster-admins' },
          ],
          isCa: false,
          serverAuth: false,
          clientAuth: true,
          dnsNames: [],
          ipAddresses: [],
          validityDays: 30,
        },
        algorithm,
        ca,
      );
      const p12 = await pkcs12(leaf.certPem, leaf.keyPem, [ca.certPem], PASSWORD, 'kubernetes-admin');
      const file = dir.write(`${algorithm}.p12`, p12);
      const info = execFileSync('openssl', ['pkcs12', '-info', '-in', file, '-passin', `pass:${PASSWORD}`, '-noenc'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      expect(info).toContain('friendlyName: kubernetes-admin');
      expect(info).toMatch(/subject=.*CN\s?=\s?kubernetes-admin/);
      expect(info).toMatch(/issuer=.*CN\s?=\s?kubernetes/);
      const header = execFileSync(
        'bash',
        ['-c', `openssl pkcs12 -info -in '${file}' -passin 'pass:${PASSWORD}' -noout 2>&1`],
        { encoding: 'utf8' },
      );
      expect(header).toContain('MAC: sha256');
      expect(header).toMatch(/PBES2, PBKDF2, AES-256-CBC, Iteration 2048, PRF hmacWithSHA256/);
      // The key inside is the credential's.
      const key = execFileSync(
        'bash',
        ['-c', `openssl pkcs12 -in '${file}' -passin 'pass:${PASSWORD}' -nocerts -noenc | openssl pkey -pubout`],
        { encoding: 'utf8' },
      );
      const certFile = dir.write(`${algorithm}.crt`, leaf.certPem);
      expect(key).toBe(execFileSync('openssl', ['x509', '-in', certFile, '-noout', '-pubkey'], { encoding: 'utf8' }));
      // A wrong password is refused.
      expect(() =>
        execFileSync('openssl', ['pkcs12', '-info', '-in', file, '-passin', 'pass:wrong', '-noout'], { stdio: 'pipe' }),
      ).toThrow();
      // And Node's TLS loads it as a client identity.
      expect(() => tls.createSecureContext({ pfx: Buffer.from(p12), passphrase: PASSWORD })).not.toThrow();
      expect(() => tls.createSecureContext({ pfx: Buffer.from(p12), passphrase: 'wrong' })).toThrow();
    });
  },
);

describe('PKCS#12 files in a bundle', () => {
  it('are listed by the README, made the same by make-certs.sh with P12_PASSWORD, and stop it without one', async () => {
    const design = haDesign();
    const topology = topologyOf(design);
    const pki = await generatePki(topology);
    const p12 = await pkcs12Files(topology, pki, PASSWORD);
    expect([...p12.keys()].sort()).toEqual(['admin.p12', 'super-admin.p12']);
    for (const layout of ['design', 'per-host'] as const) {
      const files = buildBundleFiles(topology, pki, { layout, externalCa: false }, design, p12);
      const bundle = dir.write(
        `${layout}/make-certs.sh`,
        String(files.find((f) => f.path === 'make-certs.sh')!.content),
      );
      const readme = String(files.find((f) => f.path === 'README.txt')!.content);
      const p12Paths = files.filter((f) => f.path.endsWith('.p12')).map((f) => f.path);
      expect(p12Paths.length).toBeGreaterThanOrEqual(2);
      for (const p of p12Paths) expect(readme).toContain(`    ${p}  `);
      const out = dir.path(`${layout}/out`);
      const refused = execFileSync('bash', ['-c', `bash '${bundle}' '${out}-none' 2>&1; echo "exit $?"`], {
        encoding: 'utf8',
        env: { ...process.env, P12_PASSWORD: '' },
      });
      expect(refused).toMatch(/set P12_PASSWORD[\s\S]*exit 2/);
      execFileSync('bash', [bundle, out], { stdio: 'pipe', env: { ...process.env, P12_PASSWORD: PASSWORD } });
      const made = execFileSync('bash', ['-c', `cd '${out}' && find . -type f | sed 's|^./||' | sort`], {
        encoding: 'utf8',
      })
        .trim()
        .split('\n');
      expect(made).toEqual(
        files
          .map((f) => f.path)
          .filter((p) => !isBundleOnly(p))
          .sort(),
      );
      for (const p of p12Paths) {
        expect(
          execFileSync(
            'bash',
            ['-c', `openssl pkcs12 -info -in '${out}/${p}' -passin 'pass:${PASSWORD}' -noout 2>&1`],
            { encoding: 'utf8' },
          ),
        ).toContain('MAC: sha256');
      }
    }
  });
});
