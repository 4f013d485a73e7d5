import { inject } from 'vitest'

/** What the global setup hands to the browser tests. */
export interface E2eEnv {
  /** Why the suite is skipped (no Chromium), or `null` when it runs. */
  skipReason: string | null
  /** Origin of the static server holding the emulator-mode H5 build. */
  appURL: string
  /** The port the H5 build was compiled against; the tests start the reference server on it. */
  serverPort: number
  /** Where step screenshots go (artifacts/e2e, git-ignored). */
  artifactsDir: string
}

declare module 'vitest' {
  export interface ProvidedContext {
    e2e: E2eEnv
  }
}

/** Reads the {@link E2eEnv} the global setup provided; fails clearly when run outside the e2e project. */
export function e2eEnv(): E2eEnv {
  const env = inject('e2e')
  if (env === undefined) {
    throw new Error('[e2e] no environment provided: run these tests through the "e2e" vitest project (npx vitest run --project e2e)')
  }
  return env
}
