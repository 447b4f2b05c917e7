import { accessSync, constants, copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import packagedChromium from '@sparticuz/chromium';
import { BrowserContext, chromium, Page } from 'playwright-core';

const SYSTEM_CHROMIUM = '/usr/bin/chromium';
const SYSTEM_CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** A file, not merely a path: the fresh-machine check (.ci/run) hides the system's with a bind mount of /dev/null. */
function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * Debian's chromium when the machine has it; otherwise the headless Chromium that npm ci
 * installs (@sparticuz/chromium: unpacked into the temporary folder on first use). Shared by
 * the browser tests of the Mock Bank's demo page and of the operator page.
 */
async function browserToLaunch(): Promise<{ executablePath: string; args: string[] }> {
  if (isExecutableFile(SYSTEM_CHROMIUM)) return { executablePath: SYSTEM_CHROMIUM, args: SYSTEM_CHROMIUM_ARGS };
  return { executablePath: await packagedChromium.executablePath(), args: packagedChromium.args };
}

/** A page in a headless Chromium of its own profile, JavaScript off, 1200x900 in UTC: what the page tests drive. */
export class HeadlessPage {
  private constructor(
    readonly page: Page,
    private readonly context: BrowserContext,
    private readonly profile: string,
  ) {}

  static async open(name: string, options: { httpCredentials?: { username: string; password: string } } = {}): Promise<HeadlessPage> {
    const browser = await browserToLaunch();
    const profile = mkdtempSync(join(tmpdir(), `${name}-chromium-`));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: browser.executablePath,
      args: browser.args,
      headless: true,
      javaScriptEnabled: false,
      viewport: { width: 1200, height: 900 },
      deviceScaleFactor: 1,
      timezoneId: 'UTC',
      ...options,
    });
    return new HeadlessPage(context.pages()[0] ?? (await context.newPage()), context, profile);
  }

  /** The whole page to `path`; with UPDATE_SCREENSHOT set, also to `docsPath` (the README's copy). Returns its size. */
  async screenshot(path: string, docsPath: string): Promise<number> {
    mkdirSync(dirname(path), { recursive: true });
    await this.page.screenshot({ path, fullPage: true });
    if (process.env.UPDATE_SCREENSHOT) {
      mkdirSync(dirname(docsPath), { recursive: true });
      copyFileSync(path, docsPath);
    }
    return statSync(path).size;
  }

  async close(): Promise<void> {
    await this.context.close();
    rmSync(this.profile, { recursive: true, force: true });
  }
}
