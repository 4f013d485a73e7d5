import { execFileSync } from 'node:child_process'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type * as Root from 'wx-login-state'
import type * as Testing from 'wx-login-state/testing'

/** The parts of the built package the overhead bench calls: the root entry's createAuth and the test doubles. */
export interface BuiltLibrary {
  createAuth: typeof Root.createAuth
  createFakePlatform: typeof Testing.createFakePlatform
  createFakeBackend: typeof Testing.createFakeBackend
}

const PACKAGE_DIR = path.resolve(import.meta.dirname, '../../packages/wx-login-state')

/**
 * Builds the package as it is published (`scripts/build.ts`: tsc into `packages/wx-login-state/dist`, ignored by
 * git) and imports that JavaScript. The bench runs under tsx, whose transform wraps every function it defines in a
 * name-keeping helper; timing the sources would charge each closure the client makes per request with a cost no
 * app pays, so the overhead is measured on the code apps run.
 */
export async function loadBuiltLibrary(): Promise<BuiltLibrary> {
  execFileSync(process.execPath, [path.join(PACKAGE_DIR, '../../node_modules/tsx/dist/cli.mjs'), 'scripts/build.ts'], {
    cwd: PACKAGE_DIR,
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  const entry = (file: string): string => pathToFileURL(path.join(PACKAGE_DIR, 'dist', file)).href
  const root = (await import(entry('index.js'))) as typeof Root
  const testing = (await import(entry('testing/index.js'))) as typeof Testing
  return { createAuth: root.createAuth, createFakePlatform: testing.createFakePlatform, createFakeBackend: testing.createFakeBackend }
}
