/**
 * Debian's chromium for the headless-browser checks (`test:browser`, `test:angular`): installed with
 * apt-get when it is missing, launched by playwright-core with a throwaway profile.
 */
import { execSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Installs Debian's chromium when /usr/bin/chromium is missing; throws when it cannot. */
export function ensureChromium(): void {
  if (existsSync(CHROMIUM)) return;
  console.log(`${CHROMIUM} is missing: installing Debian's chromium`);
  try {
    execSync('apt-get update && apt-get install -y chromium', { stdio: 'inherit' });
  } catch (error) {
    throw new Error(
      `could not install chromium with apt-get, so the browser test cannot run: ${String(error)}`,
    );
  }
  if (!existsSync(CHROMIUM)) throw new Error(`apt-get installed chromium, but ${CHROMIUM} is still missing`);
}

/**
 * Opens `url` in headless Chromium, runs `visit` on the page, and closes the browser. Fails if the page
 * throws an uncaught error. `javaScriptEnabled: false` opens it as a reader without JavaScript does.
 */
export async function withPage<T>(
  url: string,
  visit: (page: Page) => Promise<T>,
  { javaScriptEnabled = true }: { readonly javaScriptEnabled?: boolean } = {},
): Promise<T> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'rxjs-as-completed-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS,
    javaScriptEnabled,
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(url);
    const result = await visit(page);
    if (pageErrors.length > 0) throw new Error(`the page threw: ${pageErrors.join('; ')}`);
    return result;
  } finally {
    await context.close();
    rmSync(userDataDir, { recursive: true, force: true });
  }
}
