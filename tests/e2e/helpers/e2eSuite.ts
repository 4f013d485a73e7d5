import { afterAll, afterEach, beforeAll } from 'vitest'
import type { BrowserContext, Page } from 'playwright-core'
import { launchBrowser, type E2eBrowser } from './browser'
import { createDevApi, type DevApi } from './devApi'
import { e2eEnv, type E2eEnv } from './e2eEnv'
import { createReferenceServer, type ReferenceServer } from './referenceServer'
import { createScreenshots, type Screenshots } from './screenshots'

/**
 * The server's WeChat timeout for the suite. It must stay well below the client's 10 s request
 * timeout, so a WeChat that never answers ends as a server answer (503) the page can explain.
 */
export const SUITE_WX_TIMEOUT_MS = 1_500

/** What every browser spec works with; filled in by the `beforeAll` of {@link useE2eSuite}. */
export interface E2eSuite {
  readonly env: E2eEnv
  server: ReferenceServer
  api: DevApi
  browser: E2eBrowser
  shots: Screenshots
  /** A fresh phone-sized page with empty storage; closed after the file. */
  newPage(options?: { userAgent?: string; locale?: string }): Promise<Page>
}

/**
 * Registers the hooks one browser spec file needs: the reference server on the port the H5 build
 * was compiled against, a Chromium, the dev API and a screenshot recorder numbered from
 * `firstShot`. Returns the suite object the tests read after `beforeAll` ran.
 */
export function useE2eSuite(firstShot: number): E2eSuite {
  const env = e2eEnv()
  const contexts: BrowserContext[] = []
  // Uncaught errors of any page the suite opened, since the last test ended.
  const pageErrors: string[] = []
  const suite = { env } as E2eSuite

  beforeAll(async () => {
    suite.server = await createReferenceServer({
      port: env.serverPort,
      corsOrigin: env.appURL,
      wxTimeoutMs: SUITE_WX_TIMEOUT_MS,
    })
    suite.api = createDevApi(suite.server.url)
    suite.browser = await launchBrowser()
    suite.shots = createScreenshots(env.artifactsDir, firstShot)
    suite.newPage = async (options) => {
      const { context, page } = await suite.browser.newPhone(options)
      contexts.push(context)
      page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.stack ?? error.message}`))
      return page
    }
  })

  // An app that throws at start-up only shows as a route that never appears; this names the error instead.
  afterEach(() => {
    const errors = pageErrors.splice(0)
    if (errors.length > 0) throw new Error(`[e2e] uncaught error in the page:\n${errors.join('\n')}`)
  })

  afterAll(async () => {
    // Each step is guarded: a failed launch must not hide the server behind an unhandled error.
    for (const context of contexts) await context.close().catch(() => undefined)
    await suite.browser?.close().catch(() => undefined)
    await suite.server?.dispose()
  })

  return suite
}
