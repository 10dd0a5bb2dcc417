import { test as base, expect, type Download, type Locator, type Page } from '@playwright/test';
import { unzipSync } from 'fflate';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** The designer page, as a user sees it: found by role and label. */
export class DesignerPage {
  readonly preset: Locator;
  readonly keyAlgorithm: Locator;
  readonly generateButton: Locator;
  readonly cancelButton: Locator;
  readonly status: Locator;
  readonly canvas: Locator;

  constructor(readonly page: Page) {
    this.preset = page.getByLabel('Preset', { exact: true });
    this.keyAlgorithm = page.getByLabel('Key algorithm', { exact: true });
    this.generateButton = page.getByRole('button', { name: 'Generate bundle' });
    this.cancelButton = page.getByRole('button', { name: 'Cancel' });
    this.status = page.getByRole('banner').getByRole('status');
    this.canvas = page.getByRole('region', { name: 'Topology' });
  }

  /**
   * Opens the designer. Most tests work with chips, which the fitted view may leave out (view.ts's
   * level of detail: kubeadm at 1280x720 shows names only), so every certificate is asked for (the
   * tab keeps the choice through reloads); `detail: 'auto'` keeps or restores the default level.
   */
  async open(
    query = '',
    { detail = 'every certificate' }: { detail?: 'every certificate' | 'auto' } = {},
  ): Promise<void> {
    await this.page.goto(`/${query}`);
    await expect(this.page.locator('.react-flow__node-component').first()).toBeVisible();
    const every = this.page.getByRole('button', { name: 'Show every certificate' });
    const wanted = detail === 'auto' ? 'false' : 'true';
    if ((await every.getAttribute('aria-pressed')) !== wanted) await every.click();
    await expect(every).toHaveAttribute('aria-pressed', wanted);
    // As if just opened: the focus, and where Tab goes next, back at the start of the page.
    await this.page.evaluate(() => {
      document.body.tabIndex = -1;
      document.body.focus();
      document.body.removeAttribute('tabindex');
    });
  }

  node(id: string): Locator {
    return this.page.getByTestId(`rf__node-${id}`);
  }

  /** Clicks Generate bundle and waits for the download it starts by itself. */
  async generate(): Promise<Download> {
    const download = this.page.waitForEvent('download', { timeout: 120_000 });
    await this.generateButton.click();
    return download;
  }
}

/** Unzips a downloaded bundle into a fresh folder; returns the folder and the paths inside. */
export async function unzipDownload(download: Download): Promise<{ dir: string; paths: string[] }> {
  const zipPath = await download.path();
  const { readFileSync } = await import('node:fs');
  const entries = unzipSync(readFileSync(zipPath));
  const dir = mkdtempSync(join(tmpdir(), 'tls-designer-e2e-'));
  for (const [path, bytes] of Object.entries(entries)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), bytes);
  }
  return { dir, paths: Object.keys(entries).sort() };
}

export const test = base.extend<{ designer: DesignerPage }>({
  designer: async ({ page }, use) => {
    await use(new DesignerPage(page));
  },
});

export { expect };
