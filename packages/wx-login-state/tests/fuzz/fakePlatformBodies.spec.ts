/**
 * The response fuzz hands the fake transport bodies that cannot cross a wire (too deep for JSON, or
 * circular). The fake must then fail the call like a broken transport does, not leave it pending forever.
 */
import { describe, expect, it } from 'vitest'
import { createFakePlatform } from '../../src/testing/fakePlatform'
import { PlatformError } from '../../src/platform/platformError'

describe('fake platform transport with bodies that cannot be copied', () => {
  it('rejects with a PlatformError instead of hanging when the handler answers a circular body', async () => {
    const platform = createFakePlatform()
    const circular: Record<string, unknown> = {}
    circular['self'] = circular
    platform.handler = () => ({ status: 200, headers: {}, data: circular })
    let outcome: unknown = 'pending'
    platform.request({ url: 'http://x.test/a', method: 'GET', headers: {}, timeoutMs: 1000 }).then(
      () => (outcome = 'resolved'),
      (error: unknown) => (outcome = error),
    )
    // The fake answers within microtasks and its clock never advances here, so after one macrotask
    // the call has settled unless it never will.
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(outcome).toBeInstanceOf(PlatformError)
  })
})
