/**
 * The layer rule of eslint.config.js (`layers/direction`), run through ESLint itself on deliberate violations: one
 * per import form, errors.ts included, and a file outside every layer. Lints text under the library's real paths,
 * so the rule's globs are exercised as `npm run lint` uses them.
 */
import path from 'node:path'
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

const ROOT = path.resolve(import.meta.dirname, '..')
const SRC = path.join(ROOT, 'packages/wx-login-state/src')
const eslint = new ESLint({ cwd: ROOT })

/** The `layers/direction` messages for `code` linted as the library file `rel`. */
async function layerErrors(rel: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(SRC, rel) })
  return (result?.messages ?? []).filter((m) => m.ruleId === 'layers/direction').map((m) => m.message)
}

describe('the layer rule', () => {
  it("refuses a root-level module importing a sibling folder above it with './x' (createAuth -> pinia, a cycle)", async () => {
    expect(await layerErrors('createAuth.ts', "export { defineAuthStore } from './pinia'\n")).toEqual([expect.stringContaining('createAuth layer must not depend on a layer above it (pinia)')])
  })

  it("refuses '../x' and deeper forms, static and dynamic", async () => {
    expect(await layerErrors('session/sessionManager.ts', "import { createAuth } from '../createAuth'\nexport const x = createAuth\n")).toHaveLength(1)
    expect(await layerErrors('platform/uniPlatform.ts', "export const load = () => import('../session/sessionManager')\n")).toHaveLength(1)
    expect(await layerErrors('transport/sender.ts', "export * from '../request/httpClient'\n")).toHaveLength(1)
  })

  it('keeps errors.ts below every layer', async () => {
    expect(await layerErrors('errors.ts', "import type { Platform } from './platform/types'\nexport type P = Platform\n")).toEqual([expect.stringContaining('errors layer')])
  })

  it('refuses library code reaching the development entries', async () => {
    expect(await layerErrors('index.ts', "export { createFakePlatform } from './testing'\n")).toEqual([expect.stringContaining('testing entry')])
  })

  it('reports a file of src/ that is in no layer', async () => {
    expect(await layerErrors('newThing/newThing.ts', 'export const a = 1\n')).toEqual([expect.stringContaining('newThing is in no layer')])
  })

  it('accepts imports downwards and within a layer', async () => {
    expect(await layerErrors('createAuth.ts', "import { AuthError } from './errors'\nimport { createRouteGuard } from './guard'\nexport { AuthError, createRouteGuard }\n")).toEqual([])
    expect(await layerErrors('guard/createRouteGuard.ts', "import { checkNickname } from '../profile/checkNickname'\nexport const c = checkNickname\n")).toEqual([])
  })
})
