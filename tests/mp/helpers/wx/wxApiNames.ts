import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'

let cached: readonly string[] | undefined

/**
 * Every method of WeChat's `wx` object, read from the `Wx` interface of the official typings
 * (miniprogram-api-typings). The test `wx` answers each name it does not implement with a recorder
 * that fails the run, so an app that starts calling a new API cannot pass by accident.
 */
export function wxApiNames(): readonly string[] {
  if (cached) return cached
  const require = createRequire(import.meta.url)
  const file = require.resolve('miniprogram-api-typings/types/wx/lib.wx.api.d.ts')
  const text = readFileSync(file, 'utf8')
  const start = text.indexOf('\n    interface Wx {')
  if (start === -1) throw new Error('[mp] miniprogram-api-typings has no "interface Wx"; the typings changed shape')
  // The interface ends where the next declaration of the namespace starts (its JSDoc holds braces).
  const next = /\n {4}(?:interface|type|namespace) /g
  next.lastIndex = start + 10
  const end = next.exec(text)?.index ?? text.length
  const names = new Set<string>()
  for (const match of text.slice(start, end).matchAll(/^ {8}([a-zA-Z][a-zA-Z0-9]*)(?:<[^>]*>)?\(/gm)) names.add(match[1] as string)
  cached = [...names].sort()
  return cached
}
