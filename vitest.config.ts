import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'
import vue from '@vitejs/plugin-vue'

const root = fileURLToPath(new URL('.', import.meta.url))

// Tests run without the uni plugin: the library reaches `uni` only through its
// platform adapter, and tests hand it a fake platform instead.
export default defineConfig({
  resolve: {
    alias: { '@/': root },
  },
  test: {
    projects: [
      {
        extends: true,
        plugins: [vue()],
        test: {
          name: 'client',
          environment: 'happy-dom',
          include: ['tests/**/*.spec.ts'],
          exclude: ['tests/server/**', 'tests/e2e/**', 'tests/integration/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'server',
          environment: 'node',
          include: ['tests/server/**/*.spec.ts', 'tests/integration/**/*.spec.ts'],
          testTimeout: 20_000,
          hookTimeout: 30_000,
        },
      },
    ],
  },
})
