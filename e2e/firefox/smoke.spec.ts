// Workshop attendees bring Firefox. Playwright's own Firefox build cannot be downloaded here, so
// Debian's firefox-esr is driven over WebDriver BiDi by puppeteer-core: open the kubeadm preset,
// edit it, generate its bundle with ECDSA and RSA keys, and check the downloaded zips with
// openssl, with no Content-Security-Policy violation on the way. Playwright's runner runs this
// file beside the Chromium specs (its own project), against the same built app.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expect, test } from '@playwright/test';
import { unzipSync } from 'fflate';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

const FIREFOX = [process.env.FIREFOX_PATH, '/usr/bin/firefox-esr', '/usr/bin/firefox'].find(
  (p): p is string => !!p && existsSync(p),
);
// CI installs firefox-esr and sets REQUIRE_FIREFOX, so the suite cannot skip there.
test.skip(
  !FIREFOX && !process.env.REQUIRE_FIREFOX,
  'No Firefox here (apt-get install firefox-esr, or FIREFOX_PATH): the Firefox smoke suite is skipped.',
);

let browser: Browser;
let page: Page;
let downloads: string;

test.beforeAll(async () => {
  downloads = mkdtempSync(join(tmpdir(), 'firefox-downloads-'));
  browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    extraPrefsFirefox: {
      // Downloads go straight to a folder of the test's, without a dialog.
      'browser.download.dir': downloads,
      'browser.download.folderList': 2,
      'browser.download.useDownloadDir': true,
      'browser.download.always_ask_before_handling_new_types': false,
      'browser.helperApps.neverAsk.saveToDisk': 'application/zip,application/octet-stream',
    },
  });
  page = await browser.newPage();
  // Every violation the page's policy reports, eval probes included, even when the probe catches its error.
  await page.evaluateOnNewDocument(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (e) =>
      seen.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`),
    );
  });
});

test.afterAll(async () => {
  await browser?.close();
  if (downloads) rmSync(downloads, { recursive: true, force: true });
});

/** Clicks the button a person would, found by its accessible name (aria-label or text). */
async function click(name: string): Promise<void> {
  const handle = await page.waitForFunction(
    (wanted) =>
      [...document.querySelectorAll('button')].find(
        (b) => !b.disabled && (b.getAttribute('aria-label') ?? b.textContent ?? '').trim() === wanted,
      ),
    {},
    name,
  );
  await (handle as unknown as { click(): Promise<void> }).click();
}

/** Waits for a finished zip to appear in the downloads folder (Firefox writes a .part file first). */
async function downloadedZip(before: ReadonlySet<string>): Promise<Uint8Array> {
  for (let i = 0; i < 600; i++) {
    const done = readdirSync(downloads).filter(
      (f) => f.endsWith('.zip') && !before.has(f) && !existsSync(join(downloads, `${f}.part`)),
    );
    if (done.length > 0) return readFileSync(join(downloads, done[0]!));
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`no zip was downloaded; the folder holds ${readdirSync(downloads).join(', ') || 'nothing'}`);
}

test('Firefox: the kubeadm preset draws, takes an edit, and its ECDSA and RSA bundles pass openssl', async ({
  baseURL,
}) => {
  await page.goto(`${baseURL}/?preset=kubeadm`);
  await page.waitForSelector('.react-flow__node-component');
  // At 1280x720 kubeadm is drawn with names only (the level of detail); its certificates on request.
  const apiserver = '[data-testid="rf__node-kube-apiserver@controlplane"]';
  expect(await page.$eval(apiserver, (el) => el.textContent)).not.toContain('apiserver.crt');
  await click('Show every certificate');
  await page.waitForFunction((id) => document.querySelector(id)?.textContent?.includes('apiserver.crt'), {}, apiserver);

  await click('Add worker node');
  await page.waitForSelector('[data-testid="rf__node-host:node02"]');

  for (const algorithm of ['ECDSA-P256', 'RSA-2048']) {
    await page.select('#key-algorithm-select', algorithm);
    const before = new Set(readdirSync(downloads));
    await click('Generate bundle');
    const files = unzipSync(await downloadedZip(before));
    const dir = mkdtempSync(join(tmpdir(), 'firefox-bundle-'));
    for (const [name, bytes] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), bytes);
    }
    const pki = join(dir, 'kubernetes/pki');
    const verify = (ca: string, leaf: string) =>
      execFileSync('openssl', ['verify', '-CAfile', join(pki, ca), join(pki, leaf)], { encoding: 'utf8' });
    expect(verify('ca.crt', 'apiserver.crt')).toContain(': OK');
    expect(verify('etcd/ca.crt', 'etcd/peer.crt')).toContain(': OK');
    expect(verify('front-proxy-ca.crt', 'front-proxy-client.crt')).toContain(': OK');
    // The edit is in the bundle: the new worker's kubelet.conf, its key of the chosen algorithm.
    expect(Object.keys(files)).toContain('kubernetes/nodes/node02/kubelet.conf');
    const text = execFileSync('openssl', ['x509', '-in', join(pki, 'apiserver.crt'), '-noout', '-text'], {
      encoding: 'utf8',
    });
    expect(text).toMatch(algorithm === 'RSA-2048' ? /Public-Key: \(2048 bit\)/ : /ASN1 OID: prime256v1/);
    rmSync(dir, { recursive: true, force: true });
  }
  expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);
});
