/**
 * The alova snippet of docs/library.md compiles as written against the adapter's types: `tsc --noEmit` (strict) on the
 * snippet, unannotated callbacks and all, plus the method properties code written for alova's token authentication
 * uses (`context`, `config.params`, `meta.authRole`). The snippet's `responded` once saw its response as `never`
 * (`TS2339: Property 'statusCode' does not exist on type 'never'`).
 */
import { execFile } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

const ROOT = path.resolve(import.meta.dirname, '../../../..')
const DIR = path.join(ROOT, 'artifacts/alova-snippet-types')

/** The first ```ts block after the alova heading of docs/library.md. */
function alovaSnippet(): string {
  const text = readFileSync(path.join(ROOT, 'docs/library.md'), 'utf8')
  const at = text.indexOf('### alova 3 + `@alova/adapter-uniapp`')
  const block = /```ts\n([\s\S]*?)```/.exec(text.slice(at))
  if (at < 0 || !block?.[1]) throw new Error('docs/library.md has no alova snippet')
  return block[1]
}

const METHOD_USES = `import { createAlova, type Alova, type AlovaGenerics } from 'alova'
import { uniappRequestAdapter } from '@alova/adapter-uniapp'
import { createTokenAuthentication } from 'wx-login-state/alova'
import { auth } from './auth'

const { onAuthRequired, onResponseRefreshToken } = createTokenAuthentication(auth, {
  login: (response, method) => void [response.statusCode, method.url],
  logout: { metaMatches: { logout: true }, handler: () => undefined },
  visitorMeta: { loginRequired: false },
})
export const alova = createAlova({
  requestAdapter: uniappRequestAdapter,
  beforeRequest: onAuthRequired((method) => {
    method.config.params = { a: 7 }
    const context: Alova<AlovaGenerics> = method.context
    const role: 'login' | 'logout' | 'refreshToken' | null | undefined = method.meta?.authRole
    void [context, role]
  }),
  responded: onResponseRefreshToken({
    onSuccess: (response, method) => [response.statusCode, method.meta],
    onError: (error) => error.message,
  }),
})
`

describe('the alova adapter types', () => {
  it('compile the docs snippet as written, and what alova code does with a method', async () => {
    rmSync(DIR, { recursive: true, force: true })
    mkdirSync(DIR, { recursive: true })
    writeFileSync(path.join(DIR, 'snippet.ts'), alovaSnippet())
    writeFileSync(path.join(DIR, 'methodUses.ts'), METHOD_USES)
    writeFileSync(path.join(DIR, 'auth.ts'), "import { createAuth, createUniPlatform } from 'wx-login-state'\nexport const auth = createAuth({ platform: createUniPlatform(), baseURL: 'https://api.example.com' })\n")
    const lib = '../../packages/wx-login-state/src'
    const tsconfig = {
      compilerOptions: {
        target: 'ES2022',
        module: 'ESNext',
        moduleResolution: 'Bundler',
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        lib: ['ES2022', 'DOM'],
        types: ['@dcloudio/types', 'miniprogram-api-typings'],
        paths: { 'wx-login-state': [`${lib}/index.ts`], 'wx-login-state/alova': [`${lib}/alova/index.ts`] },
      },
      include: ['*.ts'],
    }
    writeFileSync(path.join(DIR, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2))
    const tsc = path.join(ROOT, 'node_modules/typescript/bin/tsc')
    const result = await promisify(execFile)(process.execPath, [tsc, '-p', path.join(DIR, 'tsconfig.json')], { cwd: ROOT }).then(
      () => '',
      (error: { stdout?: string }) => error.stdout ?? String(error),
    )
    expect(result).toBe('')
  }, 60_000)
})
