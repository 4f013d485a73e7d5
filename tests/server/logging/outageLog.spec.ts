import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createLogger } from '../../../server/logger'
import { OutageLog } from '../../../server/logging/outageLog'
import { requireRedisOrSkip, startRedis } from '../../../testkit/redisServer'
import type { RedisServer } from '../../../testkit/redisServer'
import { startTestServer } from '../helpers/testServer'

function capture() {
  const lines: Record<string, unknown>[] = []
  const log = createLogger('info', { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) })
  return { log, lines }
}

describe('OutageLog', () => {
  it('writes one warn line for 4,578 failures and one summary line when the store is back', () => {
    const { log, lines } = capture()
    let now = 1_000
    const outage = new OutageLog({ log, what: 'Redis', now: () => now })
    for (let i = 0; i < 4_578; i++) outage.failure(new Error('connect ECONNREFUSED 127.0.0.1:6379'))
    now += 4_000
    outage.recovered()
    expect(lines).toHaveLength(2)
    expect(lines[0]).toMatchObject({ level: 40, cause: 'connect ECONNREFUSED 127.0.0.1:6379' })
    expect(JSON.stringify(lines[0])).not.toContain('stack')
    expect(lines[1]).toMatchObject({ level: 30, failures: 4_578, seconds: 4 })
  })

  it('starts counting afresh after a recovery, and says nothing when there was no outage', () => {
    const { log, lines } = capture()
    const outage = new OutageLog({ log, what: 'Redis' })
    outage.recovered()
    outage.failure(new Error('a'))
    outage.recovered()
    outage.failure(new Error('b'))
    expect(lines.map((l) => l.level)).toEqual([40, 30, 40])
    expect(outage.down).toBe(true)
  })
})

describe('OutageLog with a probe', () => {
  it('ends an outage once the probe answers, with no reconnect, so the next outage writes its warn line', async () => {
    const { log, lines } = capture()
    let answering = false
    const outage = new OutageLog({ log, what: 'Redis', probeEveryMs: 5, probe: async () => (answering ? 'PONG' : Promise.reject(new Error('timeout'))) })
    try {
      outage.failure(new Error('Command timed out'))
      outage.failure(new Error('Command timed out'))
      await new Promise((resolve) => setTimeout(resolve, 30))
      expect(outage.down).toBe(true)
      answering = true
      await vi.waitFor(() => expect(outage.down).toBe(false), { timeout: 2000 })
      outage.failure(new Error('connect ECONNREFUSED'))
      expect(lines.map((l) => l.level)).toEqual([40, 30, 40])
      expect(lines[1]).toMatchObject({ failures: 2 })
    } finally {
      outage.stop()
    }
  })
})

const redisEnabled = requireRedisOrSkip('OutageLog against a real Redis')
let redis: RedisServer | undefined
beforeAll(async () => {
  if (redisEnabled) redis = await startRedis()
})
afterAll(async () => {
  redis?.resume()
  await redis?.stop()
})

describe.skipIf(!redisEnabled)('the session store outage log on a real Redis', () => {
  it('writes a warn line for a crash that follows a stall (SIGSTOP, then SIGCONT, then SIGKILL)', async () => {
    const s = await startTestServer({ redisUrl: redis?.url, logLevel: 'info' })
    const warnings = (): number => s.logs.filter((line) => line.includes('is unavailable; further failures')).length
    try {
      const { token } = await s.login()
      redis?.pause()
      expect((await s.request({ method: 'GET', url: '/api/me', headers: s.bearer(token) })).statusCode).toBe(503)
      expect(warnings()).toBe(1)
      redis?.resume()
      await vi.waitFor(() => expect(s.logs.some((line) => line.includes('is available again'))).toBe(true), { timeout: 10_000, interval: 100 })
      expect((await s.request({ method: 'GET', url: '/api/me', headers: s.bearer(token) })).statusCode).toBe(200)
      await redis?.crash()
      expect((await s.request({ method: 'GET', url: '/api/me', headers: s.bearer(token) })).statusCode).toBe(503)
      expect(warnings()).toBe(2)
    } finally {
      await s.close()
    }
  })
})
