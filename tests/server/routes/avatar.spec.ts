import { randomBytes } from 'node:crypto'
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { AVATAR_MAX_BYTES } from '../../../server/routes/avatar'
import { reencodeImage } from '../../../server/uploads/reencodeImage'
import sharp from 'sharp'
import { jpegWithComment, pngBomb, pngWithHeader } from '../helpers/craftedImages'
import { JPEG_8X8, multipart, PNG_1X1, WEBP_8X8 } from '../helpers/multipart'
import { startTestServer } from '../helpers/testServer'
import type { TestServer } from '../helpers/testServer'

let t: TestServer | undefined

afterEach(async () => {
  await t?.close()
  t = undefined
})

async function loggedIn(options: Parameters<typeof startTestServer>[0] = {}): Promise<{ s: TestServer; token: string }> {
  t = await startTestServer(options)
  const { token } = await t.login()
  return { s: t, token }
}

function upload(s: TestServer, token: string, data: Buffer, contentType = 'image/png', name = 'file') {
  const body = multipart([{ name, filename: 'a.bin', contentType, data }])
  return s.request({ method: 'POST', url: '/api/me/avatar', headers: { ...s.bearer(token), ...body.headers }, payload: body.payload })
}

describe('POST /api/me/avatar', () => {
  it('stores a PNG under a random name and serves it back at the absolute avatarUrl', async () => {
    const { s, token } = await loggedIn()
    const res = await upload(s, token, PNG_1X1)
    expect(res.statusCode).toBe(200)
    const { avatarUrl } = res.json<{ user: { avatarUrl: string } }>().user
    expect(avatarUrl).toMatch(/^http:\/\/[^/]+\/uploads\/[0-9a-f]{32}\.png$/)
    const served = await s.request({ method: 'GET', url: new URL(avatarUrl).pathname })
    expect(served.statusCode).toBe(200)
    expect(served.headers['content-type']).toBe('image/png')
    expect(served.headers['x-content-type-options']).toBe('nosniff')
    // A fresh encoding of the same pixels, not the uploaded bytes.
    expect(await sharp(served.rawPayload).metadata()).toMatchObject({ format: 'png', width: 1, height: 1 })
  })

  it('builds avatarUrl on PUBLIC_URL when it is set', async () => {
    const { s, token } = await loggedIn({ publicUrl: 'https://cdn.example.com' })
    const res = await upload(s, token, PNG_1X1)
    expect(res.json().user.avatarUrl).toMatch(/^https:\/\/cdn\.example\.com\/uploads\/[0-9a-f]{32}\.png$/)
  })

  it.each([
    ['JPEG', JPEG_8X8, 'jpg'],
    ['WebP', WEBP_8X8, 'webp'],
  ])('recognises %s by its first bytes, whatever content type the client claims', async (_, bytes, ext) => {
    const { s, token } = await loggedIn()
    const res = await upload(s, token, bytes, 'application/octet-stream')
    expect(res.statusCode).toBe(200)
    expect(res.json().user.avatarUrl.endsWith(`.${ext}`)).toBe(true)
  })

  it('answers 415 unsupported_image for an SVG even when it claims to be a PNG, and stores nothing', async () => {
    const { s, token } = await loggedIn()
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
    const res = await upload(s, token, svg, 'image/png')
    expect(res.statusCode).toBe(415)
    expect(res.json().error).toBe('unsupported_image')
    expect(readdirSync(s.app.ctx.config.uploadDir)).toEqual([])
  })

  it('answers 413 payload_too_large for a file over 2 MB', async () => {
    const { s, token } = await loggedIn()
    const big = Buffer.concat([PNG_1X1, Buffer.alloc(AVATAR_MAX_BYTES)])
    const res = await upload(s, token, big)
    expect(res.statusCode).toBe(413)
    expect(res.json().error).toBe('payload_too_large')
    expect(readdirSync(s.app.ctx.config.uploadDir)).toEqual([])
  })

  it('answers 400 invalid_upload when the file field has another name', async () => {
    const { s, token } = await loggedIn()
    const res = await upload(s, token, PNG_1X1, 'image/png', 'avatar')
    expect(res.statusCode).toBe(400)
    expect(res.json().error).toBe('invalid_upload')
  })

  it('answers 400 invalid_upload for a JSON body', async () => {
    const { s, token } = await loggedIn()
    const res = await s.request({ method: 'POST', url: '/api/me/avatar', headers: s.bearer(token), payload: { file: 'x' } })
    expect(res.statusCode).toBe(400)
    expect(res.json().error).toBe('invalid_upload')
  })

  it('answers 400 invalid_upload for a truncated multipart body', async () => {
    const { s, token } = await loggedIn()
    const body = multipart([{ name: 'file', filename: 'a.png', contentType: 'image/png', data: PNG_1X1 }])
    const res = await s.request({
      method: 'POST',
      url: '/api/me/avatar',
      headers: { ...s.bearer(token), ...body.headers },
      payload: body.payload.subarray(0, 120),
    })
    expect(res.statusCode).toBe(400)
    expect(res.json().error).toBe('invalid_upload')
  })

  it('answers 401 session_expired without a token and stores nothing', async () => {
    const { s } = await loggedIn()
    const body = multipart([{ name: 'file', filename: 'a.png', contentType: 'image/png', data: PNG_1X1 }])
    const res = await s.request({ method: 'POST', url: '/api/me/avatar', headers: body.headers, payload: body.payload })
    expect(res.statusCode).toBe(401)
    expect(readdirSync(s.app.ctx.config.uploadDir)).toEqual([])
  })

  it('answers 404 not_found for an upload that does not exist', async () => {
    const { s } = await loggedIn()
    const res = await s.request({ method: 'GET', url: '/uploads/0123456789abcdef0123456789abcdef.png' })
    expect(res.statusCode).toBe(404)
    expect(res.json().error).toBe('not_found')
  })
})

