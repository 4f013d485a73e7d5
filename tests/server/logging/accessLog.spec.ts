import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { buildApp } from '../../../server/app'
import { loadConfig } from '../../../server/config'
import type { TypedApp } from '../../../server/context'

const TOKEN = `T4g_-t4G9xYz.${'a'.repeat(43)}`
const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup()
})

async function appWithLines(logLevel: 'info' | 'silent' = 'info'): Promise<{ app: TypedApp; lines: Record<string, unknown>[] }> {
  const uploadDir = mkdtempSync(join(tmpdir(), 'wxls-access-'))
  const lines: Record<string, unknown>[] = []
  const app = await buildApp(
    { ...loadConfig({ NODE_ENV: 'test' }), logLevel, uploadDir },
    { logStream: { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) } },
  )
  cleanups.push(async () => {
    await app.close()
    rmSync(uploadDir, { recursive: true, force: true })
  })
  return { app, lines }
}

describe('the access log', () => {
  it('writes one line per request, with the request, the status and the response time', async () => {
    const { app, lines } = await appWithLines()
    await app.inject({ method: 'GET', url: '/healthz' })
    await app.inject({ method: 'GET', url: '/no-such-route' })
    const access = lines.filter((l) => l.msg === 'request completed')
    expect(lines.filter((l) => typeof l.reqId === 'string')).toEqual(access)
    expect(access).toHaveLength(2)
    expect(access[0]).toMatchObject({
      level: 30,
      reqId: expect.any(String),
      req: { method: 'GET', url: '/healthz', host: 'localhost:80', remoteAddress: '127.0.0.1' },
      res: { statusCode: 200 },
      responseTime: expect.any(Number),
    })
    expect(access[1]).toMatchObject({ req: { url: '/no-such-route' }, res: { statusCode: 404 } })
  })

  it('keeps query values, token-shaped path segments and a token in the Host header out of the line', async () => {
    const { app, lines } = await appWithLines()
    await app.inject({
      method: 'GET',
      url: `/api/me/${TOKEN}?access_token=${TOKEN}&x=plain-value`,
      headers: { host: `${TOKEN}.example.com`, authorization: `Bearer ${TOKEN}` },
    })
    const text = lines.map((l) => JSON.stringify(l)).join('\n')
    expect(text).not.toContain('a'.repeat(43))
    expect(text).not.toContain('plain-value')
    const access = lines.find((l) => l.msg === 'request completed') as { req: { url: string; host: string } }
    expect(access.req.url).toBe('/api/me/[Redacted]?access_token=[Redacted]&x=[Redacted]')
    expect(access.req.host).toBe('[Redacted].example.com')
  })

  it('writes nothing when the level is silent', async () => {
    const { app, lines } = await appWithLines('silent')
    await app.inject({ method: 'GET', url: '/healthz' })
    expect(lines).toEqual([])
  })
})
