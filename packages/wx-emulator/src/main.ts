import { buildEmulator } from './buildEmulator'
import { readStandaloneConfig } from './standaloneConfig'
import type { StandaloneConfig } from './standaloneConfig'

// Standalone runner: `tsx packages/wx-emulator/src/main.ts`. Point the server's WeChat base URL at it.
let config: StandaloneConfig
try {
  config = readStandaloneConfig(process.env)
} catch (error) {
  console.error(`[wx-emulator] ${error instanceof Error ? error.message : String(error)}`)
  process.exit(1)
}

const app = await buildEmulator({ appid: config.appid, secret: config.secret, logger: { level: config.logLevel } })

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void app.close().then(() => process.exit(0))
  })
}

await app.listen({ port: config.port, host: config.host })
app.log.info(`WeChat emulator for appid ${app.wxEmulator.appid} on port ${config.port}`)
