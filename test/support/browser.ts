/**
 * Headless Chromium for the browser tests, driven by playwright-core: CHROMIUM_PATH, which the
 * test setup (test/support/global-setup.ts) sets to the one it found or installed. Pages run
 * under the Content-Security-Policy the server sends, and record
 * uncaught errors and CSP violations for the tests to assert on.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** The directives the client must live with (the server's policy may add more restrictions). */
export const CSP_DIRECTIVES = ["default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data:", "font-src 'self' data:", "connect-src 'self' ws: wss:"];

export const VIEWPORTS = {
  phone: { width: 390, height: 844 },
  desktop: { width: 1440, height: 900 },
  projector: { width: 1920, height: 1080 },
} as const;

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/**
 * Where the tests write their screenshots: test-results/screenshots by default, so a test run
 * leaves the repository clean; `SCREENSHOT_DIR=docs/screenshots npm test` refreshes the ones the
 * README and the instructor guide show.
 */
export const SCREENSHOT_DIR = join(ROOT, process.env.SCREENSHOT_DIR ?? join('test-results', 'screenshots'));

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

export interface WatchedPage {
  readonly page: Page;
  readonly context: BrowserContext;
  /** Uncaught exceptions and CSP violations seen so far. */
  readonly problems: string[];
}

/**
 * A fresh browser context (its own storage: one device) with one page. `kind` picks the
 * viewport: a phone for students, a laptop for the instructor, a 1080p projector.
 */
export async function openPage(browser: Browser, kind: keyof typeof VIEWPORTS, options: BrowserContextOptions = {}): Promise<WatchedPage> {
  const context = await browser.newContext({
    viewport: VIEWPORTS[kind],
    deviceScaleFactor: 1,
    ...(kind === 'phone' && { isMobile: true, hasTouch: true, deviceScaleFactor: 2 }),
    colorScheme: 'light',
    reducedMotion: 'reduce',
    acceptDownloads: true,
    ...options,
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(message.text())) problems.push(`CSP: ${message.text()}`);
  });
  page.on('response', (response) => {
    if (response.request().resourceType() !== 'document') return;
    const csp = response.headers()['content-security-policy'] ?? '';
    const missing = CSP_DIRECTIVES.filter((d) => !csp.includes(d));
    if (missing.length) problems.push(`document ${response.url()} is served without the CSP directives ${missing.join('; ')}`);
  });
  return { page, context, problems };
}

/** Writes <SCREENSHOT_DIR>/<name>.png. */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  // Let fonts (KaTeX) finish loading so formulas are typeset in their own faces.
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  await page.screenshot({ path, fullPage: options.fullPage ?? false, animations: 'disabled' });
  return path;
}

/**
 * Elements whose content overflows a box that clips or scrolls it, through shadow roots: what a
 * user cannot see without scrolling inside it. KaTeX's MathML copy and visually hidden text are
 * clipped on purpose and left out. `within`: only elements inside one with this tag (reported
 * when there is none); `vertical`: heights too, not only widths.
 */
export function clippedElements(page: Page, options: { within?: string; vertical?: boolean } = {}): Promise<string[]> {
  // A string, so the bundler adds nothing to the function the page runs.
  return page.evaluate(`((within, vertical) => {
    const out = [];
    let containers = 0;
    const walk = (root, inside) => {
      for (const el of root.querySelectorAll('*')) {
        const isContainer = within !== null && el.tagName === within;
        if (isContainer) containers++;
        if (el.shadowRoot) walk(el.shadowRoot, inside || isContainer);
        const cls = String(el.className);
        if (!inside || cls.includes('katex-mathml') || cls.includes('visually-hidden')) continue;
        const style = getComputedStyle(el);
        if (vertical && style.overflowY !== 'visible' && el.scrollHeight > el.clientHeight + 1) out.push(el.tagName + '.' + cls + ' tall ' + el.scrollHeight + '/' + el.clientHeight);
        if (style.overflowX !== 'visible' && el.scrollWidth > el.clientWidth + 1) out.push(el.tagName + '.' + cls + ' wide ' + el.scrollWidth + '/' + el.clientWidth);
      }
    };
    walk(document, within === null);
    if (within !== null && containers === 0) out.push('no ' + within.toLowerCase() + ' on the page');
    return out;
  })(${JSON.stringify(options.within?.toUpperCase() ?? null)}, ${options.vertical === true})`);
}
