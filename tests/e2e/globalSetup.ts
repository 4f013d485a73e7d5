import { mkdir, rm } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { TestProject } from 'vitest/node'
import { buildH5 } from './helpers/buildH5'
import { chromiumSkipReason } from './helpers/chromiumPath'
import { freePort } from './helpers/freePort'
import { startStaticServer, type StaticServer } from './helpers/staticServer'
import type { E2eEnv } from './helpers/e2eEnv'

const rootDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')

/**
 * Prepares the browser suite once per run: picks the reference server's port, builds the H5 app in
 * emulator mode against it (into dist/e2e-h5, away from `build:h5`'s output) and serves the build
 * from a static server. The reference server itself starts inside the test file, so the tests can
 * stop it and start it again on the same port. Without Chromium the suite is skipped (failed on CI).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const artifactsDir = path.join(rootDir, 'artifacts', 'e2e')
  const skipReason = chromiumSkipReason()
  if (skipReason !== null) {
    console.warn(`\n\n  ⚠⚠⚠  SKIPPING THE BROWSER TESTS: ${skipReason}  ⚠⚠⚠\n\n`)
    const env: E2eEnv = { skipReason, appURL: '', serverPort: 0, artifactsDir }
    project.provide('e2e', env)
    return async () => {}
  }

  const serverPort = await freePort()
  const outDir = path.join(rootDir, 'dist', 'e2e-h5')
  await buildH5({ rootDir, outDir, apiBaseURL: `http://127.0.0.1:${serverPort}` })
  // Screenshots of an earlier run must not pass for this run's.
  await rm(artifactsDir, { recursive: true, force: true })
  await mkdir(artifactsDir, { recursive: true })

  const site: StaticServer = await startStaticServer(outDir)
  const env: E2eEnv = { skipReason: null, appURL: site.url, serverPort, artifactsDir }
  project.provide('e2e', env)
  return () => site.close()
}
