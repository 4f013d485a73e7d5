import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { buildApp } from '../../../server/app'
import { loadConfig, type Config } from '../../../server/config'
import type { TypedApp } from '../../../server/context'
import { createDevApi, type DevApi } from '../../e2e/helpers/devApi'

/** The reference server of one spec file: its URL, its app (for the emulator) and its dev endpoints. */
export interface MpServer {
  readonly url: string
  readonly app: TypedApp
  readonly api: DevApi
  close(): Promise<void>
}

/**
 * Starts the reference server in-process on the port the test build was compiled against, with
 * memory stores and the WeChat emulator mounted; the test phone's `wx.login` takes its codes from
 * `app.wxEmulator`, and the server redeems them there as it would at WeChat.
 */
export async function startMpServer(port: number, overrides: Partial<Config> = {}): Promise<MpServer> {
  const uploadDir = await mkdtemp(path.join(tmpdir(), 'wxls-mp-uploads-'))
  const config: Config = {
    ...loadConfig({ NODE_ENV: 'test' }),
    logLevel: 'silent',
    wxTimeoutMs: 1_500,
    ...overrides,
    wxEmulator: true,
    wxApiBase: undefined,
    host: '127.0.0.1',
    port,
    uploadDir,
  }
  const app = await buildApp(config)
  try {
    await app.listen({ host: '127.0.0.1', port })
  } catch (error) {
    await app.close()
    throw new Error(`[mp] cannot listen on 127.0.0.1:${port} (the test build is compiled against this port)`, { cause: error })
  }
  const url = `http://127.0.0.1:${port}`
  return {
    url,
    app,
    api: createDevApi(url),
    async close() {
      await app.close()
      await rm(uploadDir, { recursive: true, force: true })
    },
  }
}
