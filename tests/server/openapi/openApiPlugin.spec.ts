import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildOpenApiDocument } from '../../../server/openapi/buildOpenApiDocument'
import { OPERATION_ERRORS } from '../../../server/openapi/errorAnswers'
import { OPENAPI_PATH } from '../../../server/openapi/openApiPlugin'
import { startServer } from '../../../server/testing/startServer'
import type { StartedServer } from '../../../server/testing/startServer'
import { loadConfig } from '../../../server/config'
import { buildApp } from '../../../server/app'

const ROOT = join(import.meta.dirname, '../../..')

interface Operation {
  responses: Record<string, { content?: { 'application/json'?: { schema?: { properties?: { error?: { enum?: string[] } } } } } }>
  security?: unknown
}
type Paths = Record<string, Record<string, Operation>>

let generated: { openapi: string; paths: Paths }
beforeAll(async () => {
  generated = (await buildOpenApiDocument()) as typeof generated
})

function operations(paths: Paths): string[] {
  return Object.entries(paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`)).sort()
}

function codesOf(operation: Operation): Map<number, string[]> {
  const codes = new Map<number, string[]>()
  for (const [status, response] of Object.entries(operation.responses)) {
    const list = response.content?.['application/json']?.schema?.properties?.error?.enum
    if (Number(status) >= 400 && list !== undefined) codes.set(Number(status), list)
  }
  return codes
}

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 and equals the committed docs/openapi.json (run npm run docs:openapi after changing a route)', () => {
    expect(generated.openapi).toBe('3.1.0')
    const committed: unknown = JSON.parse(readFileSync(join(ROOT, 'docs/openapi.json'), 'utf8'))
    expect(committed).toEqual(generated)
  })

  it('documents exactly the operations of the error table, no emulator or dev route', () => {
    expect(operations(generated.paths)).toEqual(Object.keys(OPERATION_ERRORS).sort())
  })

  it('gives every operation its error answers, each status with its error codes, and (auth) ones the bearer scheme', () => {
    const login = generated.paths['/api/auth/login']?.['post']
    expect(login && Object.fromEntries(codesOf(login))).toMatchObject({
      400: ['invalid_request'],
      401: ['invalid_code'],
      403: ['login_blocked'],
      429: ['rate_limited'],
      503: ['service_unavailable', 'wechat_unavailable'],
    })
    expect(login?.security).toBeUndefined()
    const me = generated.paths['/api/me']?.['get']
    expect(me && codesOf(me).get(401)).toEqual(['session_expired'])
    expect(me?.security).toEqual([{ bearer: [] }])
    for (const [name, operation] of Object.entries(generated.paths).flatMap(([p, item]) => Object.entries(item).map(([m, op]) => [`${m} ${p}`, op] as const))) {
      expect(codesOf(operation).get(500), name).toContain('internal_error')
    }
  })

  it('carries every error code of docs/api.md, and none it does not list', () => {
    const api = readFileSync(join(ROOT, 'docs/api.md'), 'utf8')
    const table = api.slice(api.indexOf('### Every error code'), api.indexOf('## The user object'))
    // The first cell of each row (the header row names the column `error`).
    const rows = table.split('\n').filter((line) => line.startsWith('| `') && !line.startsWith('| `error` |'))
    const documented = new Set(rows.flatMap((row) => [...(row.split('|')[1] ?? '').matchAll(/`([a-z0-9_]+)`/g)].map((m) => m[1] ?? '')))
    const inDocument = new Set(Object.values(generated.paths).flatMap((item) => Object.values(item).flatMap((op) => [...codesOf(op).values()].flat())))
    expect([...inDocument].filter((c) => !documented.has(c)), 'in the document, not in docs/api.md').toEqual([])
    expect([...documented].filter((c) => !inDocument.has(c)), 'in docs/api.md, not in the document').toEqual([])
  })
})

describe(`GET ${OPENAPI_PATH}`, () => {
  let server: StartedServer
  beforeAll(async () => {
    server = await startServer()
  })
  afterAll(async () => {
    await server.close()
  })

  it('serves the document in development', async () => {
    const response = await server.app.inject({ url: OPENAPI_PATH })
    expect(response.statusCode).toBe(200)
    expect(response.json()).toMatchObject({ openapi: '3.1.0', paths: { '/api/auth/login': expect.any(Object) } })
  })

  it('is not there in production', async () => {
    const app = await buildApp({ ...loadConfig({ NODE_ENV: 'test', WX_API_BASE: 'http://127.0.0.1:9' }), logLevel: 'silent', production: true, wxEmulator: false })
    try {
      expect((await app.inject({ url: OPENAPI_PATH })).statusCode).toBe(404)
    } finally {
      await app.close()
    }
  })
})
