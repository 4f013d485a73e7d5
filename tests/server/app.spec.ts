import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { buildApp, JSON_BODY_LIMIT } from '../../server/app'
import { loadConfig } from '../../server/config'
import type { Config } from '../../server/config'
import type { TypedApp } from '../../server/context'
import { listenWithSlowRoute } from './helpers/slowRoute'
import { startTestServer } from './helpers/testServer'
import type { TestServer } from './helpers/testServer'

let t: TestServer | undefined
const cleanups: (() => Promise<void>)[] = []

afterEach(async () => {
  await t?.close()
  t = undefined
  for (const cleanup of cleanups.splice(0)) await cleanup()
})

/** A bare app (no listen) with the given config overrides; closed after the test. */
async function bareApp(overrides: Partial<Config> = {}, lines: string[] = []): Promise<TypedApp> {
  const uploadDir = mkdtempSync(join(tmpdir(), 'wxls-app-'))
  const app = await buildApp(
    { ...loadConfig({ NODE_ENV: 'test' }), logLevel: 'info', uploadDir, ...overrides },
    { logStream: { write: (line: string) => void lines.push(line) } },
  )
  cleanups.push(async () => {
    await app.close()
    rmSync(uploadDir, { recursive: true, force: true })
  })
  return app
}

describe('request robustness', () => {
  async function s(): Promise<TestServer> {
    t = await startTestServer()
    return t
  }

  it('answers malformed JSON with 400 invalid_request', async () => {
    const server = await s()
    const res = await server.request({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"code": "abc"',
    })
    expect(res.statusCode).toBe(400)
    expect(res.json()).toEqual({ error: 'invalid_request', message: expect.any(String) })
  })

  it('answers a JSON body that is not an object with 400 invalid_request', async () => {
    const server = await s()
    const res = await server.request({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '["code"]',
    })
    expect(res.statusCode).toBe(400)
    expect(res.json().error).toBe('invalid_request')
  })

  it('rejects prototype poisoning with 400 invalid_request', async () => {
    const server = await s()
    const res = await server.request({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"code":"abc","__proto__":{"admin":true}}',
    })
    expect(res.statusCode).toBe(400)
    expect(res.json().error).toBe('invalid_request')
  })

  it('answers a body over the JSON limit with 413 payload_too_large', async () => {
    const server = await s()
    const res = await server.request({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ code: 'x'.repeat(JSON_BODY_LIMIT) }),
    })
    expect(res.statusCode).toBe(413)
    expect(res.json().error).toBe('payload_too_large')
  })

  it.each(['text/plain', 'application/x-www-form-urlencoded', 'application/xml'])(
    'answers a %s body with 415 unsupported_media_type',
    async (type) => {
      const server = await s()
      const res = await server.request({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': type }, payload: 'code=abc' })
      expect(res.statusCode).toBe(415)
      expect(res.json().error).toBe('unsupported_media_type')
    },
  )

  it('answers an empty JSON body where one is required with 400 invalid_request', async () => {
    const server = await s()
    const res = await server.request({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: '' })
    expect(res.statusCode).toBe(400)
    expect(res.json().error).toBe('invalid_request')
  })

  it.each([
    ['GET', '/nope'],
    ['DELETE', '/api/me'],
    ['GET', '/api/auth/login'],
  ] as const)('answers %s %s with 404 not_found in the error shape', async (method, url) => {
    const server = await s()
    const res = await server.request({ method, url })
    expect(res.statusCode).toBe(404)
    expect(res.json()).toEqual({ error: 'not_found', message: expect.any(String) })
  })
})

describe('the error handler', () => {
  it('answers a bug with 500 internal_error and no details, and logs the error', async () => {
    const lines: string[] = []
    const app = await bareApp({}, lines)
    app.get('/boom', async () => {
      throw new Error('database password=hunter2 at db.internal:5432')
    })
    const res = await app.inject({ method: 'GET', url: '/boom' })
    expect(res.statusCode).toBe(500)
    expect(res.json()).toEqual({ error: 'internal_error', message: 'Internal server error' })
    expect(res.body).not.toContain('hunter2')
    expect(lines.some((line) => JSON.parse(line).level === 50)).toBe(true)
  })

  it('logs a store outage once with a count, not once per failed request', async () => {
    const lines: string[] = []
    const app = await bareApp({ redisUrl: 'redis://127.0.0.1:1' }, lines)
    const before = lines.length
    for (let i = 0; i < 50; i++) {
      const res = await app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${'A'.repeat(12)}.${'a'.repeat(43)}` } })
      expect(res.statusCode).toBe(503)
    }
    const warnings = lines.slice(before).map((line) => JSON.parse(line) as { level: number; msg: string; err?: { stack?: string } })
    const perRequest = warnings.filter((line) => line.level >= 40 && line.msg === 'request failed')
    expect(perRequest).toHaveLength(0)
    expect(warnings.every((line) => line.err?.stack === undefined)).toBe(true)
  })

  it('answers 503 service_unavailable when the session store is down', async () => {
    const app = await bareApp({ redisUrl: 'redis://127.0.0.1:1' })
    const res = await app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${'A'.repeat(12)}.${'a'.repeat(43)}` } })
    expect(res.statusCode).toBe(503)
    expect(res.json()).toEqual({ error: 'service_unavailable', message: expect.any(String) })
    expect(res.body).not.toContain('127.0.0.1')
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0)
  })
})

