import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { INSTALL_PINIA_ARGS } from '../../testkit/presetApp'
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

describe('the install commands and the entries', () => {
  const readmes = ['README.md', 'README.zh-CN.md', 'packages/wx-login-state/README.md'].map((f) => [f, readFileSync(path.join(ROOT, f), 'utf8')] as const)

  it('are in every README exactly as the preset test runs them', () => {
    for (const [file, text] of readmes) {
      expect(text, file).toContain('npm install wx-login-state\n')
      expect(text, file).toContain(`npm ${INSTALL_PINIA_ARGS.join(' ')}\n`)
    }
  })

  it("name every entry of the package's exports map, installRequestInterceptor and the alova cacheFor tip", () => {
    const manifest = JSON.parse(readFileSync(path.join(ROOT, 'packages/wx-login-state/package.json'), 'utf8')) as { exports: Record<string, unknown> }
    const subpaths = Object.keys(manifest.exports).filter((k) => k !== '.' && k !== './package.json' && !k.includes('*'))
    for (const [file, text] of readmes) {
      for (const subpath of subpaths) expect(text, `${file}: ${subpath}`).toContain(subpath.slice(1))
      expect(text, file).toContain('installRequestInterceptor')
      expect(text, file).toContain('cacheFor')
    }
  })
})
