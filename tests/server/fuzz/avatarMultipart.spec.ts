/**
 * Fuzzes `POST /api/me/avatar` with malformed multipart (fast-check): wrong and missing boundaries,
 * truncated bodies, wrong field names, several files, lying content types, image magic followed by junk,
 * SVG, and files over 2 MB. Never a 5xx; only bytes that really start like PNG, JPEG or WebP are stored, and
 * each new avatar replaces the previous file.
 */
import { readdirSync } from 'node:fs'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { oddString } from '../../support/fuzz/garbage'
import { createFuzzTally } from '../../support/fuzz/fuzzRuns'
import { JPEG_HEAD, PNG_1X1, WEBP_HEAD } from '../helpers/multipart'
import { SERVER_FUZZ_RUNS, startFuzzServer, type FuzzServer } from './fuzzServer'
import { oddHeaders } from './requestArbitraries'

const runs = SERVER_FUZZ_RUNS.avatar
const tally = createFuzzTally('server: POST /api/me/avatar multipart')
let target: FuzzServer
let token: string

beforeAll(async () => {
  target = await startFuzzServer()
  token = await target.login()
})
afterAll(async () => {
  await target.close()
  tally.flush()
})

const TWO_MB = 2 * 1024 * 1024
const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="1" height="1"/></svg>')

const fileBytes: fc.Arbitrary<Buffer> = fc.oneof(
  fc.uint8Array({ maxLength: 256 }).map((b) => Buffer.from(b)),
  fc.tuple(fc.constantFrom(PNG_1X1, JPEG_HEAD, WEBP_HEAD, PNG_1X1.subarray(0, 4), JPEG_HEAD.subarray(0, 2)), fc.uint8Array({ maxLength: 64 })).map(([head, tail]) => Buffer.concat([head, Buffer.from(tail)])),
  fc.constant(SVG),
  fc.constant(Buffer.alloc(0)),
  // Rare and just over the limit: enough to prove the 413 without making every case slow.
  fc.constantFrom(TWO_MB + 1, TWO_MB + 4096).map((n) => Buffer.concat([PNG_1X1, Buffer.alloc(n - PNG_1X1.length)])),
)

interface PartSpec {
  name: string
  filename: string | undefined
  contentType: string | undefined
  data: Buffer
}

const part: fc.Arbitrary<PartSpec> = fc.record({
  name: fc.oneof(fc.constantFrom('file', 'file', 'avatar', 'File', ''), oddString(20)),
  filename: fc.option(fc.oneof(fc.constantFrom('a.png', 'a.svg', '../../etc/passwd', 'a"b.png', 'x'.repeat(300)), oddString(30)), { nil: undefined }),
  contentType: fc.option(fc.constantFrom('image/png', 'image/jpeg', 'image/webp', 'image/svg+xml', 'text/html', 'application/octet-stream', 'image/png; charset=utf-8'), { nil: undefined }),
  data: fileBytes,
})

function startsLikeImage(data: Buffer): boolean {
  return data.subarray(0, 4).equals(PNG_1X1.subarray(0, 4)) || (data[0] === 0xff && data[1] === 0xd8) || data.subarray(0, 4).toString('latin1') === 'RIFF'
}

type Mangle = 'none' | 'no-final-boundary' | 'truncate' | 'wrong-boundary' | 'no-boundary-param' | 'junk-prefix' | 'lf-only'

const mangle = fc.constantFrom<Mangle>('none', 'none', 'no-final-boundary', 'truncate', 'wrong-boundary', 'no-boundary-param', 'junk-prefix', 'lf-only')

function build(parts: PartSpec[], how: Mangle, cut: number): { payload: Buffer; contentType: string } {
  const boundary = 'fuzzBoundary9x'
  const eol = how === 'lf-only' ? '\n' : '\r\n'
  const chunks: Buffer[] = how === 'junk-prefix' ? [Buffer.from('garbage before the first boundary' + eol)] : []
  for (const p of parts) {
    let head = `--${boundary}${eol}Content-Disposition: form-data; name="${p.name}"`
    if (p.filename !== undefined) head += `; filename="${p.filename}"`
    head += eol
    if (p.contentType !== undefined) head += `Content-Type: ${p.contentType}${eol}`
    chunks.push(Buffer.from(head + eol), p.data, Buffer.from(eol))
  }
  if (how !== 'no-final-boundary') chunks.push(Buffer.from(`--${boundary}--${eol}`))
  let payload = Buffer.concat(chunks)
  if (how === 'truncate') payload = payload.subarray(0, cut % (payload.length + 1))
  const contentType =
    how === 'wrong-boundary' ? 'multipart/form-data; boundary=otherBoundary' : how === 'no-boundary-param' ? 'multipart/form-data' : `multipart/form-data; boundary=${boundary}`
  return { payload, contentType }
}

describe('POST /api/me/avatar under malformed multipart (fast-check)', () => {
  it(`never answers 5xx and stores only real PNG, JPEG or WebP bytes (${runs} cases)`, async () => {
    const uploadDir = target.server.app.ctx.config.uploadDir
    await fc.assert(
      fc.asyncProperty(fc.array(part, { maxLength: 3 }), mangle, fc.nat(), oddHeaders, async (parts, how, cut, headers) => {
        const { payload, contentType } = build(parts, how, cut)
        const stored = readdirSync(uploadDir).length
        const response = await target.send({
          method: 'POST',
          url: '/api/me/avatar',
          headers: { ...headers, authorization: `Bearer ${token}`, 'content-type': contentType },
          payload,
        })
        const after = readdirSync(uploadDir).length
        if (response.statusCode === 200) {
          // One user uploads here: the new file replaces the previous one, so at most one is ever stored.
          expect(after).toBe(1)
          // Which part counts as "the file" is the multipart parser's call (fields before it are skipped),
          // but what got stored must come from a part named `file` that starts like an image.
          expect(parts.some((p) => p.name === 'file' && startsLikeImage(p.data))).toBe(true)
        } else {
          expect(after).toBe(stored)
          expect(after).toBeLessThanOrEqual(1)
          expect([400, 413, 415]).toContain(response.statusCode)
        }
      }),
      { numRuns: runs },
    )
    tally.record('malformed multipart, lying types, oversize', runs)
  })
})
