import { cpSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

/**
 * Copies the mp-weixin output to a temporary folder marked CommonJS: the repository's
 * `"type": "module"` would make Node read the compiled `require()` code as ES modules.
 * Returns the folder and a function that removes it.
 */
export function stageBuild(outDir: string): { appDir: string; remove(): void } {
  const appDir = realpathSync(mkdtempSync(path.join(tmpdir(), 'wxls-mp-app-')))
  cpSync(outDir, appDir, { recursive: true })
  writeFileSync(path.join(appDir, 'package.json'), '{ "type": "commonjs" }\n')
  return { appDir, remove: () => rmSync(appDir, { recursive: true, force: true }) }
}
