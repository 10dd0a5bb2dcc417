import { test as base, expect, type Download, type Locator, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { DesignerPage } from './fixtures';

/** The editing side of the designer: toolbar commands, inspector, chips, CA nodes and notices. */
export class Designer extends DesignerPage {
  readonly editBar: Locator;
  readonly inspector: Locator;
  /** The cluster-wide key algorithm in the header (the credential inspector has one too). */
  readonly designKeyAlgorithm: Locator;
  /** The notice bar's error (refusals, files that were not opened). */
  readonly errorNotice: Locator;

  constructor(page: Page) {
    super(page);
    this.editBar = page.getByRole('toolbar', { name: 'Edit design' });
    this.inspector = page.getByRole('region', { name: 'Inspector' });
    this.designKeyAlgorithm = page.getByRole('banner').getByLabel('Key algorithm', { exact: true });
    this.errorNotice = page.getByRole('alert').and(page.locator('.notice'));
  }

  /** A button of the "Edit design" toolbar, e.g. "Add worker node", "Undo". */
  command(name: string | RegExp): Locator {
    return this.editBar.getByRole('button', { name, exact: true });
  }

  edge(connectionId: string): Locator {
    return this.page.getByTestId(`rf__edge-${connectionId}`);
  }

  /** A credential chip (a button named by its label) inside a component node. */
  chip(componentId: string, label: string): Locator {
    return this.node(componentId).getByRole('button', { name: label, exact: true });
  }

  /** The bordered box inside a CA node (the test id sits on React Flow's wrapper). */
  caBox(caId: string): Locator {
    return this.node(caId).locator('.ca-node');
  }

  /** The host's title bar: clicking it selects the host. */
  hostTitle(hostName: string): Locator {
    return this.node(`host:${hostName}`).locator('.host-title');
  }

  /** Waits for a download started by clicking `target`. */
  async download(target: Locator): Promise<Download> {
    const download = this.page.waitForEvent('download');
    await target.click();
    return download;
  }
}

/** The computed colour of an element's top border, e.g. "rgb(217, 119, 6)". */
export function borderColor(locator: Locator): Promise<string> {
  return locator.evaluate((el) => getComputedStyle(el).borderTopColor);
}

export const openssl = (...args: string[]): string =>
  execFileSync('openssl', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** True when openssl verifies `cert` against `caFile` alone. */
export function verifies(caFile: string, cert: string): boolean {
  try {
    return openssl('verify', '-CAfile', caFile, cert).trim() === `${cert}: OK`;
  } catch {
    return false;
  }
}

export async function downloadedBytes(download: Download): Promise<Buffer> {
  return readFileSync(await download.path());
}

export const test = base.extend<{ designer: Designer }>({
  designer: async ({ page }, use) => {
    await use(new Designer(page));
  },
});

export { expect };
