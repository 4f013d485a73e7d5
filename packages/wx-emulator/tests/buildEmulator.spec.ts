import { afterEach, describe, expect, it } from 'vitest'
import { redactUrl } from '../src/index'
import { harness } from './harness'
import type { Harness } from './harness'

let h: Harness | undefined
afterEach(async () => {
  await h?.app.close()
  h = undefined
})

describe('buildEmulator', () => {
  it('answers unknown routes outside WeChat API paths with 404 { error: not_found }, without the query', async () => {
    h = await harness()
    const response = await h.app.inject({ url: '/message/custom/send?access_token=x' })
    expect(response.statusCode).toBe(404)
    expect(response.json()).toEqual({ error: 'not_found', message: expect.stringContaining('/message/custom/send') })
    expect(response.json<{ message: string }>().message).not.toContain('access_token')
  })

  it('answers unknown routes under WeChat API paths like WeChat: HTTP 200 and errcode 40066', async () => {
    h = await harness()
    const response = await h.app.inject({ url: '/cgi-bin/message/custom/send?access_token=x' })
    expect(response.statusCode).toBe(200)
    expect(response.json()).toMatchObject({ errcode: 40066 })
  })
})

describe('redactUrl', () => {
  it('hides the secret, code, access token and signature but keeps the rest', () => {
    expect(redactUrl('/sns/jscode2session?appid=wx1&secret=s3cr3t&js_code=abc&grant_type=authorization_code')).toBe(
      '/sns/jscode2session?appid=wx1&secret=[redacted]&js_code=[redacted]&grant_type=authorization_code',
    )
    expect(redactUrl('/wxa/checksession?access_token=T&openid=o&signature=S')).toBe(
      '/wxa/checksession?access_token=[redacted]&openid=o&signature=[redacted]',
    )
  })
})
