import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { readmeSnippets } from '../package/readmeSnippets'

const ROOT = path.resolve(import.meta.dirname, '../..')

describe("the README's app snippets", () => {
  it('are the same files in both languages', () => {
    const en = readmeSnippets(path.join(ROOT, 'README.md'))
    const zh = readmeSnippets(path.join(ROOT, 'README.zh-CN.md'))
    expect(Object.fromEntries(zh.npm)).toEqual(Object.fromEntries(en.npm))
    expect(Object.fromEntries(zh.uniModules)).toEqual(Object.fromEntries(en.uniModules))
  })

  it('import the library by its package name only, in the plugin set by its uni_modules entry', () => {
    const { npm, uniModules } = readmeSnippets(path.join(ROOT, 'README.md'))
    const npmText = [...npm.values()].join('\n')
    expect(npmText).toMatch(/from 'wx-login-state'/)
    expect(npmText).not.toMatch(/packages\/|@\/src\//)
    expect([...uniModules.values()].join('\n')).not.toMatch(/from 'wx-login-state/)
  })
})
