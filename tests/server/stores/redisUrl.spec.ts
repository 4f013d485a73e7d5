import { describe, expect, it } from 'vitest'
import { parseRedisUrl, RedisUrlError } from '../../../server/stores/redisUrl'

describe('parseRedisUrl', () => {
  it('hands a single-node URL to ioredis as it is', () => {
    expect(parseRedisUrl('redis://:pw@cache:6379/2')).toEqual({ mode: 'single', url: 'redis://:pw@cache:6379/2', password: 'pw', tls: false })
    expect(parseRedisUrl('rediss://cache')).toMatchObject({ mode: 'single', tls: true })
  })

  it('reads Sentinel: sentinels with default port 26379, the master name, the database and both passwords', () => {
    expect(parseRedisUrl('redis+sentinel://app:p%40ss@s1,s2:26380,[::1]/mymaster/3?sentinelPassword=sp')).toEqual({
      mode: 'sentinel',
      sentinels: [
        { host: 's1', port: 26379 },
        { host: 's2', port: 26380 },
        { host: '::1', port: 26379 },
      ],
      masterName: 'mymaster',
      db: 3,
      sentinelPassword: 'sp',
      username: 'app',
      password: 'p@ss',
      tls: false,
    })
  })

  it('reads Cluster seed nodes with default port 6379, and TLS from rediss+cluster', () => {
    expect(parseRedisUrl('rediss+cluster://:pw@n1:7000,n2')).toEqual({
      mode: 'cluster',
      nodes: [
        { host: 'n1', port: 7000 },
        { host: 'n2', port: 6379 },
      ],
      password: 'pw',
      tls: true,
    })
  })

  it.each([
    ['an unknown scheme', 'http://cache:6379'],
    ['several hosts without a mode', 'redis://a,b'],
    ['a database on a cluster', 'redis+cluster://a:7000/1'],
    ['a sentinel URL without a master', 'redis+sentinel://s1'],
    ['a bad port', 'redis+cluster://a:99999'],
    ['a bad database', 'redis://a/x'],
    ['a bad host', 'redis+cluster://a b:1'],
  ])('refuses %s with a RedisUrlError', (_, url) => {
    expect(() => parseRedisUrl(url)).toThrowError(RedisUrlError)
  })

  it('never puts the password into its error messages', () => {
    expect(() => parseRedisUrl('redis+cluster://:hunter2@a:1/0')).toThrowError(expect.objectContaining({ message: expect.not.stringContaining('hunter2') }))
  })
})
