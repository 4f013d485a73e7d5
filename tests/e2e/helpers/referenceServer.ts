import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { buildApp } from '../../../server/app'
import { loadConfig, type Config } from '../../../server/config'
import type { TypedApp } from '../../../server/context'

/** The reference server of the suite, which it can stop and start again on the same port. */
export interface ReferenceServer {
  readonly url: string
  readonly running: boolean
  /** Closes the server; the port is free afterwards, so the app sees "connection refused". */
  stop(): Promise<void>
  /** Starts a fresh server (empty memory stores) on the same port. */
  start(): Promise<void>
  /** Stops the server if it runs and removes its upload directory. */
  dispose(): Promise<void>
}

/** What the suite tunes: which origin may call the API, and how long the server waits for WeChat. */
export interface ReferenceServerOptions {
  port: number
  corsOrigin: string
  /** Shorter than the client's 10 s request timeout, so a hung WeChat ends as a clear server answer. */
  wxTimeoutMs: number
}

/**
 * Runs the reference server in-process with the WeChat emulator mounted and memory stores, on a FIXED
 * port. The H5 build has the API base compiled in, so a restart must come back on the same port;
 * `server/testing/startServer.ts` always listens on port 0, which is why this builds the app itself
 * with the same defaults (dev preset, silent logs, a temporary upload directory).
 */
export async function createReferenceServer(options: ReferenceServerOptions): Promise<ReferenceServer> {
  const uploadDir = await mkdtemp(path.join(tmpdir(), 'wxls-e2e-uploads-'))
  const config: Config = {
    ...loadConfig({ NODE_ENV: 'test' }),
    logLevel: 'silent',
    wxEmulator: true,
    // Unset: the server calls the emulator mounted on itself, at whatever address it listens on.
    wxApiBase: undefined,
    host: '127.0.0.1',
    port: options.port,
    uploadDir,
    corsOrigins: [options.corsOrigin],
    wxTimeoutMs: options.wxTimeoutMs,
  }
  let app: TypedApp | null = null

  async function start(): Promise<void> {
    if (app !== null) throw new Error('[e2e] the reference server is already running')
    const next = await buildApp(config)
    try {
      await next.listen({ host: '127.0.0.1', port: options.port })
    } catch (error) {
      await next.close()
      throw new Error(`[e2e] cannot listen on 127.0.0.1:${options.port} (the H5 build is compiled against this port)`, { cause: error })
    }
    app = next
  }

  async function stop(): Promise<void> {
    const current = app
    app = null
    if (current !== null) await current.close()
  }

  await start()
  return {
    url: `http://127.0.0.1:${options.port}`,
    get running() {
      return app !== null
    },
    stop,
    start,
    async dispose() {
      await stop()
      await rm(uploadDir, { recursive: true, force: true })
    },
  }
}
