/**
 * The H5 dev server (`npm run dev:h5`, what `npm run dev` starts) serves a page that loads nothing
 * from any host but its own: no third-party SDK, no CDN. A page is opened in Chromium and every
 * request it makes is recorded; requests to other hosts are cut (the run stays hermetic) and counted.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, type E2eBrowser } from './helpers/browser'
import { e2eEnv } from './helpers/e2eEnv'
import { freePort } from './helpers/freePort'

const ROOT = path.resolve(import.meta.dirname, '../..')
const env = e2eEnv()

let dev: ChildProcess | undefined
let browser: E2eBrowser | undefined
let url = ''

/** Starts the H5 dev server on a free port and resolves once it answers. */
async function startDevServer(): Promise<void> {
  const port = await freePort()
  const child = spawn(process.execPath, [path.join(ROOT, 'scripts/uni.cjs'), '--host', '127.0.0.1', '--port', String(port), '--strictPort'], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'development', UNI_INPUT_DIR: '.', VITE_LOGIN_ADAPTER: 'emulator', VITE_API_BASE_URL: 'http://127.0.0.1:9' },
    detached: true,
    stdio: 'ignore',
  })
  dev = child
  url = `http://127.0.0.1:${port}/`
  const deadline = Date.now() + 120_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the H5 dev server exited with ${child.exitCode}`)
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(1000) })).ok) return
    } catch {
      // Not up yet.
    }
    await new Promise((r) => setTimeout(r, 300))
  }
  throw new Error('the H5 dev server did not come up within 120 s')
}

describe.skipIf(env.skipReason !== null)('the H5 dev page', () => {
  beforeAll(async () => {
    await startDevServer()
    browser = await launchBrowser()
  }, 150_000)

  afterAll(async () => {
    await browser?.close()
    if (dev?.pid !== undefined && dev.exitCode === null) process.kill(-dev.pid, 'SIGTERM')
  })

  it('loads nothing from any host but its own', async () => {
    const { context, page } = await browser!.newPhone()
    const foreign: string[] = []
    let own = 0
    page.on('request', (request) => {
      const host = new URL(request.url()).hostname
      if (host === '127.0.0.1' || host === 'localhost') own++
      else if (!request.url().startsWith('data:')) foreign.push(request.url())
    })
    await page.goto(url, { waitUntil: 'load', timeout: 120_000 })
    // The dev server compiles on demand and may reload the page once it has seen a module (that is when
    // uni-h5 used to add the SDK): wait for the network to settle, give a reload time to start, settle again.
    await page.waitForLoadState('networkidle', { timeout: 120_000 }).catch(() => {})
    await page.waitForTimeout(3_000)
    await page.waitForLoadState('networkidle', { timeout: 60_000 }).catch(() => {})
    await context.close()
    expect(own).toBeGreaterThan(10)
    expect(foreign).toEqual([])
  }, 240_000)
})
