#!/usr/bin/env node
import { readFileSync } from 'node:fs'
import { conformanceCli } from './conformance/conformanceCli'
import { readStandaloneConfig } from './standaloneConfig'
import type { StandaloneConfig } from './standaloneConfig'
import { startEmulator } from './startEmulator'

// `wx-login-state-emulator [serve] [--port 4010] …` serves the emulator; `… conformance --base-url …` checks a backend.
// From the sources: `tsx packages/wx-emulator/src/main.ts`.
const USAGE = `Usage:
  wx-login-state-emulator [serve] [--port <n>] [--host <addr>] [--allow-remote] [--appid <id>] [--secret <s>]
                          [--oa-appid <id>] [--oa-secret <s>] [--code2session-limit <n>] [--log-level <level>]
  wx-login-state-emulator conformance --base-url <url> [--help for its options]

An offline stand-in for api.weixin.qq.com (code2Session, access tokens, phone numbers, web OAuth and its consent
page) with /__emulator/* control endpoints. Listens on 127.0.0.1 only, unless --allow-remote; never under
NODE_ENV=production. Defaults: port 3100, the dev appid and secret, 100 code2Session calls per user a minute.`

function version(): string {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: string }
  return manifest.version ?? 'unknown'
}

async function serve(argv: readonly string[]): Promise<void> {
  let config: StandaloneConfig
  try {
    config = readStandaloneConfig(process.env, argv)
  } catch (error) {
    console.error(`[wx-emulator] ${error instanceof Error ? error.message : String(error)}`)
    process.exit(1)
  }
  if (config.remote) {
    console.error(
      `[wx-emulator] WARNING: listening on ${config.host}, which other machines can reach. Anyone who can connect gets ` +
        'login codes, phone numbers and session keys for the emulated appid. Use it only on a network you trust.',
    )
  }
  const emulator = await startEmulator({
    appid: config.appid,
    secret: config.secret,
    oaAppid: config.oaAppid,
    oaSecret: config.oaSecret,
    code2SessionPerUserPerMinute: config.code2SessionPerUserPerMinute,
    logger: { level: config.logLevel },
    port: config.port,
    host: config.host,
    allowRemote: config.remote,
  })
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void emulator.close().then(() => process.exit(0))
    })
  }
  emulator.app.log.info(`WeChat emulator for appid ${config.appid} at ${emulator.url}: point your backend's WeChat API base URL there`)
}

const [command, ...rest] = process.argv.slice(2)
if (command === '--help' || command === '-h' || command === 'help') {
  console.log(USAGE)
} else if (command === '--version' || command === '-v') {
  console.log(version())
} else if (command === 'conformance') {
  process.exitCode = await conformanceCli(rest)
} else if (command === 'serve') {
  await serve(rest)
} else {
  await serve(process.argv.slice(2))
}
