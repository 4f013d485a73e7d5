/**
 * Security checks through the real client library and the real server over HTTP: the leak watch itself,
 * token entropy and hashing (on a real Redis), server-side revocation by logout and logout-all, the login
 * rate limit as the client sees it, avatar rejects through a real upload, and the constant-time signature
 * compare on the decrypt path. Single-endpoint details are covered by the server's own route tests.
 */
import crypto from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { syncBuiltinESMExports } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Redis } from 'ioredis'
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest'
import { HttpError, LoginFailedError, DEFAULT_STORAGE_KEY } from 'wx-login-state'
import { createLeakWatch } from '../../testkit/leakWatch'
import { requireRedisOrSkip, startRedis, type RedisServer } from '../../testkit/redisServer'
import { JPEG_8X8, PNG_1X1 } from '../server/helpers/multipart'
import { startHarness, type Harness, type TestClient } from '../../testkit/harness'

let h: Harness | undefined
let redis: RedisServer | undefined
const haveRedis = requireRedisOrSkip('tests/integration/security.spec.ts (token hashing on Redis)')

afterEach(async () => {
  vi.restoreAllMocks()
  syncBuiltinESMExports()
  if (h) {
    await h.close()
    h.watch.assertClean()
    h = undefined
  }
  await redis?.stop()
  redis = undefined
})

function tokenOf(client: TestClient): string {
  const stored = client.platform.storage.get(DEFAULT_STORAGE_KEY) as { token?: unknown } | undefined
  if (typeof stored?.token !== 'string') throw new Error('no stored token')
  return stored.token
}

async function statusWith(harness: Harness, token: string): Promise<number> {
  const res = await fetch(`${harness.url}/api/me`, { headers: { authorization: `Bearer ${token}` } })
  harness.watch.recordBody('/api/me', await res.text())
  return res.status
}

