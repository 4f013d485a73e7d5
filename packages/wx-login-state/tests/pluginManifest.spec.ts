import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { easycomName } from '../scripts/buildPlugin'

const PACKAGE_DIR = path.resolve(import.meta.dirname, '..')
const plugin = JSON.parse(readFileSync(path.join(PACKAGE_DIR, 'uni_modules/package.json'), 'utf8')) as Record<string, unknown>

describe('the uni_modules plugin manifest', () => {
  it('has the fields the plugin market requires', () => {
    for (const field of ['id', 'displayName', 'version', 'description', 'keywords', 'dcloudext', 'uni_modules']) expect(plugin).toHaveProperty(field)
    expect(plugin.id).toBe('wx-login-state')
    expect((plugin.keywords as string[]).length).toBeLessThanOrEqual(5)
    expect(plugin.dcloudext).toMatchObject({ type: 'sdk-js', sale: { regular: { price: '0.00' } }, contact: {}, npmurl: '' })
    expect(Object.keys((plugin.dcloudext as { declaration: object }).declaration).sort()).toEqual(['ads', 'data', 'permissions'])
  })

  it('declares no dependencies and no encryption, and supports Vue 3 on mp-weixin', () => {
    expect(plugin.uni_modules).toMatchObject({
      dependencies: [],
      encrypt: [],
      platforms: { cloud: {}, client: { 'uni-app': { vue: { vue3: '√' }, mp: { weixin: '√' } } } },
    })
  })

  it('asks for the uni versions the version matrix tests, from the official preset (4.29, uni 3.0.0-4020920240930001) on', () => {
    expect(plugin.engines).toEqual({ HBuilderX: '>=4.29.0', 'uni-app': '>=4.29.0' })
  })

  it('names components for easycom in kebab case with the wx- prefix', () => {
    expect(easycomName('PrivacyPopup')).toBe('wx-privacy-popup')
    expect(easycomName('Login')).toBe('wx-login')
  })
})
