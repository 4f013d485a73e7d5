import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { TestProject } from 'vitest/node'
import { freePort } from '../e2e/helpers/freePort'
import { buildMiniProgram } from './helpers/buildMiniProgram'
import type { MpEnv } from './helpers/mpEnv'

const rootDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')

/**
 * Builds the mp-weixin app once per run against a loopback port (dist/mp-test, away from
 * `build:mp-weixin`'s dist/build), for the spec files to stage, launch and drive.
 */
export default async function setup(project: TestProject): Promise<void> {
  const serverPort = await freePort()
  const outDir = path.join(rootDir, 'dist', 'mp-test')
  await buildMiniProgram({ rootDir, outDir, apiBaseURL: `http://127.0.0.1:${serverPort}` })
  const env: MpEnv = { outDir, serverPort }
  project.provide('mp', env)
}
