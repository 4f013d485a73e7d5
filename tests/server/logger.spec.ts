import { describe, expect, it } from 'vitest'
import { createLogger, scrubUrl } from '../../server/logger'

function capture() {
  const lines: string[] = []
  const logger = createLogger('info', { write: (line: string) => void lines.push(line) })
  return { logger, lines }
}

describe('createLogger', () => {
  it('redacts secrets by field name at several depths', () => {
    const { logger, lines } = capture()
    logger.info(
      {
        session_key: 'SK-top',
        wx: { sessionKey: 'SK-nested', code: 'CODE-1' },
        a: { b: { secret: 'SECRET-deep', access_token: 'AT-deep', refresh_token: 'RT-deep' } },
        body: { encryptedData: 'ED', code: 'CODE-2' },
        req: { headers: { authorization: 'Bearer TOKEN' } },
      },
      'hello',
    )
    const line = lines.join('')
    for (const secret of ['SK-top', 'SK-nested', 'CODE-1', 'SECRET-deep', 'AT-deep', 'RT-deep', 'ED', 'CODE-2', 'TOKEN']) {
      expect(line).not.toContain(secret)
    }
    expect(line).toContain('[Redacted]')
  })

  it('keeps error codes, which are not secrets', () => {
    const { logger, lines } = capture()
    const error = Object.assign(new Error('connect refused'), { code: 'ECONNREFUSED' })
    logger.error({ err: error }, 'failed')
    expect(lines.join('')).toContain('ECONNREFUSED')
  })
})

describe('redaction by pattern', () => {
  // The shape the server issues: `<12-character slot tag>.<43 characters>`.
  const tag = 'T4g_-t4G9xYz'
  const secret = 'A'.repeat(20) + '_-' + 'b'.repeat(21)
  const token = `${tag}.${secret}`
  const sessionKey = 'HyVFkGl5F5OQWJZZaNzBBg=='

  it.each([
    ['a bearer token in a query named authorization', { url: `/api/me?authorization=Bearer%20${token}` }],
    ['a bearer token under any field', { note: `Bearer ${token}` }],
    ['a bare token in a message', { msg2: `token was ${token}.` }],
    ['a bare token in a query value', { msg2: `/x?t=${token}&y=1` }],
    ['a bare 43-character secret', { msg2: `secret ${secret}!` }],
    ['a session_key under an unlisted name', { k: { blob: sessionKey } }],
  ])('removes %s', (_what, fields) => {
    const { logger, lines } = capture()
    logger.info(fields, 'line')
    const line = lines.join('')
    expect(line).not.toContain(secret)
    expect(line).not.toContain(tag)
    expect(line).not.toContain(sessionKey)
    expect(line).toContain('[Redacted]')
  })

  it('keeps openids, request ids and hashes, which are not credentials', () => {
    const { logger, lines } = capture()
    const hash = 'ab'.repeat(32)
    logger.info({ openid: 'oAbCdEfGhIjKlMnOpQrStUvWxYz1', hash, reqId: 'req-1' }, 'fine')
    expect(lines.join('')).toContain('oAbCdEfGhIjKlMnOpQrStUvWxYz1')
    expect(lines.join('')).toContain(hash)
  })
})

describe('scrubUrl', () => {
  it('removes every query value and keeps the names', () => {
    expect(scrubUrl('/sns/jscode2session?appid=wx1&secret=S&js_code=C&grant_type=authorization_code')).toBe(
      '/sns/jscode2session?appid=[Redacted]&secret=[Redacted]&js_code=[Redacted]&grant_type=[Redacted]',
    )
    expect(scrubUrl('/api/me?authorization=Bearer%20abc')).toBe('/api/me?authorization=[Redacted]')
    expect(scrubUrl('/wxa/business/getuserphonenumber?access_token=AT')).toBe('/wxa/business/getuserphonenumber?access_token=[Redacted]')
    expect(scrubUrl('/api/me')).toBe('/api/me')
  })
})
