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
        a: { b: { secret: 'SECRET-deep', access_token: 'AT-deep' } },
        body: { encryptedData: 'ED', code: 'CODE-2' },
        req: { headers: { authorization: 'Bearer TOKEN' } },
      },
      'hello',
    )
    const line = lines.join('')
    for (const secret of ['SK-top', 'SK-nested', 'CODE-1', 'SECRET-deep', 'AT-deep', 'ED', 'CODE-2', 'TOKEN']) {
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

describe('scrubUrl', () => {
  it('removes secret query values and keeps the rest', () => {
    expect(scrubUrl('/sns/jscode2session?appid=wx1&secret=S&js_code=C&grant_type=authorization_code')).toBe(
      '/sns/jscode2session?appid=wx1&secret=[Redacted]&js_code=[Redacted]&grant_type=authorization_code',
    )
    expect(scrubUrl('/wxa/business/getuserphonenumber?access_token=AT')).toBe('/wxa/business/getuserphonenumber?access_token=[Redacted]')
    expect(scrubUrl('/api/me')).toBe('/api/me')
  })
})
