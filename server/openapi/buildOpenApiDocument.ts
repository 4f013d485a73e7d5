import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildApp } from '../app'
import { loadConfig } from '../config'

/**
 * The OpenAPI 3.1 document of the reference server's routes, as a development server serves it: built from an app on
 * memory stores that never listens, then closed. docs/openapi.json is this, written by `npm run docs:openapi`.
 */
export async function buildOpenApiDocument(): Promise<Record<string, unknown>> {
  const uploadDir = mkdtempSync(join(tmpdir(), 'wxls-openapi-'))
  const app = await buildApp({ ...loadConfig({ NODE_ENV: 'test', WX_API_BASE: 'http://127.0.0.1:9' }), logLevel: 'silent', uploadDir })
  try {
    await app.ready()
    return JSON.parse(JSON.stringify(app.swagger())) as Record<string, unknown>
  } finally {
    await app.close()
    rmSync(uploadDir, { recursive: true, force: true })
  }
}
