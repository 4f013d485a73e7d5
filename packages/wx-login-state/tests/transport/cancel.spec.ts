import { describe, expect, it } from 'vitest'
import { createCancelSource } from '../../src/transport/cancel'

describe('createCancelSource', () => {
  it('runs each listener once, and late listeners at once', () => {
    const { signal, cancel } = createCancelSource()
    let early = 0
    let late = 0
    const off = signal.onCancel(() => early++)
    signal.onCancel(() => early++)
    off()
    cancel()
    cancel()
    signal.onCancel(() => late++)
    expect(signal.cancelled).toBe(true)
    expect(early).toBe(1)
    expect(late).toBe(1)
  })
})
