import Fastify from 'fastify'
import { pino } from 'pino'
import { describe, expect, it, vi } from 'vitest'
import { createLogger } from '../../../server/logger'
import { LazyChildLogger, lazyChildLoggerFactory } from '../../../server/logging/lazyChildLogger'

function capture(level: 'info' | 'warn' = 'info') {
  const lines: Record<string, unknown>[] = []
  const logger = createLogger(level, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) })
  return { logger, lines }
}

describe('LazyChildLogger', () => {
  it('writes the same lines as the pino child it stands for, bindings and redaction included', () => {
    const { logger, lines } = capture()
    const lazy = new LazyChildLogger(logger, { reqId: 'req-7' }, {})
    lazy.warn({ session_key: 'SK', n: 1 }, 'careful')
    lazy.info('plain %s', 'text')
    logger.child({ reqId: 'req-7' }).warn({ session_key: 'SK', n: 1 }, 'careful')
    const strip = ({ time: _t, ...rest }: Record<string, unknown>) => rest
    expect(strip(lines[0] ?? {})).toEqual(strip(lines[2] ?? {}))
    expect(lines[0]).toMatchObject({ level: 40, reqId: 'req-7', session_key: '[Redacted]', msg: 'careful' })
    expect(lines[1]).toMatchObject({ level: 30, reqId: 'req-7', msg: 'plain text' })
  })

  it('creates no child for a request that logs nothing, or only below the level', () => {
    const { logger, lines } = capture('warn')
    const child = vi.spyOn(logger, 'child')
    const lazy = new LazyChildLogger(logger, { reqId: 'r' }, {})
    lazy.info('dropped')
    lazy.debug('dropped')
    expect(child).not.toHaveBeenCalled()
    expect(lines).toEqual([])
    lazy.error('kept')
    expect(child).toHaveBeenCalledTimes(1)
    expect(lines).toHaveLength(1)
  })

  it('serves as Fastify\'s request.log', async () => {
    const lines: Record<string, unknown>[] = []
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) })
    const app = Fastify({ loggerInstance: logger, childLoggerFactory: lazyChildLoggerFactory, disableRequestLogging: true })
    app.get('/quiet', async () => ({ ok: true }))
    app.get('/loud', async (request) => {
      request.log.warn({ n: 1 }, 'from the route')
      return { ok: true }
    })
    await app.inject({ method: 'GET', url: '/quiet' })
    await app.inject({ method: 'GET', url: '/loud' })
    await app.close()
    const fromRoutes = lines.filter((line) => line.reqId !== undefined)
    expect(fromRoutes).toEqual([expect.objectContaining({ level: 40, reqId: 'req-2', n: 1, msg: 'from the route' })])
  })
})
