import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { CHROMIUM_PATH } from './chromiumPath'

/**
 * Flags for a quiet, deterministic headless Chromium: no sandbox (containers), no GPU, and none of
 * the background traffic (updates, sync, QUIC) that would make network assertions noisy.
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
]

/** A launched browser; playwright gives each launch a throwaway profile directory of its own. */
export interface E2eBrowser {
  readonly browser: Browser
  /** A fresh context (empty storage) with a phone-sized viewport; `userAgent` e.g. WeChat's browser's. */
  newPhone(options?: { userAgent?: string; locale?: string }): Promise<{ context: BrowserContext; page: Page }>
  close(): Promise<void>
}

/**
 * Launches the system Chromium through playwright-core. `launch()` creates (and later deletes) a fresh
 * temporary profile, and every context starts with empty storage, so nothing from an earlier run can
 * make a step pass.
 */
export async function launchBrowser(): Promise<E2eBrowser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS],
    timeout: 60_000,
  })
  return {
    browser,
    async newPhone(options = {}) {
      // deviceScaleFactor 1 keeps the screenshots small enough to commit.
      const context = await browser.newContext({
        viewport: { width: 375, height: 740 },
        deviceScaleFactor: 1,
        locale: options.locale ?? 'zh-CN',
        ...(options.userAgent === undefined ? {} : { userAgent: options.userAgent }),
      })
      // Hermetic: only loopback servers answer. uni's H5 runtime fetches a decoration image from its
      // CDN; cutting it keeps the run independent of DNS and of the network.
      await context.route(/^(?!https?:\/\/127\.0\.0\.1[:/])[a-z]+:\/\//i, (route) => route.abort('blockedbyclient'))
      context.setDefaultTimeout(15_000)
      context.setDefaultNavigationTimeout(30_000)
      const page = await context.newPage()
      return { context, page }
    },
    close: () => browser.close(),
  }
}
