import { describe, expect, it } from 'vitest'
import { PlatformError, kindOfErrMsg, toPlatformError } from '../../src/platform/platformError'

describe('platformError', () => {
  it.each([
    ['request:fail timeout', 'timeout'],
    ['request:fail abort', 'aborted'],
    ['uploadFile:fail abort', 'aborted'],
    ['request:fail ', 'network'],
    ['request:fail net::ERR_CONNECTION_REFUSED', 'network'],
    ['login:fail api scope is not declared in the privacy agreement', 'denied'],
    ['getUserProfile:fail auth deny', 'denied'],
    ['setStorageSync:fail exceed storage max size 10MB', 'storage'],
    ['login:fail not support', 'unsupported'],
  ])('maps %j to kind %s', (errMsg, kind) => {
    expect(kindOfErrMsg(errMsg, 'network')).toBe(kind)
  })

  it('reads errMsg from uni failures, message from Errors, and survives anything else', () => {
    expect(toPlatformError({ errMsg: 'request:fail timeout' }, 'network')).toMatchObject({ kind: 'timeout', errMsg: 'request:fail timeout' })
    expect(toPlatformError(new Error('boom'), 'failed')).toMatchObject({ kind: 'failed', errMsg: 'boom' })
    expect(toPlatformError(undefined)).toMatchObject({ kind: 'failed', errMsg: 'unknown platform failure' })
  })

  it('passes an existing PlatformError through unchanged', () => {
    const error = new PlatformError('storage', 'x')
    expect(toPlatformError(error, 'network')).toBe(error)
    expect(error).toBeInstanceOf(PlatformError)
  })
})
