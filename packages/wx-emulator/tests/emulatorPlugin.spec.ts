import Fastify from 'fastify'
import type { FastifyInstance } from 'fastify'
import { afterEach, describe, expect, it } from 'vitest'
import { DEV_APPID, DEV_SECRET, emulatorPlugin } from '../src/index'

const apps: FastifyInstance[] = []
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()))
})

async function host(): Promise<FastifyInstance> {
  const app = Fastify()
  apps.push(app)
  app.setErrorHandler((_error, _request, reply) => reply.code(418).send({ host: 'handler' }))
  app.post('/api/echo', async (request) => ({ body: request.body }))
  app.get('/api/boom', async () => {
    throw new Error('boom')
  })
  return app
}

describe('emulatorPlugin', () => {
  it('serves WeChat paths at the root and decorates the host even when registered under a prefix', async () => {
    const app = await host()
    await app.register(emulatorPlugin, { appid: DEV_APPID, secret: DEV_SECRET, prefix: '/ignored' })
    await app.ready()
    const { code } = app.wxEmulator.issueLoginCode()
    const query = `appid=${DEV_APPID}&secret=${DEV_SECRET}&js_code=${code}&grant_type=authorization_code`
    expect((await app.inject({ url: `/sns/jscode2session?${query}` })).json()).toHaveProperty('session_key')
  })

  it("leaves the host's error handler and JSON parser alone", async () => {
    const app = await host()
    await app.register(emulatorPlugin, { appid: DEV_APPID, secret: DEV_SECRET })
    const echo = await app.inject({ method: 'POST', url: '/api/echo', payload: { a: 1 } })
    expect(echo.json()).toEqual({ body: { a: 1 } })
    const boom = await app.inject({ url: '/api/boom' })
    expect(boom.statusCode).toBe(418)
    const badJson = await app.inject({ method: 'POST', url: '/api/echo', payload: '{', headers: { 'content-type': 'application/json' } })
    expect(badJson.statusCode).toBe(418)
  })

  it('keeps state per instance: a code from one emulator is unknown to another', async () => {
    const first = await host()
    const second = await host()
    await first.register(emulatorPlugin, { appid: DEV_APPID, secret: DEV_SECRET })
    await second.register(emulatorPlugin, { appid: DEV_APPID, secret: DEV_SECRET })
    await Promise.all([first.ready(), second.ready()])
    const { code } = first.wxEmulator.issueLoginCode()
    const query = `appid=${DEV_APPID}&secret=${DEV_SECRET}&js_code=${code}&grant_type=authorization_code`
    expect((await second.inject({ url: `/sns/jscode2session?${query}` })).json()).toMatchObject({ errcode: 40029 })
    expect(second.wxEmulator.stats.jscode2session.calls).toBe(1)
    expect(first.wxEmulator.stats.jscode2session.calls).toBe(0)
  })

  it('accepts only the appid and secret it was given', async () => {
    const app = await host()
    await app.register(emulatorPlugin, { appid: 'wx1234567890abcdef', secret: 'prod-like-secret' })
    const { code } = app.wxEmulator.issueLoginCode()
    const devQuery = `appid=${DEV_APPID}&secret=${DEV_SECRET}&js_code=${code}&grant_type=authorization_code`
    expect((await app.inject({ url: `/sns/jscode2session?${devQuery}` })).json()).toMatchObject({ errcode: 40013 })
    const query = `appid=wx1234567890abcdef&secret=prod-like-secret&js_code=${code}&grant_type=authorization_code`
    expect((await app.inject({ url: `/sns/jscode2session?${query}` })).json()).toHaveProperty('openid')
  })

  it('refuses to start without an appid or secret and says which', async () => {
    const app = await host()
    await expect(app.register(emulatorPlugin, { appid: '', secret: DEV_SECRET })).rejects.toThrow(/"appid" must be a non-empty string/)
    const other = await host()
    await expect(other.register(emulatorPlugin, { appid: DEV_APPID, secret: '' })).rejects.toThrow(/"secret"/)
  })
})
