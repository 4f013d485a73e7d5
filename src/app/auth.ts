import { createAuth } from '@/src/auth/createAuth'
import { readConfig } from './config'
import { createAppPlatform } from './createAppPlatform'

/** The app's settings, validated at start-up (a bad env variable stops the app with a clear message). */
export const config = readConfig(import.meta.env)

/** The app's one login-state manager; pages reach it through the store, the guard and `api.ts`. */
export const auth = createAuth({
  platform: createAppPlatform(config),
  baseURL: config.apiBaseURL,
})
