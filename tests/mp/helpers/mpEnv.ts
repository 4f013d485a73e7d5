import { inject } from 'vitest'

/** What the mini-program suite's global setup hands to the spec files. */
export interface MpEnv {
  /** The mp-weixin test build (dist/mp-test). */
  outDir: string
  /** The port the build was compiled against; each spec file starts the reference server on it. */
  serverPort: number
}

declare module 'vitest' {
  export interface ProvidedContext {
    mp: MpEnv
  }
}

/** Reads the {@link MpEnv}; fails clearly when run outside the "mp" vitest project. */
export function mpEnv(): MpEnv {
  const env = inject('mp')
  if (env === undefined) throw new Error('[mp] no environment provided: run these tests through the "mp" vitest project (npx vitest run --project mp)')
  return env
}
