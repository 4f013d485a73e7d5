import { buildEmulator } from './buildEmulator'
import { DEV_APPID, DEV_SECRET } from './devCredentials'

// Standalone runner: `tsx server/emulator/main.ts`. Point the server's WeChat base URL at it.
const port = Number(process.env.EMULATOR_PORT ?? 3100)
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`[wx-emulator] EMULATOR_PORT must be a port number, got "${process.env.EMULATOR_PORT ?? ''}"`)
  process.exit(1)
}

const app = await buildEmulator({
  appid: process.env.WX_APPID ?? DEV_APPID,
  secret: process.env.WX_SECRET ?? DEV_SECRET,
  logger: { level: process.env.LOG_LEVEL ?? 'info' },
})

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void app.close().then(() => process.exit(0))
  })
}

await app.listen({ port, host: process.env.EMULATOR_HOST ?? '127.0.0.1' })
app.log.info(`WeChat emulator for appid ${app.wxEmulator.appid} on port ${port}`)
