import { describe, expect, it } from 'vitest'
import { sniffImageType } from '../../../server/uploads/sniffImageType'
import { JPEG_HEAD, PNG_1X1, WEBP_HEAD } from '../helpers/multipart'

describe('sniffImageType', () => {
  it.each([
    ['PNG', PNG_1X1, 'png'],
    ['JPEG', JPEG_HEAD, 'jpg'],
    ['WebP', WEBP_HEAD, 'webp'],
  ])('recognises %s', (_, bytes, ext) => {
    expect(sniffImageType(bytes)?.ext).toBe(ext)
  })

  it.each([
    ['SVG', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>')],
    ['GIF', Buffer.from('GIF89a\x01\x00\x01\x00')],
    ['HTML', Buffer.from('<!doctype html><script>')],
    ['a RIFF that is not WebP (WAV)', Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WAVE')])],
    ['a truncated PNG signature', PNG_1X1.subarray(0, 4)],
    ['nothing', Buffer.alloc(0)],
  ])('refuses %s', (_, bytes) => {
    expect(sniffImageType(bytes)).toBeUndefined()
  })
})
