/**
 * The reference server as a child process of the throughput bench, so that autocannon and the server
 * do not share one event loop, and the memory figures are the server's alone. It is the app of
 * `startServer` (emulator mounted, logs off) plus a no-op route and a one-round-trip route registered before
 * listening, with the login rate limit lifted. `BENCH_REDIS_URL` selects the Redis store (any REDIS_URL form,
 * Cluster included); its client's traffic is counted for the round-trip table. Speaks over IPC
 * (see benchServerProtocol.ts); run with `--expose-gc` so that memory is measured after a full GC.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildApp } from '../../server/app'
import { loadConfig, type Config } from '../../server/config'
import { countRedisTraffic } from '../../server/testing/redisTraffic'
import { NOOP_PATH, ONE_ROUND_TRIP_PATH, type BenchServerCommand, type BenchServerReply } from './benchServerProtocol'

function reply(message: BenchServerReply): void {
  process.send?.(message)
}

function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc
  if (!gc) throw new Error('run the bench server with --expose-gc')
  // Twice: the first pass may only queue finalisers whose memory the second one frees.
  gc()
  gc()
}

async function main(): Promise<void> {
  const uploadDir = mkdtempSync(join(tmpdir(), 'wxls-bench-uploads-'))
  const redisUrl = process.env.BENCH_REDIS_URL
  const config: Config = {
    ...loadConfig({ NODE_ENV: 'test' }),
    logLevel: 'silent',
    wxEmulator: true,
    wxApiBase: undefined,
    host: '127.0.0.1',
    port: 0,
    uploadDir,
    loginRateLimit: 1_000_000_000,
    redisUrl: redisUrl === undefined || redisUrl === '' ? undefined : redisUrl,
  }
  const prefix = `wxls-bench-${process.pid}:`
  const app = await buildApp(config, { redisPrefix: prefix })
  app.get(NOOP_PATH, async () => ({ ok: true }))
  const probeKey = `${prefix}bench-probe`
  app.get(ONE_ROUND_TRIP_PATH, async () => ({ ok: (await app.ctx.stores.kv.get(probeKey)) === undefined }))
  const redis = app.ctx.stores.redis
  const traffic = redis === undefined ? undefined : countRedisTraffic(redis)
  await app.listen({ host: '127.0.0.1', port: 0 })
  const address = app.server.address()
  if (address === null || typeof address === 'string') throw new Error('the bench server has no TCP address')

  let openid: string | undefined
  process.on('message', (message: BenchServerCommand) => {
    if (message.type === 'codes') {
      const codes: string[] = []
      for (let i = 0; i < message.count; i++) {
        const issued = app.wxEmulator.issueLoginCode(openid === undefined ? {} : { openid })
        openid = issued.openid
        codes.push(issued.code)
      }
      reply({ type: 'codes', codes })
    } else if (message.type === 'memory') {
      collectGarbage()
      const { heapUsed, rss } = process.memoryUsage()
      reply({ type: 'memory', heapUsed, rss })
    } else if (message.type === 'traffic') {
      const counts = traffic?.read() ?? { commands: 0, roundTrips: 0, replies: 0 }
      if (message.reset) traffic?.reset()
      reply({ type: 'traffic', ...counts })
    } else if (message.type === 'close') {
      void app.close().finally(() => {
        rmSync(uploadDir, { recursive: true, force: true })
        process.exit(0)
      })
    }
  })
  reply({ type: 'ready', url: `http://127.0.0.1:${address.port}` })
}

main().catch((error: unknown) => {
  reply({ type: 'error', message: error instanceof Error ? error.message : String(error) })
  process.exit(1)
})
