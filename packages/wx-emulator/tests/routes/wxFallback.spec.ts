import { afterEach, describe, expect, it } from 'vitest'
import { harness } from '../harness'
import type { Harness } from '../harness'

let h: Harness
afterEach(async () => {
  await h.app.close()
})

describe('requests under WeChat API paths the emulator does not serve', () => {
  it('answers a known path called with the wrong method with HTTP 200 and 43001 or 43002, like WeChat', async () => {
    h = await harness()
    const post = await h.app.inject({ method: 'POST', url: '/sns/jscode2session?appid=x', payload: '{}' })
    expect(post.statusCode).toBe(200)
    expect(post.json()).toMatchObject({ errcode: 43001, errmsg: expect.stringMatching(/^require GET method, rid: /) })
    const get = await h.app.inject({ method: 'GET', url: '/cgi-bin/stable_token' })
    expect(get.json()).toMatchObject({ errcode: 43002 })
    expect((await h.app.inject({ method: 'DELETE', url: '/sns/oauth2/access_token' })).json()).toMatchObject({ errcode: 43001 })
  })

  it('answers an unknown path under /sns/, /cgi-bin/ and /wxa/ with HTTP 200 and 40066 "invalid url"', async () => {
    h = await harness()
    for (const url of ['/sns/nope', '/cgi-bin/user/info?access_token=x', '/wxa/a/b/c']) {
      const response = await h.app.inject({ method: 'GET', url })
      expect(response.statusCode, url).toBe(200)
      expect(response.json(), url).toMatchObject({ errcode: 40066, errmsg: expect.stringMatching(/^invalid url/) })
    }
  })

  it('answers the rest of WeChat\'s API paths (/datacube, /wxaapi, /customservice…) with HTTP 200 and an errcode too', async () => {
    h = await harness()
    for (const url of ['/datacube/getweanalysisappiddailysummarytrend', '/wxaapi/newtmpl/gettemplate', '/customservice/kfaccount/add']) {
      const response = await h.app.inject({ method: 'POST', url, payload: '{}' })
      expect(response.statusCode, url).toBe(200)
      expect(response.json(), url).toMatchObject({ errcode: 40066 })
    }
  })

  it('still answers 404 JSON outside the WeChat API paths', async () => {
    h = await harness()
    expect((await h.app.inject({ method: 'GET', url: '/elsewhere' })).statusCode).toBe(404)
  })
})
