/**
 * A real server and a real headless Chromium for one browser test file: started before its tests,
 * closed after them (the pages first, as devices leave at the end of a class, then the browser and
 * the server). `open` gives a fresh device (its own storage) of the kind asked for.
 */
import { afterAll, beforeAll } from 'vitest';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import type { RunningServer } from '../../server/app.js';
import { launchBrowser, openPage, VIEWPORTS, type WatchedPage } from './browser.js';
import { startTestServer } from './server.js';
import type { ServerConfig } from '../../server/config.js';

export interface LiveClass {
  readonly browser: Browser;
  readonly server: RunningServer;
  open(kind: keyof typeof VIEWPORTS, options?: BrowserContextOptions): Promise<WatchedPage>;
}

/** `overrides`: the server's configuration (e.g. `publicUrl`, the address phones would use in a classroom). */
export function liveClass(overrides: Partial<ServerConfig> = {}): LiveClass {
  let browser: Browser | undefined;
  let server: RunningServer | undefined;
  const pages: WatchedPage[] = [];
  beforeAll(async () => {
    browser = await launchBrowser();
    server = await startTestServer(overrides);
  });
  afterAll(async () => {
    await Promise.all(pages.map((p) => p.context.close()));
    await browser?.close();
    await server?.close();
  });
  return {
    get browser() {
      return browser!;
    },
    get server() {
      return server!;
    },
    async open(kind, options) {
      const page = await openPage(browser!, kind, options);
      pages.push(page);
      return page;
    },
  };
}

/** A student joining `code` on this page by name, until their name and points show. */
export async function joinAs(page: Page, url: string, code: string, name: string): Promise<void> {
  await page.goto(`${url}/join/${code}`);
  await page.getByLabel('Your name').fill(name);
  await page.getByRole('button', { name: 'Join' }).click();
  await page.getByTestId('me').waitFor();
}
