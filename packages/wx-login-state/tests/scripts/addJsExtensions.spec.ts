import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { addJsExtensions } from '../../scripts/addJsExtensions'

let dir = ''

function emit(files: Record<string, string>): void {
  dir = mkdtempSync(path.join(os.tmpdir(), 'wxls-dist-'))
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true })
    writeFileSync(path.join(dir, rel), text)
  }
}

afterEach(() => {
  rmSync(dir, { recursive: true, force: true })
})

describe('addJsExtensions', () => {
  it('completes file and folder imports of .js and .d.ts files to the emitted file Node resolves', () => {
    emit({
      'index.js': "export { a } from './a';\nexport * from \"./guard\";\nimport './side';\n",
      'index.d.ts': "export type { A } from './a';\nexport declare const x: import('./guard').G;\n",
      'a.js': 'export const a = 1;\n',
      'side.js': '',
      'guard/index.js': "export { b } from '../a';\n",
    })
    expect(addJsExtensions(dir)).toBe(6)
    expect(readFileSync(path.join(dir, 'index.js'), 'utf8')).toBe("export { a } from './a.js';\nexport * from \"./guard/index.js\";\nimport './side.js';\n")
    expect(readFileSync(path.join(dir, 'index.d.ts'), 'utf8')).toContain("import('./guard/index.js').G")
    expect(readFileSync(path.join(dir, 'guard/index.js'), 'utf8')).toBe("export { b } from '../a.js';\n")
  })

  it('leaves bare package imports and complete specifiers alone', () => {
    emit({ 'index.js': "import { ref } from 'vue';\nexport { a } from './a.js';\n", 'a.js': '' })
    expect(addJsExtensions(dir)).toBe(0)
  })

  it('fails on an import that names no emitted file', () => {
    emit({ 'index.js': "export { a } from './missing';\n" })
    expect(() => addJsExtensions(dir)).toThrow("the import './missing' names no emitted file")
  })
})