describe('POST /api/me/avatar decodes and re-encodes what it keeps', () => {
  const stored = (s: TestServer): Buffer[] => readdirSync(s.app.ctx.config.uploadDir).map((name) => readFileSync(join(s.app.ctx.config.uploadDir, name)))

  it.each([
    // The decoder itself refuses a header this large (PNG allows at most 2^31-1, libspng less).
    ['a 57-byte PNG that declares 2^31-1 × 2^31-1 pixels', () => pngWithHeader(2 ** 31 - 1, 2 ** 31 - 1, Buffer.alloc(0)), 415],
    ['a PNG that declares 100,000 × 100,000 pixels', () => pngWithHeader(100_000, 100_000, Buffer.from([0x78, 0x9c, 3, 0, 0, 0, 0, 1])), 413],
    ['a valid PNG that decodes to 36 MB (6000 × 6000)', () => pngBomb(6000), 413],
  ])('refuses %s before decoding it, and stores nothing', async (_what, make, status) => {
    const { s, token } = await loggedIn()
    const res = await upload(s, token, make())
    expect(res.statusCode).toBe(status)
    expect(res.json()).toEqual(
      status === 413
        ? { error: 'payload_too_large', message: expect.stringMatching(/pixels/) }
        : { error: 'unsupported_image', message: expect.any(String) },
    )
    expect(stored(s)).toEqual([])
  })

  it.each([
    ['a PNG with an SVG after its end', () => Buffer.concat([PNG_1X1, Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')]), '<svg'],
    ['a JPEG with PHP and HTML in a comment', () => jpegWithComment(JPEG_8X8, '<?php system($_GET["c"]); ?><html><script>alert(1)</script>'), '<script'],
    ['a JPEG with HTML after its end', () => Buffer.concat([JPEG_8X8, Buffer.from('<html><script>alert(1)</script></html>')]), '<script'],
    ['a WebP with HTML after its end', () => Buffer.concat([WEBP_8X8, Buffer.from('<html><script>alert(1)</script></html>')]), '<script'],
  ])('keeps only the pixels of %s', async (_what, make, marker) => {
    const { s, token } = await loggedIn()
    const res = await upload(s, token, make())
    expect(res.statusCode).toBe(200)
    const [file] = stored(s)
    expect(file?.toString('latin1')).not.toContain(marker)
    expect(file?.toString('latin1')).not.toContain('alert(1)')
  })

  it('answers 415 unsupported_image for bytes that start like an image but do not decode, and stores nothing', async () => {
    const { s, token } = await loggedIn()
    for (const bytes of [PNG_1X1.subarray(0, 40), Buffer.concat([JPEG_8X8.subarray(0, 20), Buffer.alloc(50)]), WEBP_8X8.subarray(0, 24)]) {
      const res = await upload(s, token, bytes)
      expect(res.statusCode).toBe(415)
      expect(res.json().error).toBe('unsupported_image')
    }
    expect(stored(s)).toEqual([])
  })

  it('shrinks a large picture to at most 1024 pixels a side', async () => {
    const { s, token } = await loggedIn()
    const big = await sharp({ create: { width: 3000, height: 1500, channels: 3, background: '#336699' } }).jpeg().toBuffer()
    expect((await upload(s, token, big)).statusCode).toBe(200)
    const [file] = stored(s)
    expect(await sharp(file).metadata()).toMatchObject({ format: 'jpeg', width: 1024, height: 512 })
  })
})

describe('GET /uploads/', () => {
  it('serves only the names the storage hands out: no dot files, no subfolders, however the path is spelt', async () => {
    t = await startTestServer()
    const dir = t.app.ctx.config.uploadDir
    const stored = '0123456789abcdef0123456789abcdef.png'
    writeFileSync(join(dir, stored), PNG_1X1)
    writeFileSync(join(dir, '.secret'), 'secret')
    mkdirSync(join(dir, '.git'))
    writeFileSync(join(dir, '.git', 'config'), '[core]')
    mkdirSync(join(dir, 'sub'))
    writeFileSync(join(dir, 'sub', stored), PNG_1X1)
    writeFileSync(join(dir, 'notes.txt'), 'text')
    expect((await t.request({ method: 'GET', url: `/uploads/${stored}` })).statusCode).toBe(200)
    for (const url of [
      '/uploads/.secret',
      '/uploads/%2esecret',
      '/uploads/%2Esecret',
      '/uploads/.git/config',
      '/uploads/%2egit/config',
      `/uploads/sub/${stored}`,
      `/uploads/sub%2f${stored}`,
      '/uploads/notes.txt',
    ]) {
      const res = await t.request({ method: 'GET', url })
      expect({ url, status: res.statusCode }).toEqual({ url, status: 404 })
      expect(res.json()).toEqual({ error: 'not_found', message: expect.any(String) })
    }
  })
})

describe('avatar storage limits', () => {
  it('removes the previous file once the new avatar is stored: 20 uploads leave one file', async () => {
    const { s, token } = await loggedIn({ avatarRateLimit: 100 })
    const dir = s.app.ctx.config.uploadDir
    for (let i = 0; i < 20; i++) expect((await upload(s, token, PNG_1X1)).statusCode).toBe(200)
    const files = readdirSync(dir)
    expect(files).toHaveLength(1)
    const me = await s.request({ method: 'GET', url: '/api/me', headers: s.bearer(token) })
    expect(me.json().user.avatarUrl.endsWith(`/uploads/${files[0]}`)).toBe(true)
  })

  it('limits uploads per user with 429 rate_limited and Retry-After, before reading the body', async () => {
    const { s, token } = await loggedIn({ avatarRateLimit: 3 })
    for (let i = 0; i < 3; i++) expect((await upload(s, token, PNG_1X1)).statusCode).toBe(200)
    const res = await upload(s, token, PNG_1X1)
    expect(res.statusCode).toBe(429)
    expect(res.json().error).toBe('rate_limited')
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0)
    // Another user has their own allowance.
    const other = await s.login()
    expect((await upload(s, other.token, PNG_1X1)).statusCode).toBe(200)
  })

  it('answers 507 storage_full once UPLOAD_DIR is at its quota, and stores nothing', async () => {
    // Noise, so the stored (re-encoded) file is about as large as the upload.
    const image = await sharp(randomBytes(64 * 64 * 3), { raw: { width: 64, height: 64, channels: 3 } }).png().toBuffer()
    const kept = await reencodeImage(image, { ext: 'png', mime: 'image/png' })
    const { s, token } = await loggedIn({ uploadMaxTotalBytes: kept.length * 2 + Math.floor(kept.length / 2) })
    const other = await s.login()
    expect((await upload(s, token, image)).statusCode).toBe(200)
    expect((await upload(s, other.token, image)).statusCode).toBe(200)
    const third = await s.login()
    const res = await upload(s, third.token, image)
    expect(res.statusCode).toBe(507)
    expect(res.json()).toEqual({ error: 'storage_full', message: expect.any(String) })
    expect(readdirSync(s.app.ctx.config.uploadDir)).toHaveLength(2)
  })

  it('never builds avatarUrl on the Host or X-Forwarded-Host header', async () => {
    const { s, token } = await loggedIn({ trustProxy: true })
    const body = multipart([{ name: 'file', filename: 'a.png', contentType: 'image/png', data: PNG_1X1 }])
    const res = await s.request({
      method: 'POST',
      url: '/api/me/avatar',
      headers: { ...s.bearer(token), ...body.headers, host: 'evil.example', 'x-forwarded-host': 'evil2.example' },
      payload: body.payload,
    })
    expect(res.statusCode).toBe(200)
    expect(res.json().user.avatarUrl).toMatch(new RegExp(`^${s.url}/uploads/[0-9a-f]{32}\\.png$`))
  })
})
