import { mkdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { build } from 'esbuild'
import type LuchRequestClass from 'luch-request'

/**
 * luch-request ships only its ES source, whose directory imports (`./utils`) Node cannot resolve
 * (bundlers can, which is how apps use it). The bench bundles that source once with esbuild into
 * node_modules/.cache and loads the result, so the very code an app bundles runs here.
 */
async function loadLuchRequest(): Promise<typeof LuchRequestClass> {
  const require = createRequire(import.meta.url)
  const entry = require.resolve('luch-request')
  const outfile = path.join(path.dirname(require.resolve('luch-request/package.json')), '../.cache/bench-luch-request.mjs')
  mkdirSync(path.dirname(outfile), { recursive: true })
  await build({ entryPoints: [entry], bundle: true, format: 'esm', platform: 'neutral', outfile, logLevel: 'silent' })
  const mod = (await import(pathToFileURL(outfile).href)) as { default: typeof LuchRequestClass }
  return mod.default
}

/** luch-request's `Request` class, as the bench's Node process can run it. */
export const LuchRequest = await loadLuchRequest()