describe('CORS', () => {
  it('allows the configured origins and no others', async () => {
    const app = await bareApp({ corsOrigins: ['https://h5.example.com'] })
    const allowed = await app.inject({
      method: 'OPTIONS',
      url: '/api/auth/login',
      headers: { origin: 'https://h5.example.com', 'access-control-request-method': 'POST' },
    })
    expect(allowed.headers['access-control-allow-origin']).toBe('https://h5.example.com')
    const denied = await app.inject({ method: 'GET', url: '/healthz', headers: { origin: 'https://evil.example' } })
    expect(denied.headers['access-control-allow-origin']).toBeUndefined()
  })

  it("allows the contract's request headers and the configured extra ones in a preflight, and no others", async () => {
    const preflight = (app: TypedApp, headers: string) =>
      app.inject({
        method: 'OPTIONS',
        url: '/api/me',
        headers: { origin: 'https://h5.example.com', 'access-control-request-method': 'GET', 'access-control-request-headers': headers },
      })
    const plain = await bareApp({ corsOrigins: ['https://h5.example.com'] })
    expect((await preflight(plain, 'authorization,x-app')).headers['access-control-allow-headers']).toBe('Authorization, Content-Type')
    const withApp = await bareApp({ corsOrigins: ['https://h5.example.com'], corsAllowedHeaders: loadConfig({ NODE_ENV: 'test', CORS_ALLOWED_HEADERS: 'X-App' }).corsAllowedHeaders })
    const res = await preflight(withApp, 'authorization,x-app')
    expect(res.statusCode).toBe(204)
    expect(res.headers['access-control-allow-headers']).toBe('Authorization, Content-Type, X-App')
  })

  it('sends no CORS headers when CORS_ORIGINS is empty', async () => {
    const app = await bareApp({ corsOrigins: [] })
    const res = await app.inject({ method: 'GET', url: '/healthz', headers: { origin: 'https://h5.example.com' } })
    expect(res.headers['access-control-allow-origin']).toBeUndefined()
  })
})

describe('the emulator guard', () => {
  it.each(['0.0.0.0', '::', '10.0.0.5'])('refuses to build an app with the emulator on a public host (%s), whatever the config says', async (host) => {
    const config = { ...loadConfig({ NODE_ENV: 'test' }), host, logLevel: 'silent' as const }
    await expect(buildApp(config)).rejects.toThrow(/WX_EMULATOR is on, so HOST must be a loopback address/)
  })

  it('refuses the emulator in a production config', async () => {
    const config = { ...loadConfig({ NODE_ENV: 'test' }), production: true, logLevel: 'silent' as const }
    await expect(buildApp(config)).rejects.toThrow(/WX_EMULATOR/)
  })
})

describe('dev endpoints', () => {
  it('are not registered when the emulator is off', async () => {
    const app = await bareApp({ wxEmulator: false, wxApiBase: 'http://127.0.0.1:1' })
    expect((await app.inject({ method: 'GET', url: '/__dev/stats' })).statusCode).toBe(404)
    expect((await app.inject({ method: 'DELETE', url: '/__dev/sessions' })).statusCode).toBe(404)
    expect((await app.inject({ method: 'POST', url: '/__emulator/login-code', payload: {} })).statusCode).toBe(404)
  })

  it("leave the emulator's web OAuth out too when it is off: its authorize page, APIs and dev code", async () => {
    const app = await bareApp({ wxEmulator: false, wxApiBase: 'http://127.0.0.1:1' })
    expect((await app.inject({ method: 'POST', url: '/__emulator/oauth-code', payload: {} })).statusCode).toBe(404)
    const authorize = '/connect/oauth2/authorize?appid=wxdemooa00000000&redirect_uri=http%3A%2F%2F127.0.0.1%2F&response_type=code&scope=snsapi_base'
    expect((await app.inject({ method: 'GET', url: authorize })).statusCode).toBe(404)
    expect((await app.inject({ method: 'GET', url: '/sns/oauth2/access_token?appid=a&secret=b&code=c' })).statusCode).toBe(404)
    expect((await app.inject({ method: 'GET', url: '/sns/userinfo' })).statusCode).toBe(404)
  })
})

describe('graceful shutdown', () => {
  it('answers a request that is in flight when close() starts', async () => {
    const app = await bareApp()
    const { port, entered, release } = await listenWithSlowRoute(app)

    const inFlight = fetch(`http://127.0.0.1:${port}/slow`)
    await entered
    const closing = app.close()
    release()
    const res = await inFlight
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ done: true })
    await closing
  })
})
