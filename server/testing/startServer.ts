import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildApp } from '../app'
import type { AppDeps } from '../app'
import { loadConfig } from '../config'
import type { Config } from '../config'
import type { TypedApp } from '../context'

/** A running reference server for tests, benches and e2e suites. */
export interface StartedServer {
  /** Base URL, e.g. `http://127.0.0.1:41234` (no trailing slash). */
  url: string
  /** The Fastify app: `app.inject()`, `app.ctx` (stores, stats) and `app.wxEmulator` (codes, faults). */
  app: TypedApp
  /** Closes the server (in-flight requests finish) and removes the temporary upload directory. */
  close(): Promise<void>
}

/** What {@link startServer} accepts: any config field, plus the app's optional collaborators. */
export type StartServerOptions = Partial<Config> & { deps?: AppDeps }

/**
 * Starts the reference server with the WeChat emulator mounted on it, listening on 127.0.0.1 on a free port, and
 * calling the emulator on its own URL. Defaults: the dev preset (demo appid and secret), memory stores (pass
 * `redisUrl` for Redis), logs silenced (pass `logLevel`), a fresh temporary upload directory, the usual login
 * rate limit (raise `loginRateLimit` for load tests). Nothing is read from process.env.
 *
 * @example
 * const server = await startServer({ loginRateLimit: 1_000_000 })
 * const { code } = server.app.wxEmulator.issueLoginCode()
 * await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) })
 * await server.close()
 */
export async function startServer(options: StartServerOptions = {}): Promise<StartedServer> {
  const { deps, ...overrides } = options
  const ownUploadDir = overrides.uploadDir === undefined ? mkdtempSync(join(tmpdir(), 'wxls-uploads-')) : undefined
  const config: Config = {
    ...loadConfig({ NODE_ENV: 'test' }),
    logLevel: 'silent',
    ...overrides,
    wxEmulator: true,
    wxApiBase: undefined,
    host: '127.0.0.1',
    port: 0,
    ...(ownUploadDir === undefined ? {} : { uploadDir: ownUploadDir }),
  }
  const app = await buildApp(config, deps)
  const cleanUp = (): void => {
    if (ownUploadDir !== undefined) rmSync(ownUploadDir, { recursive: true, force: true })
  }
  try {
    await app.listen({ host: '127.0.0.1', port: 0 })
  } catch (error) {
    await app.close()
    cleanUp()
    throw error
  }
  const address = app.server.address()
  if (address === null || typeof address === 'string') throw new Error('startServer: the server has no TCP address')
  return {
    url: `http://127.0.0.1:${address.port}`,
    app,
    close: async () => {
      await app.close()
      cleanUp()
    },
  }
}
