import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { unzipSync } from 'fflate';
import { parse } from 'yaml';
import { builtCli } from '../src/cli/testing/builtCli';
import { unzipDownload } from './fixtures';
import { expect, openssl, test } from './designerPage';

/** What a certificate says, keys aside: subject, issuer, SANs, usages, CA flag and lifetime in seconds. */
function fields(pem: string, dir: string): string {
  const file = join(dir, 'cert-under-test.pem');
  writeFileSync(file, pem);
  const text = openssl(
    'x509',
    '-in',
    file,
    '-noout',
    '-subject',
    '-issuer',
    '-nameopt',
    'RFC2253',
    '-ext',
    'subjectAltName,keyUsage,extendedKeyUsage,basicConstraints',
  );
  const dates = openssl('x509', '-in', file, '-noout', '-startdate', '-enddate').match(
    /notBefore=(.*)\nnotAfter=(.*)/,
  )!;
  return `${text}lifetime=${(Date.parse(dates[2]!) - Date.parse(dates[1]!)) / 1000}`;
}

/** Every certificate of an unzipped bundle by path: .crt files, and the client certificates kubeconfigs embed. */
function certificates(dir: string, paths: readonly string[], root: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const p of paths) {
    if (p.endsWith('.crt')) found.set(p.slice(root.length), fields(readFileSync(join(dir, p), 'utf8'), dir));
    if (p.endsWith('.conf')) {
      const doc = parse(readFileSync(join(dir, p), 'utf8')) as {
        users: Array<{ user: { 'client-certificate-data': string } }>;
      };
      found.set(
        p.slice(root.length),
        fields(Buffer.from(doc.users[0]!.user['client-certificate-data'], 'base64').toString(), dir),
      );
    }
  }
  return found;
}

test('the command line makes, from the design the browser saved, the bundle the browser made: same files, same certificate fields', async ({
  designer,
  page,
}) => {
  test.setTimeout(120_000);
  await designer.open('?preset=kubeadm');
  await designer.designKeyAlgorithm.selectOption('ECDSA-P256');
  await page.getByRole('button', { name: 'Add worker node', exact: true }).click();
  const saved = await designer.download(page.getByRole('button', { name: 'Save design', exact: true }));
  const browser = await unzipDownload(await designer.generate());
  const designFile = join(browser.dir, 'design.json');
  writeFileSync(designFile, readFileSync(await saved.path()));
  const zip = join(browser.dir, 'cli.zip');
  execFileSync(process.execPath, [builtCli(), 'generate', designFile, '-o', zip], { stdio: 'pipe' });
  const entries = unzipSync(readFileSync(zip));
  const cliDir = join(browser.dir, 'from-cli');
  for (const [p, bytes] of Object.entries(entries)) {
    mkdirSync(dirname(join(cliDir, p)), { recursive: true });
    writeFileSync(join(cliDir, p), bytes);
  }
  const cliPaths = Object.keys(entries).sort();
  expect(cliPaths).toEqual(browser.paths);
  const fromBrowser = certificates(browser.dir, browser.paths, '');
  const fromCli = certificates(cliDir, cliPaths, '');
  expect(fromBrowser.size).toBeGreaterThan(20);
  expect([...fromCli.keys()]).toEqual([...fromBrowser.keys()]);
  for (const [p, text] of fromBrowser) expect(fromCli.get(p), p).toBe(text);
});
