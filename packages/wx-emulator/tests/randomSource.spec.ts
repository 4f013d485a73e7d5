import { describe, expect, it } from 'vitest'
import { ALPHABETS, randomString } from '../src/randomSource'
import { isSessionKey, newOpenid } from '../src/wxIdentifiers'

function scripted(bytes: number[]): (size: number) => Buffer {
  let position = 0
  return (size) => {
    const out = Buffer.alloc(size)
    for (let i = 0; i < size; i++) out[i] = bytes[position++ % bytes.length] ?? 0
    return out
  }
}

describe('randomString', () => {
  it('skips bytes that would bias the modulo', () => {
    // 62 characters: bytes 248..255 would favour the first 8 characters, so they are dropped.
    expect(randomString(scripted([255, 248, 0, 61, 62]), 3, ALPHABETS.alnum)).toBe('A9A')
  })

  it('returns exactly the requested length from the alphabet', () => {
    const value = randomString(scripted([1, 2, 3, 250, 15]), 40, ALPHABETS.hex)
    expect(value).toMatch(/^[0-9a-f]{40}$/)
  })
})

describe('wx identifiers', () => {
  it('shapes openids as o + 27 base64url characters', () => {
    expect(newOpenid(scripted([7, 200, 63]))).toMatch(/^o[A-Za-z0-9_-]{27}$/)
  })

  it('accepts only canonical base64 of 16 bytes as a session_key', () => {
    expect(isSessionKey('tiihtNczf5v6AKRyjwEUhQ==')).toBe(true)
    expect(isSessionKey(Buffer.alloc(15).toString('base64'))).toBe(false)
    expect(isSessionKey(Buffer.alloc(17).toString('base64'))).toBe(false)
    expect(isSessionKey('tiihtNczf5v6AKRyjwEUhR==')).toBe(false)
    expect(isSessionKey('tiihtNczf5v6AKRyjwEUhQ')).toBe(false)
  })
})