describe('the leak watch', () => {
  it('reports a planted session_key in a body and a planted bearer token in a log line, without printing them', () => {
    const watch = createLeakWatch()
    watch.addSecret('c2Vzc2lvbl9rZXlfMTIzNA==', 'session_key')
    watch.addSecret('tokentokentokentoken', 'bearer token', 'logs')
    watch.recordBody('/api/me', { user: { note: 'c2Vzc2lvbl9rZXlfMTIzNA==' } })
    watch.recordBody('/api/auth/login', { token: 'tokentokentokentoken' })
    watch.logStream.write('{"msg":"auth tokentokentokentoken"}')
    expect(() => watch.assertClean()).toThrowError(/session_key in a response body of \/api\/me/)
    expect(() => watch.assertClean()).toThrowError(/bearer token in log line #1/)
    expect(() => watch.assertClean()).not.toThrowError(/c2Vzc2lvbl9rZXlf|tokentokentoken/)
  })
})

describe('tokens', () => {
  it('carry 256 random bits: a 32-byte secret each, all distinct, every bit position about half set over 200 logins', async () => {
    h = await startHarness({ loginRateLimit: 1_000 })
    const tokens: string[] = []
    for (let i = 0; i < 200; i++) {
      const c = h.client()
      await c.auth.session.login()
      tokens.push(tokenOf(c))
    }
    expect(new Set(tokens).size).toBe(200)
    const ones = new Array<number>(256).fill(0)
    for (const token of tokens) {
      // `<user slot tag>.<secret>`: the tag only places the session; the secret carries the 256 random bits.
      const t = token.slice(13)
      const bytes = Buffer.from(t, 'base64url')
      expect(bytes).toHaveLength(32)
      expect(bytes.toString('base64url')).toBe(t)
      bytes.forEach((byte, i) => {
        for (let bit = 0; bit < 8; bit++) if (byte & (1 << bit)) ones[i * 8 + bit]! += 1
      })
    }
    // Binomial(200, 1/2) per position: mean 100, sd ~7; 40..160 is over 8 sd, so only a biased source fails.
    for (const n of ones) {
      expect(n).toBeGreaterThan(40)
      expect(n).toBeLessThan(160)
    }
  })

  it.runIf(haveRedis)('are stored only as sha256 hashes: no Redis key or value holds a token', async () => {
    redis = await startRedis()
    h = await startHarness({ redisUrl: redis.url })
    const clients = [h.client(), h.client(), h.client()]
    for (const c of clients) await c.auth.account.me()
    const tokens = clients.map(tokenOf)
    const r = new Redis(redis.url)
    try {
      const keys = await r.keys('*')
      let dump = keys.join('\n')
      for (const key of keys) {
        const type = await r.type(key)
        if (type === 'string') dump += `\n${await r.get(key)}`
        else if (type === 'set') dump += `\n${(await r.smembers(key)).join(',')}`
        else if (type === 'hash') dump += `\n${JSON.stringify(await r.hgetall(key))}`
        else if (type === 'zset') dump += `\n${(await r.zrange(key, 0, -1)).join(',')}`
      }
      for (const token of tokens) {
        expect(dump.includes(token)).toBe(false)
        expect(dump).toContain(crypto.createHash('sha256').update(token).digest('hex'))
      }
    } finally {
      r.disconnect()
    }
  })
})

describe('revocation', () => {
  it('revokes the token on the server when the client logs out, and leaves other devices alone', async () => {
    h = await startHarness()
    const phone = h.client()
    await phone.auth.account.me()
    const tablet = h.client({ openid: phone.platform.openid })
    await tablet.auth.account.me()
    const phoneToken = tokenOf(phone)

    await phone.auth.session.logout()
    expect(await statusWith(h, phoneToken)).toBe(401)
    expect(await statusWith(h, tokenOf(tablet))).toBe(200)
  })

  it('revokes every session of the user on log-out-everywhere', async () => {
    h = await startHarness()
    const phone = h.client()
    await phone.auth.account.me()
    const tablet = h.client({ openid: phone.platform.openid })
    await tablet.auth.account.me()
    const stranger = h.client()
    await stranger.auth.account.me()
    const tokens = [tokenOf(phone), tokenOf(tablet)]

    await tablet.auth.http.request({ url: '/api/auth/logout-all', method: 'POST' })
    for (const t of tokens) expect(await statusWith(h, t)).toBe(401)
    expect(await statusWith(h, tokenOf(stranger))).toBe(200)
  })
})

describe('the login rate limit, as the client sees it', () => {
  it('lets LOGIN_RATE_LIMIT logins through and answers the next with a typed rate_limited error', async () => {
    h = await startHarness({ loginRateLimit: 5 })
    for (let i = 0; i < 5; i++) await h.client().auth.session.login()
    const error = await h.client().auth.session.login().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(LoginFailedError)
    expect(error).toMatchObject({ reason: 'rate_limited', status: 429 })
    expect((error as LoginFailedError).retryAfterSec).toBeGreaterThan(0)
  })
})

describe('avatar upload through the client', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wxls-avatar-'))
  const file = (name: string, bytes: Buffer): string => {
    const p = join(dir, name)
    writeFileSync(p, bytes)
    return p
  }
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it.each([
    ['a non-image (PDF bytes)', 'doc.png', Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n'), 415],
    ['an SVG', 'icon.svg', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 415],
    ['an SVG named .png (lying type)', 'icon.png', Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>'), 415],
    ['a GIF named .jpg (lying type)', 'anim.jpg', Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1'), 415],
    ['a PNG over 2 MB', 'big.png', Buffer.concat([PNG_1X1, Buffer.alloc(2 * 1024 * 1024)]), 413],
  ])('rejects %s with a typed HttpError and keeps the user as it was', async (_what, name, bytes, status) => {
    h = await startHarness()
    const c = h.client()
    const before = await c.auth.account.me()
    const error = await c.auth.account.uploadAvatar(file(name, bytes)).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(HttpError)
    expect((error as HttpError).status).toBe(status)
    expect(c.auth.session.state.user).toEqual(before)
    expect((await c.auth.account.me()).avatarUrl).toBe('')
  })

  it('accepts a real JPEG and a PNG whatever their names', async () => {
    h = await startHarness()
    const c = h.client()
    expect((await c.auth.account.uploadAvatar(file('photo.bin', JPEG_8X8))).avatarUrl).toMatch(/\.jpg$/)
    expect((await c.auth.account.uploadAvatar(file('photo.gif', PNG_1X1))).avatarUrl).toMatch(/\.png$/)
  })
})

describe('decrypt signature check', () => {
  it('compares signatures with crypto.timingSafeEqual on equal-length buffers, for good and bad signatures', async () => {
    h = await startHarness()
    const c = h.client()
    const me = await c.auth.account.me()
    const res = await fetch(`${h.server.url}/__emulator/encrypt`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ openid: me.openid, data: { nickName: 'Band' } }),
    })
    const sealed = (await res.json()) as { encryptedData: string; iv: string; rawData: string; signature: string }
    const spy = vi.spyOn(crypto, 'timingSafeEqual')
    syncBuiltinESMExports()

    const ok = await c.auth.http.request<{ data: { nickName: string } }>({ url: '/api/wx/decrypt', method: 'POST', data: sealed })
    expect(ok.data.nickName).toBe('Band')
    const flipped = sealed.signature.replace(/^./, (ch) => (ch === '0' ? '1' : '0'))
    const bad = await c.auth.http.request({ url: '/api/wx/decrypt', method: 'POST', data: { ...sealed, signature: flipped } }).catch((e: unknown) => e)
    expect(bad).toMatchObject({ status: 400, body: { error: 'bad_signature' } })

    expect(spy).toHaveBeenCalledTimes(2)
    for (const [a, b] of spy.mock.calls) expect((a as Buffer).length).toBe((b as Buffer).length)
  })
})
