import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../../server/config'
import { DEV_APPID } from '../../packages/wx-emulator/src/index'

const prod = { NODE_ENV: 'production', WX_APPID: 'wx0123456789abcdef', WX_SECRET: 's3cret', PUBLIC_URL: 'https://api.example.com' }

function failure(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env)
  } catch (error) {
    if (error instanceof ConfigError) return error
    throw error
  }
  throw new Error('expected a ConfigError')
}

describe('loadConfig', () => {
  it('starts the dev preset outside production when WX_APPID is unset', () => {
    const config = loadConfig({})
    expect(config).toMatchObject({
      production: false,
      appid: DEV_APPID,
      wxEmulator: true,
      wxApiBase: undefined,
      corsOrigins: '*',
      host: '127.0.0.1',
      port: 3000,
    })
  })

  it('uses the documented defaults', () => {
    const config = loadConfig(prod)
    expect(config).toMatchObject({
      wxApiBase: 'https://api.weixin.qq.com',
      wxEmulator: false,
      redisUrl: undefined,
      sessionIdleTtlSec: 604_800,
      sessionMaxAgeSec: 2_592_000,
      port: 3000,
      host: '0.0.0.0',
      uploadDir: './.uploads',
      corsOrigins: [],
      corsAllowedHeaders: ['Authorization', 'Content-Type'],
      publicUrl: 'https://api.example.com',
      watermarkMaxAgeSec: 600,
      wxTimeoutMs: 5000,
      loginRateLimit: 30,
      logLevel: 'info',
      trustProxy: false,
      uploadMaxTotalBytes: 1024 ** 3,
      avatarRateLimit: 10,
      headersTimeoutMs: 10_000,
      requestTimeoutMs: 30_000,
      connectionTimeoutMs: 120_000,
      keepAliveTimeoutMs: 72_000,
      maxRequestsPerSocket: 0,
      maxConnections: 10_000,
      maxHeaderBytes: 16_384,
      shutdownDrainMs: 5000,
      shutdownTimeoutMs: 10_000,
      metricsPort: undefined,
      metricsHost: '127.0.0.1',
    })
  })

  it('reads every variable', () => {
    const config = loadConfig({
      ...prod,
      WX_API_BASE: 'https://wx.internal/',
      REDIS_URL: 'redis://cache:6379/2',
      SESSION_IDLE_TTL: '60',
      SESSION_MAX_AGE: '120',
      PORT: '8080',
      HOST: '::',
      UPLOAD_DIR: '/data/uploads',
      CORS_ORIGINS: 'https://a.example, https://b.example:8443',
      CORS_ALLOWED_HEADERS: 'X-App, x-request-id, authorization',
      PUBLIC_URL: 'https://api.example/',
      WX_WATERMARK_MAX_AGE: '0',
      WX_TIMEOUT_MS: '1500',
      LOGIN_RATE_LIMIT: '5',
      LOG_LEVEL: 'warn',
      TRUST_PROXY: '10.0.0.0/8,127.0.0.1',
      UPLOAD_MAX_TOTAL_BYTES: '1000000',
      AVATAR_RATE_LIMIT: '3',
      HEADERS_TIMEOUT_MS: '2000',
      REQUEST_TIMEOUT_MS: '4000',
      CONNECTION_TIMEOUT_MS: '0',
      KEEP_ALIVE_TIMEOUT_MS: '6000',
      MAX_REQUESTS_PER_SOCKET: '100',
      MAX_CONNECTIONS: '50',
      MAX_HEADER_BYTES: '8192',
      SHUTDOWN_DRAIN_MS: '0',
      SHUTDOWN_TIMEOUT_MS: '3000',
      METRICS_PORT: '9464',
      METRICS_HOST: '10.0.0.5',
    })
    expect(config).toMatchObject({
      wxApiBase: 'https://wx.internal',
      redisUrl: 'redis://cache:6379/2',
      sessionIdleTtlSec: 60,
      sessionMaxAgeSec: 120,
      port: 8080,
      host: '::',
      uploadDir: '/data/uploads',
      corsOrigins: ['https://a.example', 'https://b.example:8443'],
      corsAllowedHeaders: ['Authorization', 'Content-Type', 'X-App', 'x-request-id'],
      publicUrl: 'https://api.example',
      watermarkMaxAgeSec: 0,
      wxTimeoutMs: 1500,
      loginRateLimit: 5,
      logLevel: 'warn',
      trustProxy: ['10.0.0.0/8', '127.0.0.1'],
      uploadMaxTotalBytes: 1_000_000,
      avatarRateLimit: 3,
      headersTimeoutMs: 2000,
      requestTimeoutMs: 4000,
      connectionTimeoutMs: 0,
      keepAliveTimeoutMs: 6000,
      maxRequestsPerSocket: 100,
      maxConnections: 50,
      maxHeaderBytes: 8192,
      shutdownDrainMs: 0,
      shutdownTimeoutMs: 3000,
      metricsPort: 9464,
      metricsHost: '10.0.0.5',
    })
  })

  it('calls the emulator mounted on itself when WX_EMULATOR=1 and WX_API_BASE is unset', () => {
    expect(loadConfig({ WX_APPID: 'wxabc123', WX_SECRET: 'x', WX_EMULATOR: '1' }).wxApiBase).toBeUndefined()
  })

  it('fails with the exact message for a non-numeric SESSION_IDLE_TTL', () => {
    expect(failure({ SESSION_IDLE_TTL: 'abc' }).message).toBe(
      'Invalid config: SESSION_IDLE_TTL must be a positive integer (seconds), got "abc"',
    )
  })

  it.each([
    ['SESSION_IDLE_TTL', '0'],
    ['SESSION_IDLE_TTL', '-5'],
    ['SESSION_MAX_AGE', '1.5'],
    ['PORT', '70000'],
    ['PORT', 'http'],
    ['WX_TIMEOUT_MS', '0'],
    ['LOGIN_RATE_LIMIT', 'lots'],
    ['WX_WATERMARK_MAX_AGE', '-1'],
    ['WX_EMULATOR', 'yes'],
    ['WX_API_BASE', 'not a url'],
    ['WX_API_BASE', 'ftp://wx.example'],
    ['REDIS_URL', 'http://cache:6379'],
    ['REDIS_URL', 'redis://a:6379,b:6379'],
    ['REDIS_URL', 'redis+cluster://a:6379/2'],
    ['REDIS_URL', 'redis+sentinel://s1:26379'],
    ['PUBLIC_URL', 'example.com'],
    ['CORS_ORIGINS', 'https://a.example/path'],
    ['CORS_ALLOWED_HEADERS', 'X App'],
    ['CORS_ALLOWED_HEADERS', 'X-App;X-Other'],
    ['LOG_LEVEL', 'verbose'],
    ['TRUST_PROXY', 'everyone'],
    ['WX_APPID', 'has spaces'],
    ['REQUEST_TIMEOUT_MS', '0'],
    ['HEADERS_TIMEOUT_MS', '1e4'],
    ['MAX_CONNECTIONS', '0'],
    ['MAX_HEADER_BYTES', '100'],
    ['UPLOAD_MAX_TOTAL_BYTES', '1GB'],
    ['AVATAR_RATE_LIMIT', '0'],
    ['SHUTDOWN_DRAIN_MS', '-1'],
  ])('fails fast naming %s for %j', (variable, value) => {
    const error = failure({ WX_APPID: 'wxabc123', WX_SECRET: 'x', [variable]: value })
    expect(error.variable).toBe(variable)
    expect(error.message).toMatch(new RegExp(`^Invalid config: ${variable} `))
    expect(error.message).toContain(JSON.stringify(value))
  })

  it.each([
    'redis://:pw@cache:6379/2',
    'rediss://cache',
    'redis+sentinel://s1:26379,s2:26379/mymaster/1',
    'redis+cluster://10.0.0.1:7000,10.0.0.2:7000',
  ])('accepts the REDIS_URL form %s', (url) => {
    expect(loadConfig({ REDIS_URL: url }).redisUrl).toBe(url)
  })

  it('masks the password of a bad REDIS_URL in the error', () => {
    const error = failure({ REDIS_URL: 'redis+cluster://:hunter2@a:1/0' })
    expect(error.message).not.toContain('hunter2')
    expect(error.message).toContain('redis+cluster://:***@a:1/0')
  })

  it('requires WX_APPID and WX_SECRET in production', () => {
    expect(failure({ NODE_ENV: 'production' }).variable).toBe('WX_APPID')
    expect(failure({ NODE_ENV: 'production', WX_APPID: 'wxabc123' }).variable).toBe('WX_SECRET')
  })

  it('refuses the emulator in production', () => {
    expect(failure({ ...prod, WX_EMULATOR: '1' }).variable).toBe('WX_EMULATOR')
  })

  it.each(['Production', 'PRODUCTION'])('treats NODE_ENV=%s as production', (nodeEnv) => {
    expect(failure({ ...prod, NODE_ENV: nodeEnv, WX_EMULATOR: '1' }).variable).toBe('WX_EMULATOR')
  })

  it('requires PUBLIC_URL in production, so the Host header never builds a URL', () => {
    const { PUBLIC_URL: _unset, ...withoutUrl } = prod
    expect(failure(withoutUrl).variable).toBe('PUBLIC_URL')
  })

  it('refuses TRUST_PROXY=true in production and accepts a hop count', () => {
    const error = failure({ ...prod, TRUST_PROXY: 'true' })
    expect(error.variable).toBe('TRUST_PROXY')
    expect(error.message).toContain('hop count')
    expect(loadConfig({ ...prod, TRUST_PROXY: '1' }).trustProxy).toBe(1)
  })

  it('listens on loopback whenever the emulator is on, also with a real-looking appid', () => {
    expect(loadConfig({ WX_APPID: 'wxabc123', WX_SECRET: 'x', WX_EMULATOR: '1' }).host).toBe('127.0.0.1')
    expect(loadConfig({ WX_APPID: 'wxabc123', WX_SECRET: 'x', WX_EMULATOR: '1', HOST: '::1' }).host).toBe('::1')
  })

  it.each([
    [{ WX_APPID: 'wxabc123', WX_SECRET: 'x', WX_EMULATOR: '1', HOST: '0.0.0.0' }],
    [{ WX_APPID: 'wxabc123', WX_SECRET: 'x', WX_EMULATOR: '1', NODE_ENV: 'staging', HOST: '10.1.2.3' }],
    [{ HOST: '0.0.0.0' }],
    [{ HOST: '::' }],
  ])('refuses to mount the emulator on a public listener: %j', (env) => {
    const error = failure(env)
    expect(error.variable).toBe('WX_EMULATOR')
    expect(error.message).toMatch(/^Invalid config: WX_EMULATOR is on, so HOST must be a loopback address .* got HOST="/)
  })

  it('never puts the secret in an error message', () => {
    const error = failure({ WX_APPID: 'wxabc123', WX_SECRET: 'top-secret-value', PORT: 'x' })
    expect(error.message).not.toContain('top-secret-value')
  })

  it('masks a lone REDIS_URL password too, which ioredis reads as the password', () => {
    const error = failure({ REDIS_URL: 'redis://hunter2@a:6379,b:6379' })
    expect(error.message).toBe('Invalid config: REDIS_URL names several hosts: use redis+cluster:// or redis+sentinel://, got "redis://***@a:6379,b:6379"')
  })
})

describe('loadConfig: the official account for the login in WeChat\'s browser', () => {
  it('uses the dev official account in the dev preset and none in production unless configured', () => {
    expect(loadConfig({}).oaAppid).toBe('wxdemooa00000000')
    const production = loadConfig(prod)
    expect(production.oaAppid).toBeUndefined()
    expect(production.oaSecret).toBeUndefined()
    const both = loadConfig({ ...prod, WX_OA_APPID: 'wxfedcba9876543210', WX_OA_SECRET: 'oa' })
    expect([both.oaAppid, both.oaSecret]).toEqual(['wxfedcba9876543210', 'oa'])
  })

  it('fails fast when only one of WX_OA_APPID and WX_OA_SECRET is set, or the appid is malformed', () => {
    expect(() => loadConfig({ WX_OA_APPID: 'wxfedcba9876543210' })).toThrow(/WX_OA_SECRET is required/)
    expect(() => loadConfig({ WX_OA_SECRET: 'oa' })).toThrow(/WX_OA_APPID is required/)
    expect(() => loadConfig({ WX_OA_APPID: 'not an appid!', WX_OA_SECRET: 'oa' })).toThrow(/^Invalid config: WX_OA_APPID must be an appid like .*, got "not an appid!"$/)
  })
})
