/**
 * The luch-request snippet of docs/library.md compiles as written against the adapter's types (`tsc --noEmit`,
 * strict), like the alova one (tests/alova/docsSnippet.spec.ts).
 */
import { execFile } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

const ROOT = path.resolve(import.meta.dirname, '../../../..')
const DIR = path.join(ROOT, 'artifacts/luch-snippet-types')

/** The first ```ts block after the luch-request heading of docs/library.md. */
function luchSnippet(): string {
  const text = readFileSync(path.join(ROOT, 'docs/library.md'), 'utf8')
  const at = text.indexOf('### luch-request: `wx-login-state/luch-request`')
  const block = /```ts\n([\s\S]*?)```/.exec(text.slice(at))
  if (at < 0 || !block?.[1]) throw new Error('docs/library.md has no luch-request snippet')
  return block[1]
}

describe('the luch-request adapter types', () => {
  it('compile the docs snippet as written', async () => {
    rmSync(DIR, { recursive: true, force: true })
    mkdirSync(DIR, { recursive: true })
    writeFileSync(path.join(DIR, 'snippet.ts'), luchSnippet())
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
        paths: { 'wx-login-state': [`${lib}/index.ts`], 'wx-login-state/luch-request': [`${lib}/luch-request/index.ts`] },
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
