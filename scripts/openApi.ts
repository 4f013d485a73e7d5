/**
 * `npm run docs:openapi`: writes docs/openapi.json, the OpenAPI 3.1 document of the reference server's routes
 * (server/openapi/). tests/server/openapi/openApiPlugin.spec.ts fails when the committed file and the routes drift.
 */
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildOpenApiDocument } from '../server/openapi/buildOpenApiDocument'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const document = await buildOpenApiDocument()
writeFileSync(path.join(ROOT, 'docs/openapi.json'), `${JSON.stringify(document, null, 2)}\n`)
console.log(`✔ docs/openapi.json: ${Object.keys((document.paths ?? {}) as object).length} paths`)
