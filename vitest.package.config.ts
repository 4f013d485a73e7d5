import { defineConfig } from 'vitest/config'
import { ownHmrPort } from './testkit/ownHmrPort'

// The package tests install and build a fresh uni-app project (minutes, not seconds), so they run on
// their own: `npm run test:package` packs the library first (docs/testing.md).
export default defineConfig({
  plugins: [ownHmrPort()],
  test: {
    name: 'package',
    environment: 'node',
    include: ['tests/package/**/*.spec.ts'],
    testTimeout: 240_000,
    hookTimeout: 400_000,
    pool: 'forks',
    poolOptions: { forks: { singleFork: true } },
  },
})
